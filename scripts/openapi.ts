/**
 * Writes the OpenAPI document generated from the route schemas to docs/openapi.json, or with
 * --check fails when the checked-in copy is stale (CONVENTIONS.md §14).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../src/app/config.js";
import { openAppContext } from "../src/app/deps.js";
import { buildServer } from "../src/server/app.js";

const target = join(import.meta.dirname, "..", "docs", "openapi.json");
const dataDir = mkdtempSync(join(tmpdir(), "fw-openapi-"));
const context = await openAppContext(loadConfig({}, { dataDir, demo: false, logLevel: "silent" }));
try {
  const app = await buildServer(context.deps, { serveWeb: false });
  await app.ready();
  const doc = `${JSON.stringify(app.swagger(), null, 2)}\n`;
  await app.close();
  if (process.argv.includes("--check")) {
    let current = "";
    try {
      current = readFileSync(target, "utf8");
    } catch {
      // missing counts as stale
    }
    if (current !== doc) {
      process.stderr.write("docs/openapi.json is stale: run `npx tsx scripts/openapi.ts` and commit it.\n");
      process.exitCode = 1;
    } else {
      process.stdout.write("docs/openapi.json is current.\n");
    }
  } else {
    writeFileSync(target, doc);
    process.stdout.write(`wrote ${target}\n`);
  }
} finally {
  await context.close();
  rmSync(dataDir, { recursive: true, force: true });
}
