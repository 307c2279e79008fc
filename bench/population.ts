/**
 * Population benchmark (DESIGN.md §6: a full-population test of a 10-million-row CSV with an
 * attribute rule and a stratified sample in < 10 s, within 1.25× of DuckDB's own work on the file).
 *
 * Writes a change population (about 1 % deviations: self-approved, unapproved, approved after
 * deployment) into a temp directory, then in one run measures, each in a fresh child process so
 * its peak memory is its own:
 * - the floor: `wc -l` and `sha256sum` of the file;
 * - ours: load (SHA-256 + DuckDB load) → profile (dates against the period) → the rule
 *   "approved by someone other than the author before deployment" → a stratified daily sample of 25;
 * - DuckDB alone, no hashing, the same questions in raw SQL: (a) hand-written, each question
 *   straight over read_csv (no load); (b) hand-written, loaded once into a table; (c) the very
 *   statements ours ran, replayed on a bare @duckdb/node-api connection (what ours costs beyond
 *   DuckDB's own work: hashing, file checks, JS);
 * - a 100,000-row xlsx population import (profile with the date column), written with exceljs.
 * Prints figures and ratios; asserts nothing. The temp directory is removed at the end.
 *
 * Usage: npx tsx bench/population.ts [--rows N] [--xlsx-rows N] [--threads N] [--repeat N (default 3)]
 */
import { spawnSync } from "node:child_process";
import {
  closeSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import ExcelJS from "exceljs";

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const self = fileURLToPath(import.meta.url);
const PERIOD = { start: "2025-01-01", end: "2025-12-31" };
const RULE = {
  description: "Approved by someone other than the author before deployment",
  require: [
    { column: "approved_at", op: "not_empty" },
    { column: "approver", op: "ne_column", other: "author" },
    { column: "approved_at", op: "before_column", other: "deployed_at" },
  ],
};

export interface Figures {
  readonly phases: Record<string, number>;
  readonly totalMs: number;
  readonly maxRssMb: number;
  readonly answers: Record<string, unknown>;
}

// ---------------------------------------------------------------------------------------------
// The population files

const writeChanges = (path: string, rows: number): void => {
  const fd = openSync(path, "w");
  const p2 = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, "0"));
  const start = Date.UTC(2024, 11, 20);
  const days = Array.from({ length: 400 }, (_, d) =>
    new Date(start + d * 86_400_000).toISOString().slice(0, 10),
  );
  const iso = (s: number) =>
    `${days[Math.floor(s / 86_400)]}T${p2[Math.floor((s % 86_400) / 3600)]}:${p2[Math.floor((s % 3600) / 60)]}:${p2[s % 60]}Z`;
  let x = 123_456_789;
  const rnd = (n: number) => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x % n;
  };
  const envs = ["production", "production", "production", "staging"];
  const services = ["payments", "ledger", "web", "mobile-api", "identity"];
  let chunk = "id,author,approver,created_at,approved_at,deployed_at,environment,service\n";
  for (let i = 1; i <= rows; i++) {
    const t = Math.floor((i / rows) * 380 * 86_400) - 1;
    const author = `dev${rnd(400)}`;
    let approver = `lead${rnd(60)}`;
    let approved = iso(t + 600 + rnd(7200));
    const deployed = iso(t + 9000 + rnd(36_000));
    const r = rnd(1000);
    if (r < 4) approver = author;
    else if (r < 7) approved = "";
    else if (r < 10) approved = iso(t + 60_000);
    chunk += `CHG-${i},${author},${approver},${iso(t)},${approved},${deployed},${envs[rnd(4)]},${services[rnd(5)]}\n`;
    if (chunk.length > 1 << 22) {
      writeSync(fd, chunk);
      chunk = "";
    }
  }
  writeSync(fd, chunk);
  closeSync(fd);
};

