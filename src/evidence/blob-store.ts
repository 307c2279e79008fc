/**
 * The evidence blob store: files under `<dataDir>/evidence/<orgId>/<sha256>`, named by the SHA-256
 * of their plaintext (so the same bytes uploaded twice by one organization are stored once) and
 * encrypted with AES-256-GCM under the organization's data key. Uploads are streamed: the bytes are
 * hashed and encrypted in one pass into a temporary file in `<dataDir>/evidence/tmp`, which is
 * flushed to disk and then moved into place atomically; no file is ever held in memory whole.
 *
 * Blob format, version 1 (chunked, in the manner of the STREAM construction):
 *
 *   header  40 bytes  "FWB1" | chunk size (uint32 BE, plaintext bytes per chunk) | salt (32 random bytes)
 *   chunks            AES-256-GCM ciphertext of each chunk followed by its 16-byte tag
 *
 * - Each blob has its own key: HKDF-SHA256(organization data key, salt, "fieldwork evidence blob v1").
 * - Chunk i (from 0) uses the nonce 0x00×7 | i (uint32 BE) | final flag (1 on the last chunk, else 0).
 * - Every chunk authenticates the header as associated data; the last chunk also authenticates the
 *   SHA-256 of the whole plaintext, which binds the blob to its name.
 * - Every chunk but the last holds exactly `chunk size` plaintext bytes; the last holds 0…chunk size
 *   (an empty file is one empty final chunk). Truncation, reordering, a changed byte, a blob moved to
 *   another name or a wrong key all fail authentication, reported as AppError INTEGRITY.
 */
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes, randomUUID } from "node:crypto";
import { close, createWriteStream, fdatasync, fsync, open as openFd, type WriteStream } from "node:fs";
import { link, mkdir, open, readdir, rename, rm, stat, unlink } from "node:fs/promises";
import { join } from "node:path";
import { Readable } from "node:stream";
import { promisify } from "node:util";
import { Worker } from "node:worker_threads";
import { AppError } from "../core/errors.js";
import { MEDIA_TYPE_SAMPLE_BYTES } from "./media-type.js";

const MAGIC = Buffer.from("FWB1", "ascii");
const SALT_BYTES = 32;
const HEADER_BYTES = MAGIC.length + 4 + SALT_BYTES;
const TAG_BYTES = 16;
const HKDF_INFO = Buffer.from("fieldwork evidence blob v1", "ascii");
/** 1 MiB: large enough that per-chunk cipher set-up is negligible, small enough to stream. */
export const DEFAULT_CHUNK_BYTES = 1024 * 1024;
/**
 * A durable write flushes in the background every this many bytes, so the disk writes while the
 * upload is still arriving instead of all at the final fsync (the kernel would otherwise hold a whole
 * large upload in the page cache until then).
 */
const FLUSH_EVERY_BYTES = 32 * 1024 * 1024;

/**
 * SHA-256 of a blob's plaintext, chunk by chunk in order. A blob of more than one chunk is hashed in a
 * worker thread while this thread encrypts and writes (the two costs are similar, so this nearly
 * halves the CPU time on the upload's path); a one-chunk blob is hashed here, without a worker.
 */
interface Hasher {
  /** `chunk` may be handed over to the worker: the caller must not use it afterwards. */
  update(chunk: Buffer): void;
  /** A buffer of `size` bytes the worker has finished with, for the next chunk; null when none. */
  reuse(size: number): Buffer | null;
  digest(): Promise<Buffer>;
  stop(): void;
}

const localHasher = (): Hasher => {
  const hash = createHash("sha256");
  return {
    update: (chunk) => {
      hash.update(chunk);
    },
    reuse: () => null,
    digest: async () => hash.digest(),
    stop: () => undefined,
  };
};

// Plain JavaScript evaluated in the worker, so it runs the same from sources (tsx) and from dist/.
// Each hashed chunk's memory is moved back for reuse, so an upload holds a few chunks, not garbage.
const HASH_WORKER = `
const { parentPort } = require("node:worker_threads");
const hash = require("node:crypto").createHash("sha256");
parentPort.on("message", (chunk) => {
  if (chunk === null) return parentPort.postMessage({ digest: hash.digest() });
  hash.update(chunk);
  if (chunk.byteOffset === 0 && chunk.byteLength === chunk.buffer.byteLength) {
    parentPort.postMessage({ free: chunk.buffer }, [chunk.buffer]);
  }
});`;

