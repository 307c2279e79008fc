/**
 * What use-cases depend on, passed in explicitly (no global singletons). Built once at start by
 * `openAppContext`, which is the composition root shared by the server and the CLI.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { join } from "node:path";
import type { Kysely } from "kysely";
import { type Database, type DialectKind, migrateToLatest, openDatabase } from "../db/dialect.js";
import type { DB } from "../db/schema.js";
import type { Config } from "./config.js";
import { createMailer, type Mailer } from "./mailer.js";
import { loadOrCreateMasterKey } from "./security/crypto.js";

export type Clock = () => Date;

export interface Deps {
  readonly db: Kysely<DB>;
  readonly dbKind: DialectKind;
  readonly config: Config;
  readonly clock: Clock;
  readonly newId: () => string;
  readonly randomBytes: (size: number) => Buffer;
  readonly masterKey: Buffer;
  readonly mailer: Mailer;
}

export interface AppContext {
  readonly deps: Deps;
  readonly database: Database;
  readonly migrationsApplied: number;
  close(): Promise<void>;
}

export interface AppContextOptions {
  readonly clock?: Clock;
  readonly mailer?: Mailer;
}

export const sqlitePathFor = (config: Config): string => join(config.dataDir, "fieldwork.db");

export const openAppContext = async (
  config: Config,
  options: AppContextOptions = {},
): Promise<AppContext> => {
  const database = openDatabase({ databaseUrl: config.databaseUrl, sqlitePath: sqlitePathFor(config) });
  let migrationsApplied = 0;
  try {
    migrationsApplied = await migrateToLatest(database);
  } catch (error) {
    await database.close();
    throw error;
  }
  const deps: Deps = {
    db: database.db,
    dbKind: database.kind,
    config,
    clock: options.clock ?? (() => new Date()),
    newId: randomUUID,
    randomBytes,
    masterKey: loadOrCreateMasterKey(config.dataDir, config.masterKey),
    mailer: options.mailer ?? createMailer(config),
  };
  return {
    deps,
    database,
    migrationsApplied,
    close: async () => {
      await deps.mailer.close();
      await database.close();
    },
  };
};

export const nowIso = (deps: Pick<Deps, "clock">): string => deps.clock().toISOString();
export const todayIso = (deps: Pick<Deps, "clock">): string => deps.clock().toISOString().slice(0, 10);
