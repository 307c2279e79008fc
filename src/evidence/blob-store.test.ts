import { createHash, randomBytes } from "node:crypto";
import {
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AppError } from "../core/errors.js";
import { type BlobStore, createBlobStore } from "./blob-store.js";

const ORG = "org-1";
const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");

/** A source that yields `data` in uneven pieces, as a socket would. */
const source = (data: Buffer, piece = 7919): Readable => {
  const parts: Buffer[] = [];
  for (let i = 0; i < data.length; i += piece) parts.push(data.subarray(i, i + piece));
  return Readable.from(parts, { objectMode: false });
};

const readAll = async (s: Readable): Promise<Buffer> => {
  const chunks: Buffer[] = [];
  for await (const c of s) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
};

const expectIntegrity = async (p: Promise<unknown>) => {
  const error = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe("INTEGRITY");
};

describe("blob store", () => {
  let dir: string;
  let store: BlobStore;
  const key = randomBytes(32);
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "fw-blob-"));
    // Small chunks so a few kilobytes exercise many chunks and the chunk boundaries.
    store = createBlobStore(dir, { chunkBytes: 1024 });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it.each([0, 1, 1023, 1024, 1025, 2048, 10_000])("round-trips %i bytes exactly", async (n) => {
    const data = randomBytes(n);
    const blob = await store.write(ORG, key, source(data, 333), { maxBytes: 1_000_000 });
    expect(blob).toMatchObject({ sha256: sha(data), size: n, created: true });
    expect(blob.sample.equals(data.subarray(0, 4100))).toBe(true);
    expect((await readAll(store.open(ORG, blob.sha256, key))).equals(data)).toBe(true);
    await store.verify(ORG, blob.sha256, key);
    // header + one tag per chunk (at least one chunk, even when empty)
    const chunks = Math.max(1, Math.ceil(n / 1024));
    expect(statSync(store.pathOf(ORG, blob.sha256)).size).toBe(40 + n + 16 * chunks);
    expect(await store.listTemporary()).toEqual([]);
  });

  it("stores the same bytes once per organization and never in plaintext", async () => {
    const data = Buffer.from("MARKER-0123456789 ".repeat(200));
    const a = await store.write(ORG, key, source(data), { maxBytes: 1_000_000 });
    const b = await store.write(ORG, key, source(data), { maxBytes: 1_000_000 });
    expect(a.created).toBe(true);
    expect(b.created).toBe(false);
    expect(readdirSync(join(dir, "evidence", ORG))).toEqual([a.sha256]);
    expect(readFileSync(store.pathOf(ORG, a.sha256)).includes("MARKER-0123456789")).toBe(false);
  });

  it("refuses one byte over the limit, naming it, and leaves no temporary file", async () => {
    const error = await store
      .write(ORG, key, source(randomBytes(2049)), { maxBytes: 2048 })
      .catch((e: unknown) => e as AppError);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("PAYLOAD_TOO_LARGE");
    expect((error as AppError).message).toContain("2048 bytes");
    expect(await store.listTemporary()).toEqual([]);
    expect(readdirSync(join(dir, "evidence", ORG))).toEqual([]);
    await store.write(ORG, key, source(randomBytes(2048)), { maxBytes: 2048 });
  });

  it("reports an interrupted source as a validation error and cleans up", async () => {
    const broken = new Readable({
      read() {
        this.push(Buffer.alloc(100));
        this.destroy(new Error("socket hang up"));
      },
    });
    const error = await store
      .write(ORG, key, broken, { maxBytes: 10_000 })
      .catch((e: unknown) => e as AppError);
    expect((error as AppError).code).toBe("VALIDATION");
    expect(await store.listTemporary()).toEqual([]);
    // A source destroyed before the write starts emits nothing more; it must not hang.
    const gone = new Readable({ read() {} });
    gone.destroy();
    const late = await store.write(ORG, key, gone, { maxBytes: 10_000 }).catch((e: unknown) => e as AppError);
    expect((late as AppError).code).toBe("VALIDATION");
    expect(await store.listTemporary()).toEqual([]);
  });

  describe("detects damage as INTEGRITY", () => {
    const data = randomBytes(5000);
    let name: string;
    let path: string;
    beforeEach(async () => {
      name = (await store.write(ORG, key, source(data), { maxBytes: 1_000_000 })).sha256;
      path = store.pathOf(ORG, name);
    });

    it("a flipped byte in any chunk, the header or a tag", async () => {
      for (const offset of [0, 5, 40, 40 + 1024 + 3, 40 + 1040 * 2 + 1030, statSync(path).size - 1]) {
        const original = readFileSync(path);
        const damaged = Buffer.from(original);
        damaged[offset] = (damaged[offset] ?? 0) ^ 0x01;
        writeFileSync(path, damaged);
        await expectIntegrity(store.verify(ORG, name, key));
        await expectIntegrity(readAll(store.open(ORG, name, key)));
        writeFileSync(path, original);
      }
      await store.verify(ORG, name, key);
    });

    it("truncation at a chunk boundary or inside a chunk", async () => {
      const original = readFileSync(path);
      for (const size of [40 + 1040, 40 + 1040 * 3, original.length - 1, 30]) {
        writeFileSync(path, original);
        truncateSync(path, size);
        await expectIntegrity(store.verify(ORG, name, key));
      }
    });

    it("a wrong key, a blob under another name, a missing blob", async () => {
      await expectIntegrity(store.verify(ORG, name, randomBytes(32)));
      const other = await store.write(ORG, key, source(randomBytes(100)), { maxBytes: 1_000_000 });
      renameSync(store.pathOf(ORG, other.sha256), path);
      await expectIntegrity(store.verify(ORG, name, key));
      rmSync(path);
      await expectIntegrity(store.verify(ORG, name, key));
    });
  });
});
