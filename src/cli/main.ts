#!/usr/bin/env node
/** Entry point of the compiled `fieldwork` command; see program.ts for the commands. */
import { runCli } from "./program.js";

const code = await runCli(process.argv.slice(2));
if (code !== 0) process.exitCode = code;
