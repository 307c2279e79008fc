/**
 * `fieldwork report demo`: the real command writes the demo engagement's signed report from a
 * private temporary database; the file passes `fieldwork report verify` and poppler's pdfsig, and
 * its text says what a Type 2 draft and a Type 1 say.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/app/config.js";
import { loadDemoIfEmpty } from "../../src/app/demo.js";
import { openAppContext } from "../../src/app/deps.js";
import { demoType2EngagementId, signDemoEngagementReport } from "../../src/app/report-demo.js";
import { runFieldwork } from "../support/cli.js";

const work = mkdtempSync(join(tmpdir(), "fw-cli-report-demo-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const pdfText = (path: string): string => execFileSync("pdftotext", [path, "-"], { encoding: "utf8" });
const pdfsig = (path: string): string => execFileSync("pdfsig", [path], { encoding: "utf8" });
const demoTempDirs = () => readdirSync(tmpdir()).filter((n) => n.startsWith("fieldwork-report-demo-"));

const produce = async (type: "1" | "2") => {
  const out = join(work, `demo-type${type}.pdf`);
  const before = new Set(demoTempDirs());
  const r = await runFieldwork(["report", "demo", "--out", out, "--type", type], { timeoutMs: 120_000 });
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  // The private data directory is gone.
  expect(demoTempDirs().filter((n) => !before.has(n))).toEqual([]);
  const bytes = readFileSync(out);
  expect(r.stdout.split("\n")[0]).toBe(out);
  expect(r.stdout).toContain("Signer:            Priya Raghavan, Mehta Raman & Co. LLP");
  expect(r.stdout).toMatch(/Pages:\s+\d+/);
  expect(r.stdout).toContain(`Document SHA-256:  ${createHash("sha256").update(bytes).digest("hex")}`);
  const verify = await runFieldwork(["report", "verify", out]);
  expect(verify.stderr).toBe("");
  expect(verify.code).toBe(0);
  expect(verify.stdout).toContain("signature valid, whole document signed");
  expect(verify.stdout).toMatch(/Manifest:\s+engagement \S+, report version 1, [1-9]\d* items/);
  const sig = pdfsig(out);
  expect(sig).toContain("Signature is Valid.");
  expect(sig).toContain("Total document signed");
  expect(sig).toContain("Priya Raghavan");
  const keywords = execFileSync("pdfinfo", [out], { encoding: "utf8" });
  return { out, stdout: r.stdout, text: pdfText(out), keywords };
};

describe("fieldwork report demo", () => {
  it("writes the Type 2 demo as a signed DRAFT dated today, tests so far and the rest not completed", async () => {
    const { text, stdout, keywords } = await produce("2");
    expect(keywords).toContain("watermark: DRAFT");
    expect(stdout).toContain("SOC 2 Type 2 (DRAFT), Paysetu Technologies Pvt. Ltd.");
    expect(text).toContain("Paysetu Technologies Pvt. Ltd.");
    expect(text).toContain("throughout the period");
    expect(text).toContain("(draft for management review)");
    expect(text).toMatch(/Testing not completed at the\s+date of this draft\./);
    // The change-management population test with its two deviations and management's response.
    expect(text).toMatch(/EXC-001/);
    expect(text).toContain("Management's responses to exceptions");
  }, 150_000);

  it("writes a final Type 1 as of a date with every control's design concluded", async () => {
    const { text, stdout, keywords } = await produce("1");
    expect(keywords).not.toContain("watermark");
    expect(stdout).toContain("SOC 2 Type 1, Paysetu Technologies Pvt. Ltd.");
    expect(stdout).not.toContain("DRAFT");
    expect(text).toContain("Paysetu Technologies Pvt. Ltd.");
    expect(text).toContain("as of 31 March 2026");
    expect(text).not.toContain("Testing not completed");
  }, 150_000);

  it("refuses a bad --type with one line and exit 2", async () => {
    const r = await runFieldwork(["report", "demo", "--out", join(work, "x.pdf"), "--type", "3"]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr.trimEnd().split("\n")).toEqual(['fieldwork: --type must be 1 or 2 (got "3").']);
  });

  it("verify --deep recomputes the signed items from the database and names a changed workpaper", async () => {
    // An installation with the demo, and its Type 2 draft signed from it.
    const dataDir = join(work, "data");
    const out = join(work, "deep.pdf");
    const ctx = await openAppContext(loadConfig({}, { dataDir, demo: false }));
    let workpaperId: string;
    try {
      await loadDemoIfEmpty(ctx.deps);
      const engagementId = await demoType2EngagementId(ctx.deps);
      const { pdf } = await signDemoEngagementReport(ctx.deps, engagementId, {
        draft: true,
        now: new Date(),
      });
      writeFileSync(out, pdf);
      workpaperId = (
        await ctx.deps.db
          .selectFrom("workpapers")
          .select("id")
          .where("engagement_id", "=", engagementId)
          .where("status", "=", "reviewed")
          .executeTakeFirstOrThrow()
      ).id;
    } finally {
      await ctx.close();
    }
    const env = { FIELDWORK_DATABASE_URL: "" };
    const intact = await runFieldwork(["report", "verify", out, "--deep", "--data-dir", dataDir], { env });
    expect(intact.stderr).toBe("");
    expect(intact.code).toBe(0);
    expect(intact.stdout).toMatch(/Stored items:\s+all \d+ unchanged/);

    // Someone alters a reviewed workpaper's result after signing.
    const again = await openAppContext(loadConfig({}, { dataDir, demo: false }));
    try {
      const r = await again.deps.db
        .updateTable("test_results")
        .set({ note: "edited after the report was signed" })
        .where("workpaper_id", "=", workpaperId)
        .executeTakeFirst();
      expect(Number(r.numUpdatedRows)).toBeGreaterThan(0);
    } finally {
      await again.close();
    }
    const altered = await runFieldwork(["report", "verify", out, "--deep", "--data-dir", dataDir], { env });
    expect(altered.code).toBe(4);
    expect(altered.stdout).toContain(`Changed:           workpaper ${workpaperId}`);
    expect(altered.stderr.trimEnd().split("\n")).toEqual([
      `fieldwork: 1 stored item(s) differ from the signed manifest, first workpaper ${workpaperId} (changed).`,
    ]);
  }, 150_000);
});
