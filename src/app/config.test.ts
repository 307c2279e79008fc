import { describe, expect, it } from "vitest";
import { AppError } from "../core/errors.js";
import { isBehindTls, loadConfig } from "./config.js";

describe("configuration", () => {
  it("has defaults for a zero-set-up start", () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ host: "127.0.0.1", port: 3000, demo: true });
    expect(c.databaseUrl).toBeUndefined();
    expect(c.dataDir.endsWith("/data")).toBe(true);
  });

  it("reads FIELDWORK_* variables and lets flags override them", () => {
    const c = loadConfig(
      { FIELDWORK_PORT: "4000", FIELDWORK_DEMO: "false", FIELDWORK_DATABASE_URL: "postgres://u@h/db" },
      { port: 5000 },
    );
    expect(c.port).toBe(5000);
    expect(c.demo).toBe(false);
    expect(c.databaseUrl).toBe("postgres://u@h/db");
  });

  it("refuses a database URL that is not PostgreSQL, naming the setting", () => {
    expect(() => loadConfig({ FIELDWORK_DATABASE_URL: "mysql://x" })).toThrowError(AppError);
    expect(() => loadConfig({ FIELDWORK_DATABASE_URL: "mysql://x" })).toThrowError(/databaseUrl/);
  });

  it("refuses a malformed master key and port", () => {
    expect(() => loadConfig({ FIELDWORK_MASTER_KEY: "abc" })).toThrowError(/64 hex/);
    expect(() => loadConfig({ FIELDWORK_PORT: "70000" })).toThrowError(/port/);
  });

  it("treats an https public URL as behind TLS", () => {
    expect(isBehindTls(loadConfig({ FIELDWORK_PUBLIC_URL: "https://audit.example.com" }))).toBe(true);
    expect(isBehindTls(loadConfig({}))).toBe(false);
  });
});