const workerHasher = (): Hasher => {
  const worker = new Worker(HASH_WORKER, { eval: true });
  let failure: Error | null = null;
  const free: ArrayBuffer[] = [];
  let onDigest: ((digest: Buffer) => void) | null = null;
  worker.on("error", (error) => {
    failure = error;
  });
  worker.on("message", (message: { free?: ArrayBuffer; digest?: Uint8Array }) => {
    if (message.free) free.push(message.free);
    else if (message.digest) onDigest?.(Buffer.from(message.digest));
  });
  return {
    update: (chunk) => {
      // A chunk that owns its whole memory is moved, not copied.
      const owned = chunk.byteOffset === 0 && chunk.byteLength === chunk.buffer.byteLength;
      worker.postMessage(chunk, owned ? [chunk.buffer as ArrayBuffer] : []);
    },
    reuse: (size) => {
      const buffer = free.pop();
      return buffer && buffer.byteLength === size ? Buffer.from(buffer) : null;
    },
    digest: () =>
      new Promise<Buffer>((resolve, reject) => {
        if (failure) return reject(failure);
        onDigest = (digest) => {
          resolve(digest);
          void worker.terminate();
        };
        worker.once("error", reject);
        worker.postMessage(null);
      }),
    stop: () => {
      void worker.terminate();
    },
  };
};

export interface StoredBlob {
  readonly sha256: string;
  readonly size: number;
  /** The first bytes of the plaintext, for media type detection. */
  readonly sample: Buffer;
  /** False when the organization already had a blob with these bytes (deduplicated). */
  readonly created: boolean;
}

export interface WriteOptions {
  /** Largest plaintext accepted; one byte more aborts the write with PAYLOAD_TOO_LARGE. */
  readonly maxBytes: number;
  /** What the limit is called in the error message, e.g. "the evidence size limit". */
  readonly limitName?: string;
  /** Sees every plaintext chunk as it passes (a caller that also needs the bytes, e.g. an importer). */
  readonly onChunk?: (chunk: Buffer) => void;
}

export interface BlobStore {
  readonly root: string;
  pathOf(orgId: string, sha256: string): string;
  /** Streams `source` into the store. Leaves `source` paused (never destroyed) when it fails. */
  write(orgId: string, dataKey: Buffer, source: Readable, options: WriteOptions): Promise<StoredBlob>;
  /** Reads the whole blob and checks every tag; throws INTEGRITY when anything is wrong. */
  verify(orgId: string, sha256: string, dataKey: Buffer): Promise<void>;
  /** The decrypted plaintext as a stream; a damaged chunk ends it with an INTEGRITY error. */
  open(orgId: string, sha256: string, dataKey: Buffer): Readable;
  exists(orgId: string, sha256: string): Promise<boolean>;
  remove(orgId: string, sha256: string): Promise<void>;
  /** Temporary files of unfinished uploads (tests, and a clean-up at start). */
  listTemporary(): Promise<string[]>;
}

const SAFE_SEGMENT = /^[A-Za-z0-9_-]{1,100}$/;
const SHA256_HEX = /^[0-9a-f]{64}$/;

const checkName = (orgId: string, sha256: string): void => {
  // Both come from the database, never from a user, but a path is built from them.
  if (!SAFE_SEGMENT.test(orgId) || !SHA256_HEX.test(sha256)) {
    throw new AppError("INTERNAL", "An evidence blob name is malformed.");
  }
};

const blobKey = (dataKey: Buffer, salt: Buffer): Buffer =>
  Buffer.from(hkdfSync("sha256", dataKey, salt, HKDF_INFO, 32));

const nonce = (index: number, last: boolean): Buffer => {
  const n = Buffer.alloc(12);
  n.writeUInt32BE(index, 7);
  n[11] = last ? 1 : 0;
  return n;
};

