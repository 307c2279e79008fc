import { describe, expect, it } from "vitest";
import { detectMediaType } from "./media-type.js";

const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
  "base64",
);

const detect = (content: string | Buffer, complete = true) =>
  detectMediaType(typeof content === "string" ? Buffer.from(content) : content, complete);

describe("media type from content", () => {
  it("knows binary formats by their magic numbers", async () => {
    expect(await detect(PNG)).toBe("image/png");
    expect(await detect(Buffer.from("%PDF-1.7\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n"))).toBe("application/pdf");
    expect(await detect(Buffer.from([0x50, 0x4b, 0x03, 0x04, ...Buffer.alloc(40)]))).toMatch(/zip/);
  });

  it("sniffs JSON, CSV and plain text", async () => {
    expect(await detect('{"users": [1, 2]}')).toBe("application/json");
    expect(await detect("[]")).toBe("application/json");
    expect(await detect('{"truncated": [1, 2, 3', false)).toBe("application/json");
    expect(await detect("{not json}")).toBe("text/plain");
    expect(await detect("user,arn,mfa\nalice,arn:1,true\nbob,arn:2,false\n")).toBe("text/csv");
    expect(await detect('name,note\n"Rao, Asha","said ""hi"""\n')).toBe("text/csv");
    expect(await detect("\ufeffa,b\n1,2\n")).toBe("text/csv");
    expect(await detect("Hello, world.\nThis is a note, with commas, here.\n")).toBe("text/plain");
    expect(await detect("just one line, with a comma")).toBe("text/plain");
    expect(await detect("")).toBe("text/plain");
  });

  it("accepts a sample cut inside a multi-byte character", async () => {
    const text = Buffer.from(`a,b\n1,x\n2,${"é".repeat(3000)}\n`);
    expect(await detect(text.subarray(0, 4100), false)).toBe("text/csv");
    expect(await detect(Buffer.from(`${"₹".repeat(1500)}`).subarray(0, 4100), false)).toBe("text/plain");
  });

  it("calls anything else binary", async () => {
    expect(await detect(Buffer.from([0x00, 0x01, 0x02, 0xff, 0xfe]))).toBe("application/octet-stream");
    expect(await detect(Buffer.from([0xc3, 0x28, 0x41]))).toBe("application/octet-stream");
  });
});