const writeXlsx = async (path: string, rows: number): Promise<void> => {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: path,
    useSharedStrings: true,
    useStyles: true,
  });
  const sheet = workbook.addWorksheet("Hires");
  sheet
    .addRow(["employee_id", "name", "email", "department", "start_date", "access_request", "approved_at"])
    .commit();
  for (let i = 1; i <= rows; i++) {
    const start = new Date(Date.UTC(2025, 0, 1) + (i % 365) * 86_400_000);
    const row = sheet.addRow([
      `E${100_000 + i}`,
      `Employee ${i}`,
      `employee${i}@example.com`,
      ["Engineering", "Finance", "Sales", "Support"][i % 4],
      start,
      `AR-${i}`,
      new Date(start.getTime() - 3 * 86_400_000 + 36_000_000),
    ]);
    row.getCell(5).numFmt = "yyyy-mm-dd";
    row.getCell(7).numFmt = "yyyy-mm-dd hh:mm:ss";
    row.commit();
  }
  await workbook.commit();
};

// ---------------------------------------------------------------------------------------------
// Child processes: one measured run each

const child = async (mode: string, file: string, threads?: number): Promise<Figures> => {
  const phases: Record<string, number> = {};
  let t = performance.now();
  const t0 = t;
  const lap = (name: string) => {
    const now = performance.now();
    phases[name] = now - t;
    t = now;
  };
  const answers: Record<string, unknown> = {};
  const options = threads ? { threads } : {};
  if (mode === "ours") {
    const { openPopulation, runPopulationTest } = await import("../src/analytics/index.js");
    const { deriveSeed } = await import("../src/core/sample-selection.js");
    const statements: string[] = [];
    const p = await openPopulation(file, {
      format: "csv",
      ...options,
      onQuery: (sql) => statements.push(sql),
    });
    lap("load + SHA-256");
    const profile = await p.profile({ dateColumn: "created_at", period: PERIOD });
    lap("profile");
    const test = await runPopulationTest(p, { rule: RULE });
    lap("rule");
    const sample = await p.select({
      dateColumn: "created_at",
      idColumn: "id",
      period: PERIOD,
      frequency: "daily",
      size: 25,
      method: "random",
      seed: deriveSeed("bench", "CHG", p.hash),
    });
    lap("sample");
    p.close();
    writeFileSync(`${file}.sql.json`, JSON.stringify(statements));
    Object.assign(answers, {
      rows: profile.rowCount,
      inPeriod: profile.inPeriod,
      excluded: profile.excluded,
      failing: test.rowsFailing,
      sampled: sample.items.length,
      hash: p.hash.slice(0, 12),
    });
  } else if (mode === "xlsx") {
    const { profilePopulation } = await import("../src/analytics/index.js");
    const profile = await profilePopulation(file, {
      format: "xlsx",
      dateColumn: "start_date",
      period: PERIOD,
      ...options,
    });
    lap("import (convert + load + profile)");
    Object.assign(answers, {
      rows: profile.rowCount,
      inPeriod: profile.inPeriod,
      unparseable: profile.unparseableCount,
    });
  } else if (mode === "duckdb-replay") {
    const { replay } = await import("./population-duckdb.js");
    Object.assign(
      answers,
      await replay(JSON.parse(readFileSync(`${file}.sql.json`, "utf8")) as string[], lap, threads),
    );
  } else {
    const { duckdbAlone } = await import("./population-duckdb.js");
    Object.assign(answers, await duckdbAlone(file, mode === "duckdb-loaded", PERIOD, lap, threads));
  }
  return {
    phases,
    totalMs: performance.now() - t0,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    answers,
  };
};