export const formatBytes = (bytes: number): string => {
  const mb = bytes / (1024 * 1024);
  if (mb >= 1) return `${Number.isInteger(mb) ? mb : mb.toFixed(1)} MB`;
  return `${bytes} bytes`;
};

export const tooLarge = (maxBytes: number, limitName = "the evidence size limit"): AppError =>
  new AppError(
    "PAYLOAD_TOO_LARGE",
    `The file is larger than ${limitName} of ${formatBytes(maxBytes)} (${maxBytes} bytes); upload a smaller file or raise FIELDWORK_EVIDENCE_MAX_BYTES on the server.`,
    { maxBytes },
  );

const interrupted = (): AppError =>
  new AppError("VALIDATION", "The upload was interrupted before the whole file arrived; send it again.");

/**
 * Feeds every chunk of `source` to `onChunk`, honouring back-pressure when it returns a promise.
 * Unlike `pipeline` or `for await`, a failure leaves `source` paused rather than destroyed, so an
 * HTTP request can still be answered (a destroyed request takes its socket with it).
 */
const consume = (source: Readable, onChunk: (chunk: Buffer) => Promise<unknown> | undefined): Promise<void> =>
  new Promise((resolve, reject) => {
    let settled = false;
    const settle = (error?: unknown) => {
      if (settled) return;
      settled = true;
      source.off("data", onData);
      source.off("end", onEnd);
      source.off("error", onError);
      source.off("close", onClose);
      if (error === undefined) resolve();
      else {
        source.pause();
        reject(error);
      }
    };
    const onData = (chunk: Buffer | string) => {
      let wait: Promise<unknown> | undefined;
      try {
        wait = onChunk(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
      } catch (error) {
        settle(error);
        return;
      }
      if (wait) {
        source.pause();
        wait.then(() => {
          if (!settled) source.resume();
        }, settle);
      }
    };
    const onEnd = () => settle();
    const onError = () => settle(interrupted());
    const onClose = () => settle(interrupted());
    // A late error after we stopped listening must not crash the process.
    source.on("error", () => undefined);
    // A stream destroyed before we got it (a multipart body cut off inside the file) emits nothing more.
    if (source.destroyed && !source.readableEnded) {
      settle(interrupted());
      return;
    }
    source.on("data", onData);
    source.on("end", onEnd);
    source.on("error", onError);
    source.on("close", onClose);
    source.resume();
  });

const waitForWrite = (ws: WriteStream): Promise<void> =>
  new Promise((resolve, reject) => {
    const done = (error?: Error | null) => {
      ws.off("drain", onDrain);
      ws.off("error", done);
      if (error) reject(error);
      else resolve();
    };
    const onDrain = () => done();
    ws.on("drain", onDrain);
    ws.on("error", done);
  });

/** Ends the stream and waits until every write reached the descriptor. */
const closeWriter = (ws: WriteStream): Promise<void> =>
  new Promise((resolve, reject) => {
    ws.once("error", reject);
    ws.end(() => resolve());
  });

const fsyncPath = async (path: string): Promise<void> => {
  const handle = await open(path, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
};

/** Places the finished temporary file at `target` unless a blob is already there (same bytes). */
const publish = async (temp: string, target: string): Promise<boolean> => {
  try {
    await link(temp, target);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EEXIST") return false;
    if (code !== "EPERM" && code !== "ENOTSUP" && code !== "EXDEV") throw error;
    // A file system without hard links: a rename is still atomic, and a concurrent writer of the
    // same bytes would only replace the blob with an equally valid encryption of them.
    await rename(temp, target);
  }
  return true;
};

async function* decryptChunks(path: string, dataKey: Buffer, sha256: string): AsyncGenerator<Buffer> {
  const damaged = (why: string) =>
    new AppError(
      "INTEGRITY",
      `The stored evidence file is damaged or was altered (${why}); it cannot be served.`,
      {
        sha256,
      },
    );
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, "r");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") throw damaged("the file is missing");
    throw error;
  }
  try {
    const { size } = await handle.stat();
    const header = Buffer.alloc(HEADER_BYTES);
    if (size < HEADER_BYTES + TAG_BYTES) throw damaged("too short");
    await handle.read(header, 0, HEADER_BYTES, 0);
    if (!header.subarray(0, MAGIC.length).equals(MAGIC)) throw damaged("unknown format");
    const chunkBytes = header.readUInt32BE(MAGIC.length);
    if (chunkBytes < 1 || chunkBytes > 64 * 1024 * 1024) throw damaged("bad chunk size");
    const key = blobKey(dataKey, header.subarray(MAGIC.length + 4));
    const sealed = chunkBytes + TAG_BYTES;
    const body = size - HEADER_BYTES;
    const count = Math.max(1, Math.ceil(body / sealed));
    const lastBytes = body - (count - 1) * sealed;
    if (lastBytes < TAG_BYTES) throw damaged("truncated");
    const finalAad = Buffer.concat([header, Buffer.from(sha256, "hex")]);
    const buffer = Buffer.allocUnsafe(sealed);
    for (let i = 0; i < count; i++) {
      const last = i === count - 1;
      const length = last ? lastBytes : sealed;
      const { bytesRead } = await handle.read(buffer, 0, length, HEADER_BYTES + i * sealed);
      if (bytesRead !== length) throw damaged("short read");
      const decipher = createDecipheriv("aes-256-gcm", key, nonce(i, last));
      decipher.setAAD(last ? finalAad : header);
      decipher.setAuthTag(buffer.subarray(length - TAG_BYTES, length));
      let plain: Buffer;
      try {
        plain = Buffer.concat([decipher.update(buffer.subarray(0, length - TAG_BYTES)), decipher.final()]);
      } catch {
        throw damaged(`chunk ${i + 1} of ${count} fails authentication`);
      }
      yield plain;
    }
  } finally {
    await handle.close();
  }
}

