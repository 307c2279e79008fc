/**
 * One in-process DuckDB per analysis: an in-memory database whose spill files and converted inputs
 * live in a private temp directory removed on close, so a failed or cancelled analysis leaves
 * nothing behind. Nothing is downloaded (only the bundled extensions exist), and every query can
 * be interrupted through the caller's AbortSignal.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import { AppError } from "../core/errors.js";
import { DATE_MACROS } from "./sql-dates.js";

export interface AnalyticsOptions {
  readonly signal?: AbortSignal;
  /** Called with a fraction in [0, 1] and what is happening; at most a few times a second. */
  readonly onProgress?: (fraction: number, message: string) => void;
  /** Parent of the private temp directory (default: the OS temp directory). */
  readonly tempDirectory?: string;
  /** DuckDB worker threads (default: DuckDB's choice, one per core). */
  readonly threads?: number;
  /** DuckDB memory limit, e.g. "4GB" (default: DuckDB's, 80 % of RAM); beyond it DuckDB spills. */
  readonly memoryLimit?: string;
  /** Called with each SQL statement after it ran (for tracing and bench/population.ts). */
  readonly onQuery?: (sql: string, milliseconds: number) => void;
}

/** A value as read back: BIGINT becomes number (row numbers and counts stay far below 2^53). */
export type Cell = string | number | boolean | null | Cell[] | { [key: string]: Cell };

export const cancelled = (): AppError =>
  new AppError("CANCELLED", "The population analysis was cancelled; nothing was kept.");

const isInterrupt = (error: unknown): boolean => error instanceof Error && /interrupt/i.test(error.message);

const toCell = (value: unknown): Cell => {
  if (value === null || value === undefined) return null;
  if (typeof value === "bigint") return Number(value);
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
  if (Array.isArray(value)) return value.map(toCell);
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toCell(v)]));
  }
  return String(value);
};

export class Engine {
  private closed = false;
  private readonly onAbort = () => this.connection.interrupt();

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
    readonly tempDir: string,
    readonly options: AnalyticsOptions,
  ) {
    options.signal?.addEventListener("abort", this.onAbort);
  }

  static async open(options: AnalyticsOptions = {}): Promise<Engine> {
    if (options.signal?.aborted) throw cancelled();
    const tempDir = mkdtempSync(join(options.tempDirectory ?? tmpdir(), "fieldwork-analytics-"));
    let instance: DuckDBInstance | undefined;
    try {
      const config: Record<string, string> = {
        autoinstall_known_extensions: "false",
        autoload_known_extensions: "true",
        allow_community_extensions: "false",
        temp_directory: join(tempDir, "spill"),
        // Row order is how row numbers are kept (rowid follows file order); never trade it away.
        preserve_insertion_order: "true",
      };
      if (options.threads !== undefined) config.threads = String(options.threads);
      if (options.memoryLimit !== undefined) config.memory_limit = options.memoryLimit;
      instance = await DuckDBInstance.create(":memory:", config);
      const connection = await instance.connect();
      const engine = new Engine(instance, connection, tempDir, options);
      // Progress is tracked only with the progress bar on (per connection); it is never printed.
      await engine.run("SET enable_progress_bar = true");
      await engine.run("SET enable_progress_bar_print = false");
      for (const macro of DATE_MACROS) await engine.run(macro);
      return engine;
    } catch (error) {
      instance?.closeSync();
      rmSync(tempDir, { recursive: true, force: true });
      throw error;
    }
  }

  private names = 0;

  /** A fresh table name for this engine. */
  nextName(prefix: string): string {
    this.names += 1;
    return `${prefix}_${this.names}`;
  }

  /** Throws CANCELLED if the caller has aborted. */
  checkAborted(): void {
    if (this.options.signal?.aborted) throw cancelled();
  }

  progress(fraction: number, message: string): void {
    this.options.onProgress?.(Math.max(0, Math.min(1, fraction)), message);
  }

  /**
   * Runs one statement and returns its rows (BIGINT as number, NULL as null). While it runs,
   * DuckDB's own progress (0–100) is polled for `onPercent`.
   */
  async run(sql: string, options: { onPercent?: (percent: number) => void } = {}): Promise<Cell[][]> {
    this.checkAborted();
    const { onPercent } = options;
    const timer = onPercent
      ? setInterval(() => {
          const p = this.connection.progress.percentage;
          if (p >= 0) onPercent(p);
        }, 200)
      : undefined;
    try {
      const started = performance.now();
      const reader = await this.connection.runAndReadAll(sql);
      this.options.onQuery?.(sql, performance.now() - started);
      this.checkAborted();
      return reader.getRowsJS().map((row) => row.map(toCell));
    } catch (error) {
      if (this.options.signal?.aborted || isInterrupt(error)) throw cancelled();
      throw error;
    } finally {
      if (timer) clearInterval(timer);
    }
  }

  /** Interrupts a running query (used when a concurrent step, e.g. hashing, fails). */
  interrupt(): void {
    this.connection.interrupt();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.options.signal?.removeEventListener("abort", this.onAbort);
    try {
      this.connection.closeSync();
      this.instance.closeSync();
    } finally {
      rmSync(this.tempDir, { recursive: true, force: true });
    }
  }
}

/** A SQL string literal: DuckDB reads no escapes in '…', so doubling quotes is complete. */
export const sqlString = (value: string): string => {
  if (value.includes("\u0000")) throw new AppError("VALIDATION", "Values must not contain NUL characters.");
  return `'${value.replaceAll("'", "''")}'`;
};

/** A quoted identifier (only ever used with names we generate, but quoted all the same). */
export const sqlIdent = (name: string): string => `"${name.replaceAll('"', '""')}"`;