const measure = (mode: string, file: string, threads: number): Figures => {
  const r = spawnSync(
    process.execPath,
    ["--import", "tsx", self, "--child", mode, file, ...(threads ? ["--threads", String(threads)] : [])],
    {
      encoding: "utf8",
      maxBuffer: 1 << 24,
    },
  );
  if (r.status !== 0) throw new Error(`${mode} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split("\n").at(-1) ?? "{}") as Figures;
};

const timeCommand = (cmd: string, args: string[]): number => {
  const t = performance.now();
  spawnSync(cmd, args, { stdio: "ignore" });
  return performance.now() - t;
};

const s = (ms: number) => `${(ms / 1000).toFixed(2).padStart(6)} s`;
const show = (label: string, f: Figures) => {
  console.log(
    `${label}\n  ${"total".padEnd(32)} ${s(f.totalMs)}   peak RSS ${f.maxRssMb.toFixed(0).padStart(5)} MB`,
  );
  for (const [phase, ms] of Object.entries(f.phases)) console.log(`  ${phase.padEnd(32)} ${s(ms)}`);
  console.log(`  answers: ${JSON.stringify(f.answers)}`);
};

if (process.argv.includes("--child")) {
  const i = process.argv.indexOf("--child");
  const figures = await child(
    process.argv[i + 1] ?? "",
    process.argv[i + 2] ?? "",
    arg("threads", 0) || undefined,
  );
  console.log(JSON.stringify(figures));
} else {
  const rows = arg("rows", 10_000_000);
  const xlsxRows = arg("xlsx-rows", 100_000);
  const threads = arg("threads", 0);
  const repeat = Math.max(1, arg("repeat", 3));
  const work = mkdtempSync(join(tmpdir(), "fw-bench-population-"));
  try {
    const csv = join(work, "changes.csv");
    let t = performance.now();
    writeChanges(csv, rows);
    const size = statSync(csv).size;
    console.log(
      `population: ${rows} rows, ${(size / 1024 / 1024).toFixed(0)} MB (written in ${s(performance.now() - t).trim()})`,
    );
    timeCommand("cat", [csv]); // warm the page cache for everyone
    const wc = timeCommand("wc", ["-l", csv]);
    const sha = timeCommand("sha256sum", [csv]);
    console.log(`wc -l                              ${s(wc)}`);
    console.log(`sha256sum                          ${s(sha)}`);
    // Other work on a 2-core machine makes single runs noisy: ours and the two loaded DuckDB-alone
    // variants run `repeat` times, interleaved; each keeps its fastest run (all totals printed).
    const runs: Record<string, Figures[]> = { ours: [], "duckdb-loaded": [], "duckdb-replay": [] };
    for (let round = 0; round < repeat; round++) {
      for (const mode of Object.keys(runs)) runs[mode]?.push(measure(mode, csv, threads));
    }
    const fastest = (mode: string): Figures =>
      [...(runs[mode] ?? [])].sort((a, b) => a.totalMs - b.totalMs)[0] as Figures;
    const totals = (mode: string) => (runs[mode] ?? []).map((f) => (f.totalMs / 1000).toFixed(2)).join(", ");
    const ours = fastest("ours");
    show(`ours (load once, then ask) [runs: ${totals("ours")}]`, ours);
    const scans = measure("duckdb-scans", csv, threads);
    show("DuckDB alone, over read_csv", scans);
    const loaded = fastest("duckdb-loaded");
    show(`DuckDB alone, loaded once [runs: ${totals("duckdb-loaded")}]`, loaded);
    const replayed = fastest("duckdb-replay");
    show(`DuckDB alone, our statements [runs: ${totals("duckdb-replay")}]`, replayed);
    const best = Math.min(scans.totalMs, loaded.totalMs, replayed.totalMs);
    const ratio = (f: Figures) => (ours.totalMs / f.totalMs).toFixed(2);
    console.log(
      `ratio ours / fastest DuckDB alone: ${(ours.totalMs / best).toFixed(2)} (read_csv ${ratio(scans)}, loaded ${ratio(loaded)}, our statements ${ratio(replayed)}); target < 10 s and ≤ 1.25`,
    );
    const xlsx = join(work, "hires.xlsx");
    t = performance.now();
    await writeXlsx(xlsx, xlsxRows);
    console.log(
      `\nxlsx: ${xlsxRows} rows, ${(statSync(xlsx).size / 1024 / 1024).toFixed(1)} MB (written in ${s(performance.now() - t).trim()})`,
    );
    show("xlsx import", measure("xlsx", xlsx, threads));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
