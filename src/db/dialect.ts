/**
 * Dialect setup: the only place that knows whether we run on SQLite or PostgreSQL. Differences are
 * exposed as named capabilities, never as `if (sqlite)` in repositories (CONVENTIONS.md §5).
 */
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, Migrator, PostgresDialect, SqliteDialect } from "kysely";
import pg from "pg";
import { AppError } from "../core/errors.js";
import { migrationProvider } from "./migrations/index.js";
import type { DB } from "./schema.js";

export type DialectKind = "sqlite" | "postgres";

export interface DialectCapabilities {
  /** Human name shown in logs and `fieldwork serve` output. */
  readonly label: string;
  /** Whether several processes can write at once (PostgreSQL) or writes are serialised by a file lock (SQLite). */
  readonly concurrentWriters: boolean;
}

export interface Database {
  readonly db: Kysely<DB>;
  readonly kind: DialectKind;
  readonly capabilities: DialectCapabilities;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** postgres:// URL; when absent SQLite is used. */
  readonly databaseUrl?: string | undefined;
  /** SQLite file path (ignored for PostgreSQL). */
  readonly sqlitePath: string;
  readonly poolSize?: number;
}

const openSqlite = (path: string): Database => {
  mkdirSync(dirname(path), { recursive: true });
  const sqlite = new SQLite(path);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("synchronous = NORMAL");
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: sqlite }) });
  return {
    db,
    kind: "sqlite",
    capabilities: { label: `SQLite ${path}`, concurrentWriters: false },
    close: () => db.destroy(),
  };
};

const openPostgres = (url: string, poolSize: number): Database => {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on("error", () => undefined);
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  const safeUrl = url.replace(/\/\/([^:@/]+)(:[^@/]*)?@/, "//$1@");
  return {
    db,
    kind: "postgres",
    capabilities: { label: `PostgreSQL ${safeUrl}`, concurrentWriters: true },
    close: () => db.destroy(),
  };
};

export const openDatabase = (options: DatabaseOptions): Database =>
  options.databaseUrl
    ? openPostgres(options.databaseUrl, options.poolSize ?? 10)
    : openSqlite(options.sqlitePath);

/** Applies every pending migration; one set of migrations serves both databases. */
export const migrateToLatest = async (database: Database): Promise<number> => {
  const migrator = new Migrator({ db: database.db, provider: migrationProvider });
  let results: Awaited<ReturnType<Migrator["migrateToLatest"]>>;
  try {
    results = await migrator.migrateToLatest();
  } catch (error) {
    throw new AppError("UNAVAILABLE", `Cannot reach the database: ${(error as Error).message}`);
  }
  if (results.error) {
    const failed = results.results?.find((r) => r.status === "Error");
    const cause = results.error instanceof Error ? results.error.message : String(results.error);
    throw new AppError(
      "UNAVAILABLE",
      `Database migration ${failed?.migrationName ?? ""} failed: ${cause}`.replace("  ", " "),
    );
  }
  return results.results?.filter((r) => r.status === "Success").length ?? 0;
};
