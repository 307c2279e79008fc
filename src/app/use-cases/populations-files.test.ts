import { mkdirSync, mkdtempSync, rmSync, utimesSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Config } from "../config.js";
import {
  detectPopulationFormat,
  headerColumns,
  listWorkDirs,
  STALE_WORK_MS,
  sweepStaleWorkDirs,
  underJob,
  workRoot,
} from "./populations-files.js";
import { extensionSeed, spreadPick } from "./populations-sample-jobs.js";

class Cancelled extends Error {}

/** Resolves once `signal` aborts (or rejects after `ms`, so a broken bridge fails the test). */
const untilAborted = (signal: AbortSignal, ms = 5000) =>
  new Promise<never>((_, reject) => {
    const timer = setTimeout(() => reject(new Error("never aborted")), ms);
    signal.addEventListener("abort", () => {
      clearTimeout(timer);
      reject(new Error("aborted by the signal"));
    });
  });

describe("underJob (the bridge between a job and analytics work)", () => {
  it("aborts silent work through the signal when the job's progress reports cancellation, and rethrows the job's error", async () => {
    let calls = 0;
    const ctx = {
      progress: async () => {
        calls += 1;
        throw new Cancelled();
      },
    };
    const started = Date.now();
    await expect(
      underJob(ctx, { from: 0, to: 1 }, ({ signal }) => untilAborted(signal)),
    ).rejects.toBeInstanceOf(Cancelled);
    // The heartbeat noticed it (about a second), without any progress from the work.
    expect(calls).toBe(1);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it("forwards progress scaled into its range, at most every 250 ms", async () => {
    const seen: [number, string][] = [];
    const ctx = {
      progress: async (fraction: number, message: string) => {
        seen.push([fraction, message]);
      },
    };
    const result = await underJob(ctx, { from: 0.5, to: 1 }, async ({ onProgress }) => {
      for (let i = 0; i <= 10; i++) onProgress(i / 10, `step ${i}`);
      return 42;
    });
    expect(result).toBe(42);
    // Eleven reports within a few microseconds: only the first is written.
    expect(seen).toEqual([[0.5, "step 0"]]);
  });

  it("passes the work's own error through when nobody cancelled", async () => {
    const ctx = { progress: async () => undefined };
    await expect(
      underJob(ctx, { from: 0, to: 1 }, async () => {
        throw new Error("bad file");
      }),
    ).rejects.toThrow("bad file");
  });
});

describe("population file formats", () => {
  const bytes = (s: string) => Buffer.from(s, "utf8");
  it("uses the extension, the ZIP signature for xlsx, and the content when the name says nothing", () => {
    expect(detectPopulationFormat("a.csv", bytes("x\ty\n"))).toBe("csv");
    expect(detectPopulationFormat("a.TSV", bytes("x,y\n"))).toBe("tsv");
    expect(detectPopulationFormat("a.ndjson", bytes("x,y\n"))).toBe("jsonl");
    expect(detectPopulationFormat("export", Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2]))).toBe("xlsx");
    expect(detectPopulationFormat("export.csv", Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2]))).toBe("xlsx");
    expect(detectPopulationFormat("export", bytes('\uFEFF {"a":1}\n'))).toBe("jsonl");
    expect(detectPopulationFormat("export", bytes("a\tb\n1\t2\n"))).toBe("tsv");
    expect(detectPopulationFormat(null, bytes("a,b\n1,2\n"))).toBe("csv");
  });

  it("reads a CSV or TSV header, trimmed, only when its whole first line is there", () => {
    expect(headerColumns("csv", bytes('id,"created, at", owner\n1,2,3\n'))).toEqual([
      "id",
      "created, at",
      "owner",
    ]);
    expect(headerColumns("csv", bytes("\uFEFF\n\nid,date\n"))).toEqual(["id", "date"]);
    expect(headerColumns("tsv", bytes("id\tdate\n"))).toEqual(["id", "date"]);
    expect(headerColumns("csv", bytes("id,date"))).toBeNull();
    expect(headerColumns("jsonl", bytes('{"id":1}\n'))).toBeNull();
  });
});

describe("sample extensions", () => {
  it("derive a seed per ordinal from the parent seed", () => {
    const a = extensionSeed("seed", 1);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(extensionSeed("seed", 1)).toBe(a);
    expect(extensionSeed("seed", 2)).not.toBe(a);
    expect(extensionSeed("seed2", 1)).not.toBe(a);
  });

  it("pick the additional items spread evenly over the fresh ones", () => {
    expect(spreadPick([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 5)).toEqual([1, 3, 5, 7, 9]);
    expect(spreadPick([1, 2, 3], 3)).toEqual([1, 2, 3]);
    expect(spreadPick([1, 2], 5)).toEqual([1, 2]);
    expect(spreadPick(["a", "b", "c", "d"], 1)).toEqual(["a"]);
  });
});

describe("sweepStaleWorkDirs", () => {
  it("removes work directories left by a crashed process and keeps young ones", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "fw-sweep-"));
    try {
      const now = new Date("2026-11-27T10:00:00Z");
      const deps = { config: { dataDir } as Config, clock: () => now };
      const root = workRoot(deps);
      for (const name of ["w-old", "w-young"]) mkdirSync(join(root, name, "inner"), { recursive: true });
      const old = new Date(now.getTime() - STALE_WORK_MS - 60_000);
      utimesSync(join(root, "w-old"), old, old);
      utimesSync(join(root, "w-young"), now, now);
      expect(await sweepStaleWorkDirs(deps)).toEqual(["w-old"]);
      expect(await listWorkDirs(deps)).toEqual(["w-young"]);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
