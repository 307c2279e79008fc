/**
 * Population files on disk. The file as uploaded lives only in the organization's encrypted blob
 * store; DuckDB needs plaintext, so each piece of work gets a private copy (directory 0700, file
 * 0600) under `<data dir>/population-work/` that is deleted when the work ends, whatever happens.
 *
 * Also here: the format of a file (by extension, else by content), receiving an upload into the
 * blob store with a plaintext copy written in the same pass, and the bridge between a job and the
 * analytics calls (progress, heartbeat and cancellation).
 */
import { closeSync, createWriteStream, openSync, writeSync } from "node:fs";
import { chmod, mkdir, mkdtemp, readdir, rm, stat } from "node:fs/promises";
import { extname, join } from "node:path";
import { pipeline } from "node:stream/promises";
import { parse } from "csv-parse/sync";
import { AppError, invalid } from "../../core/errors.js";
import type { StoredBlob } from "../../evidence/blob-store.js";
import type { Deps } from "../deps.js";
import {
  blobStoreOf,
  cleanFileName,
  dataKeyFor,
  existingDataKey,
  type UploadPart,
} from "./evidence-model.js";
import type { PopulationFileFormat } from "./populations-model.js";

// ----- the private work area -----

export const workRoot = (deps: Pick<Deps, "config">): string => join(deps.config.dataDir, "population-work");

/** A fresh private directory; removed with everything in it by `release`. */
export const privateWorkDir = async (
  deps: Pick<Deps, "config">,
): Promise<{ dir: string; release(): Promise<void> }> => {
  const root = workRoot(deps);
  await mkdir(root, { recursive: true, mode: 0o700 });
  await chmod(root, 0o700);
  const dir = await mkdtemp(join(root, "w-"));
  await chmod(dir, 0o700);
  return { dir, release: () => rm(dir, { recursive: true, force: true }) };
};

/** Leftover work directories (tests check that none remain; a crash mid-job can leave one). */
export const listWorkDirs = async (deps: Pick<Deps, "config">): Promise<string[]> => {
  try {
    return await readdir(workRoot(deps));
  } catch {
    return [];
  }
};

/** Work directories older than this were left by a crashed process: no job runs that long unnoticed. */
export const STALE_WORK_MS = 6 * 60 * 60 * 1000;

/**
 * Removes plaintext work directories left by a process that died mid-job (they hold decrypted
 * population files). Young directories may belong to another process's running job and stay.
 */
export const sweepStaleWorkDirs = async (deps: Pick<Deps, "config" | "clock">): Promise<string[]> => {
  const cutoff = deps.clock().getTime() - STALE_WORK_MS;
  const removed: string[] = [];
  for (const name of await listWorkDirs(deps)) {
    const path = join(workRoot(deps), name);
    const info = await stat(path).catch(() => null);
    if (info && info.mtimeMs < cutoff) {
      await rm(path, { recursive: true, force: true });
      removed.push(name);
    }
  }
  return removed;
};

/**
 * Runs `work` on a plaintext copy of each stored file, deleting the copies afterwards. The copies
 * are decrypted (every chunk authenticated) before `work` starts; `signal` stops the decryption.
 */
export const withPlainCopies = async <T>(
  deps: Deps,
  orgId: string,
  files: readonly { sha256: string; format: PopulationFileFormat }[],
  signal: AbortSignal | undefined,
  work: (paths: string[], workDir: string) => Promise<T>,
): Promise<T> => {
  const area = await privateWorkDir(deps);
  try {
    const key = await existingDataKey(deps, orgId);
    const store = blobStoreOf(deps);
    const paths: string[] = [];
    for (const [i, f] of files.entries()) {
      if (!(await store.exists(orgId, f.sha256))) {
        throw new AppError("INTEGRITY", "The population's file is missing from the evidence store.");
      }
      const path = join(area.dir, `population-${i}.${f.format}`);
      await pipeline(
        store.open(orgId, f.sha256, key),
        createWriteStream(path, { mode: 0o600, flags: "wx" }),
        ...(signal ? [{ signal }] : []),
      );
      paths.push(path);
    }
    return await work(paths, area.dir);
  } finally {
    await area.release();
  }
};

