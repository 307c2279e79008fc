#!/usr/bin/env node
// Entry point of the `fieldwork` command. Runs the compiled CLI when `npm run build` has produced
// it, and the TypeScript sources through tsx otherwise, so `npx fieldwork` works in any checkout.
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const compiled = join(root, "dist", "cli", "main.js");
if (existsSync(compiled) && process.env.FIELDWORK_FROM_SOURCE !== "1") {
  await import(pathToFileURL(compiled).href);
} else {
  const { register } = await import("tsx/esm/api");
  register();
  await import(pathToFileURL(join(root, "src", "cli", "main.ts")).href);
}
