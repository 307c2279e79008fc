/**
 * The integration suite runs unchanged on SQLite and on PostgreSQL (CONVENTIONS.md §15).
 * PostgreSQL comes from FIELDWORK_TEST_PG_URL (see scripts/pg-test-cluster.sh); each test file gets
 * a fresh database. Without it, a developer's run skips PostgreSQL loudly; under CI=true it fails.
 */
import { randomUUID } from "node:crypto";
import pg from "pg";
import { describe, it } from "vitest";

export interface DatabaseTarget {
  readonly name: "sqlite" | "postgres";
  /** A fresh database for this test file (PostgreSQL), or undefined for SQLite in a temp dir. */
  createUrl(): Promise<string | undefined>;
}

const adminUrl = process.env.FIELDWORK_TEST_PG_URL;
const inCi = process.env.CI === "true";

const createPgDatabase = async (): Promise<string> => {
  if (!adminUrl) throw new Error("FIELDWORK_TEST_PG_URL is not set");
  const name = `fw_t_${randomUUID().replaceAll("-", "").slice(0, 16)}`;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`create database ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
};

export const SQLITE: DatabaseTarget = { name: "sqlite", createUrl: async () => undefined };
export const POSTGRES: DatabaseTarget = { name: "postgres", createUrl: createPgDatabase };

let warned = false;

/** Declares `fn`'s tests once per database. */
export const describeEachDatabase = (title: string, fn: (target: DatabaseTarget) => void): void => {
  describe(`${title} [sqlite]`, () => fn(SQLITE));
  if (adminUrl) {
    describe(`${title} [postgres]`, () => fn(POSTGRES));
  } else if (inCi) {
    describe(`${title} [postgres]`, () => {
      it("needs PostgreSQL (CI=true)", () => {
        throw new Error(
          "FIELDWORK_TEST_PG_URL is not set: CI must start a PostgreSQL cluster (scripts/pg-test-cluster.sh).",
        );
      });
    });
  } else {
    if (!warned) {
      warned = true;
      process.stderr.write(
        "\n*** SKIPPING the PostgreSQL half of the integration suite: FIELDWORK_TEST_PG_URL is not set.\n" +
          "*** Start one with: export FIELDWORK_TEST_PG_URL=$(scripts/pg-test-cluster.sh start)\n\n",
      );
    }
    describe.skip(`${title} [postgres] (FIELDWORK_TEST_PG_URL not set)`, () => fn(POSTGRES));
  }
};

export const postgresAvailable = (): boolean => Boolean(adminUrl);
export { createPgDatabase };