// ----- formats -----

const BY_EXTENSION: Record<string, PopulationFileFormat> = {
  ".csv": "csv",
  ".tsv": "tsv",
  ".tab": "tsv",
  ".jsonl": "jsonl",
  ".ndjson": "jsonl",
  ".json": "jsonl",
  ".xlsx": "xlsx",
};

/**
 * The format of a population file: a ZIP signature is always xlsx; otherwise the extension decides
 * (.csv, .tsv/.tab, .jsonl/.ndjson/.json, .xlsx); without one the first bytes do ("{" → JSON lines,
 * a tab but no comma in the first line → TSV, else CSV).
 */
export const detectPopulationFormat = (fileName: string | null, head: Buffer): PopulationFileFormat => {
  if (head.length >= 4 && head.readUInt32BE(0) === 0x504b0304) return "xlsx";
  const byName = fileName ? BY_EXTENSION[extname(fileName).toLowerCase()] : undefined;
  if (byName && byName !== "xlsx") return byName;
  const text = head.toString("utf8").replace(/^\uFEFF/, "");
  if (text.trimStart().startsWith("{")) return "jsonl";
  const firstLine = text.split(/\r?\n/, 1)[0] ?? "";
  return firstLine.includes("\t") && !firstLine.includes(",") ? "tsv" : "csv";
};

/** The first bytes of a stored file (at most `max`). */
export const readHead = async (
  deps: Deps,
  orgId: string,
  sha256: string,
  max = 64 * 1024,
): Promise<Buffer> => {
  const key = await existingDataKey(deps, orgId);
  const stream = blobStoreOf(deps).open(orgId, sha256, key);
  const parts: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream) {
      parts.push(chunk as Buffer);
      size += (chunk as Buffer).length;
      if (size >= max) break;
    }
  } finally {
    stream.destroy();
  }
  return Buffer.concat(parts).subarray(0, max);
};

/**
 * The header names of a CSV or TSV file, trimmed (as the analytics name its columns), when its whole
 * first line is among the first bytes; null otherwise (or for other formats).
 */
export const headerColumns = (format: PopulationFileFormat, head: Buffer): string[] | null => {
  if (format !== "csv" && format !== "tsv") return null;
  const text = head.toString("utf8").replace(/^(?:\uFEFF)?(?:\r?\n)*/, "");
  const end = text.indexOf("\n");
  if (end < 0) return null;
  try {
    const [row] = parse(text.slice(0, end + 1), {
      delimiter: format === "tsv" ? "\t" : ",",
      relax_column_count: true,
    }) as string[][];
    return row ? row.map((c) => c.trim()) : null;
  } catch {
    return null;
  }
};

// ----- receiving an upload -----

export interface ReceivedPopulationFile {
  readonly blob: StoredBlob;
  readonly fileName: string;
  /** The plaintext copy, inside a private work directory. */
  readonly plainPath: string;
  release(): Promise<void>;
}

const populationTooLarge = (maxBytes: number) =>
  new AppError(
    "PAYLOAD_TOO_LARGE",
    `The file is larger than the population size limit of ${maxBytes} bytes; split the export by period or raise FIELDWORK_POPULATION_MAX_BYTES on the server.`,
    { maxBytes },
  );

/**
 * Streams the one file of an upload into the organization's blob store and, in the same pass, into a
 * private plaintext copy for profiling. The caller must `release` the copy.
 */
