import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoCertificate, demoManifest, makePdf, signDemoPdf } from "../fixtures/reports-sign/kit.js";
import { runFieldwork } from "../support/cli.js";

const work = mkdtempSync(join(tmpdir(), "fw-cli-report-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const file = (name: string, bytes: Uint8Array): string => {
  const path = join(work, name);
  writeFileSync(path, bytes);
  return path;
};

let signed: Buffer;
let intact: string;
beforeAll(async () => {
  signed = Buffer.from(await signDemoPdf());
  intact = file("report.pdf", signed);
});

/** One line on stderr, nothing on stdout, the given exit code. */
const expectFailure = async (args: string[], code: number, reason: RegExp) => {
  const r = await runFieldwork(args);
  expect(r.code).toBe(code);
  expect(r.stdout).toBe("");
  expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
  expect(r.stderr).toMatch(/^fieldwork: /);
  expect(r.stderr).toMatch(reason);
};

describe("fieldwork report verify", () => {
  it("prints signer, signing time, document hash and manifest root for an intact report", async () => {
    const r = await runFieldwork(["report", "verify", intact]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("signature valid, whole document signed");
    expect(r.stdout).toContain("Signer:            Dana Whitfield, CPA, Whitfield & Rowe LLP");
    expect(r.stdout).toContain("Signing time:      2026-11-20T15:30:00.000Z");
    const { createHash } = await import("node:crypto");
    expect(r.stdout).toContain(`Document SHA-256:  ${createHash("sha256").update(signed).digest("hex")}`);
    expect(r.stdout).toContain(`Manifest root:     ${demoManifest().root}`);
    expect(r.stdout).toContain(demoCertificate().fingerprint);
  });

  it("prints the same as JSON with --json", async () => {
    const r = await runFieldwork(["report", "verify", intact, "--json"]);
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout) as {
      status: string;
      signer: { name: string; fingerprint: string };
      signingTime: string;
      manifest: { root: string; items: unknown[] };
    };
    expect(result.status).toBe("valid");
    expect(result.signer.fingerprint).toBe(demoCertificate().fingerprint);
    expect(result.signingTime).toBe("2026-11-20T15:30:00.000Z");
    expect(result.manifest.root).toBe(demoManifest().root);
    expect(result.manifest.items).toHaveLength(4);
  });

  it("exits 4 naming the reason for an altered byte", async () => {
    const altered = Buffer.from(signed);
    const at = altered.indexOf("/MediaBox") + 12;
    altered[at] = (altered[at] ?? 0) ^ 0x01;
    await expectFailure(["report", "verify", file("altered.pdf", altered)], 4, /Digest mismatch/);
  });

  it("exits 4 for bytes appended after the signature", async () => {
    const appended = Buffer.concat([signed, Buffer.from("\n%%EOF\n")]);
    await expectFailure(["report", "verify", file("appended.pdf", appended)], 4, /bytes were appended/);
  });

  it("exits 4 with 'not signed' for an unsigned PDF", async () => {
    await expectFailure(["report", "verify", file("unsigned.pdf", await makePdf())], 4, /not signed/);
  });

  it("exits 4 for a removed or invalid signature", async () => {
    const m = /\/ByteRange \[0 (\d+) (\d+)/.exec(signed.toString("latin1"));
    const start = Number(m?.[1]) + 1;
    const end = Number(m?.[2]) - 1;
    const removed = Buffer.from(signed);
    removed.write("0".repeat(end - start), start, "latin1");
    await expectFailure(["report", "verify", file("removed.pdf", removed)], 4, /signature was removed/);
    const hex = signed
      .subarray(start, end)
      .toString("latin1")
      .replace(/(00)+$/, "");
    const invalid = Buffer.from(signed);
    const at = start + hex.length - 6;
    invalid.write(invalid[at] === 0x61 ? "b" : "a", at, "latin1");
    await expectFailure(
      ["report", "verify", file("invalid.pdf", invalid), "--json"],
      4,
      /signature is invalid/,
    );
  });

  it("exits 3 for a missing file, and for --deep without a database in the data directory", async () => {
    await expectFailure(["report", "verify", join(work, "nope.pdf")], 3, /no such file/);
    await expectFailure(
      ["report", "verify", intact, "--deep", "--data-dir", work],
      3,
      /holds no Fieldwork database/,
    );
  });
});