export interface BlobStoreOptions {
  /** Plaintext bytes per chunk (tests use small chunks to cross many boundaries). */
  readonly chunkBytes?: number;
  /**
   * Flush each blob to disk (fsync of the file and its directory) before the database row that
   * refers to it is written. On by default; off only for measuring the pipeline without the disk.
   */
  readonly durable?: boolean;
}

export const createBlobStore = (dataDir: string, options: BlobStoreOptions = {}): BlobStore => {
  const chunkBytes = options.chunkBytes ?? DEFAULT_CHUNK_BYTES;
  const durable = options.durable ?? true;
  const root = join(dataDir, "evidence");
  const tempDir = join(root, "tmp");
  const pathOf = (orgId: string, sha256: string) => {
    checkName(orgId, sha256);
    return join(root, orgId, sha256);
  };

  const write = async (
    orgId: string,
    dataKey: Buffer,
    source: Readable,
    options: WriteOptions,
  ): Promise<StoredBlob> => {
    checkName(orgId, "0".repeat(64));
    await mkdir(tempDir, { recursive: true, mode: 0o700 });
    await mkdir(join(root, orgId), { recursive: true, mode: 0o700 });
    const temp = join(tempDir, `${randomUUID()}.part`);
    // A plain descriptor (not a FileHandle, which a stream keeps referenced): the stream leaves it
    // open, and it is flushed and closed here.
    const fd = await promisify(openFd)(temp, "wx", 0o600);
    const ws = createWriteStream(temp, { fd, autoClose: false, highWaterMark: 4 * chunkBytes });
    let writeError: Error | null = null;
    ws.on("error", (error) => {
      writeError = error;
    });
    const header = Buffer.alloc(HEADER_BYTES);
    MAGIC.copy(header, 0);
    header.writeUInt32BE(chunkBytes, MAGIC.length);
    randomBytes(SALT_BYTES).copy(header, MAGIC.length + 4);
    const key = blobKey(dataKey, header.subarray(MAGIC.length + 4));
    let hasher: Hasher | null = null;
    // Each full chunk gets its own memory, so it can be moved to the hashing worker once sealed.
    let pending: Buffer = Buffer.allocUnsafeSlow(chunkBytes);
    const sampleParts: Buffer[] = [];
    let sampled = 0;
    let fill = 0;
    let index = 0;
    let size = 0;

    let unflushed = 0;
    let flushing: Promise<void> | null = null;
    const flushInBackground = () => {
      if (!durable || flushing || unflushed < FLUSH_EVERY_BYTES) return;
      unflushed = 0;
      flushing = promisify(fdatasync)(fd)
        .catch(() => undefined)
        .then(() => {
          flushing = null;
        });
    };

    const seal = (plain: Buffer, last: boolean, aad: Buffer) => {
      const cipher = createCipheriv("aes-256-gcm", key, nonce(index, last));
      cipher.setAAD(aad);
      ws.write(cipher.update(plain));
      cipher.final();
      ws.write(cipher.getAuthTag());
      unflushed += plain.length + TAG_BYTES;
      flushInBackground();
      index += 1;
    };

    try {
      ws.write(header);
      await consume(source, (chunk) => {
        if (writeError) throw writeError;
        size += chunk.length;
        if (size > options.maxBytes) throw tooLarge(options.maxBytes, options.limitName);
        options.onChunk?.(chunk);
        if (sampled < MEDIA_TYPE_SAMPLE_BYTES) {
          const part = chunk.subarray(0, MEDIA_TYPE_SAMPLE_BYTES - sampled);
          sampleParts.push(Buffer.from(part));
          sampled += part.length;
        }
        let offset = 0;
        while (offset < chunk.length) {
          // A full chunk is sealed only once more data arrives: the last chunk is sealed differently.
          if (fill === chunkBytes) {
            seal(pending, false, header);
            hasher ??= workerHasher();
            hasher.update(pending);
            pending = hasher.reuse(chunkBytes) ?? Buffer.allocUnsafeSlow(chunkBytes);
            fill = 0;
          }
          const copied = chunk.copy(pending, fill, offset);
          fill += copied;
          offset += copied;
        }
        return ws.writableNeedDrain ? waitForWrite(ws) : undefined;
      });
      const last = pending.subarray(0, fill);
      hasher ??= localHasher();
      hasher.update(Buffer.from(last));
      const digest = await hasher.digest();
      seal(last, true, Buffer.concat([header, digest]));
      await closeWriter(ws);
      if (writeError) throw writeError;
      await flushing;
      // The blob must be on disk before the database row that refers to it is committed.
      if (durable) await promisify(fsync)(fd);
      await promisify(close)(fd);
      const sha256 = digest.toString("hex");
      const created = await publish(temp, pathOf(orgId, sha256));
      await rm(temp, { force: true });
      if (created && durable) await fsyncPath(join(root, orgId));
      return { sha256, size, sample: Buffer.concat(sampleParts), created };
    } catch (error) {
      hasher?.stop();
      // Wait for the stream's in-flight write before closing the descriptor, or the write could land
      // in another file that reuses the descriptor number.
      await new Promise<void>((resolve) => {
        if (ws.closed) resolve();
        else ws.once("close", () => resolve());
        ws.destroy();
      });
      await flushing;
      await promisify(close)(fd).catch(() => undefined);
      await rm(temp, { force: true });
      throw error;
    }
  };

  const openPlaintext = (orgId: string, sha256: string, dataKey: Buffer): Readable =>
    Readable.from(decryptChunks(pathOf(orgId, sha256), dataKey, sha256), { objectMode: false });

  const verify = async (orgId: string, sha256: string, dataKey: Buffer): Promise<void> => {
    for await (const _ of decryptChunks(pathOf(orgId, sha256), dataKey, sha256)) {
      // reading checks each chunk's tag
    }
  };

  const exists = async (orgId: string, sha256: string): Promise<boolean> => {
    try {
      await stat(pathOf(orgId, sha256));
      return true;
    } catch {
      return false;
    }
  };

  const remove = async (orgId: string, sha256: string): Promise<void> => {
    try {
      await unlink(pathOf(orgId, sha256));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
  };

  const listTemporary = async (): Promise<string[]> => {
    try {
      return (await readdir(tempDir)).map((f) => join(tempDir, f));
    } catch {
      return [];
    }
  };

  return { root, pathOf, write, verify, open: openPlaintext, exists, remove, listTemporary };
};