export const receivePopulationFile = async (
  deps: Deps,
  orgId: string,
  parts: AsyncIterable<UploadPart>,
): Promise<ReceivedPopulationFile> => {
  const maxBytes = deps.config.populationMaxBytes;
  let received: ReceivedPopulationFile | null = null;
  let filenameField: string | null = null;
  try {
    for await (const part of parts) {
      if (part.kind === "field") {
        if (part.name === "filename" && part.value.trim() !== "") filenameField = part.value;
        continue;
      }
      if (received) throw invalid("Send one file per upload.");
      if (part.declaredSize !== undefined && part.declaredSize > maxBytes) throw populationTooLarge(maxBytes);
      const area = await privateWorkDir(deps);
      const plainPath = join(area.dir, "upload");
      const fd = openSync(plainPath, "wx", 0o600);
      let blob: StoredBlob;
      try {
        const key = await dataKeyFor(deps, orgId);
        blob = await blobStoreOf(deps).write(orgId, key, part.stream, {
          maxBytes,
          limitName: "the population size limit",
          onChunk: (chunk) => {
            let off = 0;
            while (off < chunk.length) off += writeSync(fd, chunk, off);
          },
        });
      } catch (error) {
        await area.release();
        if (error instanceof AppError && error.code === "PAYLOAD_TOO_LARGE")
          throw populationTooLarge(maxBytes);
        throw error;
      } finally {
        closeSync(fd);
      }
      const fileName = cleanFileName(part.filename) ?? cleanFileName(filenameField) ?? "population";
      received = { blob, fileName, plainPath, release: area.release };
    }
  } catch (error) {
    await received?.release();
    throw error;
  }
  if (!received) throw invalid("Attach the file: a multipart part named 'file', or the raw body.");
  return received;
};

// ----- running analytics under a job -----

/** What a job handler is given by the job runner (src/app/jobs.ts). */
export interface JobProgress {
  /** Records progress; throws (the runner's JobCancelled) when cancellation was requested. */
  progress(fraction: number, message: string): Promise<void>;
}

export interface AnalyticsHooks {
  readonly signal: AbortSignal;
  readonly onProgress: (fraction: number, message: string) => void;
}

/** Progress is written at most this often; the heartbeat keeps a silent, long step alive. */
const PROGRESS_EVERY_MS = 250;
const HEARTBEAT_EVERY_MS = 1000;

/**
 * Runs analytics work as part of a job. Progress is forwarded at most every 250 ms (scaled into
 * [from, to] of the job's bar) and re-sent every second while the work is silent, which keeps the
 * job's heartbeat fresh (a job without one is re-queued as if its worker had died) and notices a
 * cancellation promptly. When the runner reports cancellation (progress throws), the work is aborted
 * through `signal` and the runner's own error is rethrown, so the job ends "cancelled".
 */
export const underJob = async <T>(
  ctx: JobProgress,
  range: { from: number; to: number },
  work: (hooks: AnalyticsHooks) => Promise<T>,
): Promise<T> => {
  const controller = new AbortController();
  const state: {
    stop: { error: unknown } | null;
    inflight: Promise<void> | null;
    sentAt: number;
    fraction: number;
    message: string;
  } = { stop: null, inflight: null, sentAt: 0, fraction: range.from, message: "Working" };
  const send = () => {
    if (state.inflight || state.stop) return;
    state.sentAt = Date.now();
    state.inflight = ctx
      .progress(state.fraction, state.message)
      .catch((error: unknown) => {
        state.stop ??= { error };
        controller.abort();
      })
      .finally(() => {
        state.inflight = null;
      });
  };
  const onProgress = (fraction: number, message: string) => {
    const f = Number.isFinite(fraction) ? Math.min(1, Math.max(0, fraction)) : 0;
    state.fraction = range.from + f * (range.to - range.from);
    state.message = message;
    if (Date.now() - state.sentAt >= PROGRESS_EVERY_MS) send();
  };
  const timer = setInterval(send, HEARTBEAT_EVERY_MS);
  try {
    const result = await work({ signal: controller.signal, onProgress });
    await state.inflight;
    if (state.stop) throw state.stop.error;
    return result;
  } catch (error) {
    await state.inflight;
    if (state.stop) throw state.stop.error;
    throw error;
  } finally {
    clearInterval(timer);
  }
};
