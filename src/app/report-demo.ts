/**
 * `fieldwork report demo`: the demo engagement's report, without a server. A private temporary
 * data directory gets a fresh SQLite database with the demo loaded (src/app/demo.ts); the report
 * input is gathered from it as the partner would (gatherReportInput), rendered, signed with a
 * self-signed certificate generated for the demo firm in the partner's name, with the evidence
 * manifest embedded, and written to the chosen file. The temporary directory is removed.
 *
 * Type 2 is the demo engagement itself (FY 2026-27): on today's data its period is still running
 * and most controls are untested, so the report is a DRAFT dated today, watermarked, showing the
 * tests done so far and "testing not completed" for the rest. Type 1 (src/app/report-demo-type1.ts)
 * sets up a design-only engagement for the same organization and issues a final report.
 */
import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PDFDocument } from "pdf-lib";
import { buildReportManifest, type ReportManifest } from "../core/report-manifest.js";
import { buildReportModel, type ReportInput } from "../core/report-model.js";
import { generateSigningCertificate } from "../reports/certificate.js";
import { renderReportPdf } from "../reports/render-pdf.js";
import { signPdf } from "../reports/sign.js";
import { loadConfig } from "./config.js";
import { loadDemoIfEmpty } from "./demo.js";
import { DEMO_PARTNER_EMAIL, demoActor } from "./demo-actor.js";
import { type Deps, openAppContext } from "./deps.js";
import { setUpType1Demo } from "./report-demo-type1.js";
import { collectManifestItems } from "./report-manifest-items.js";
import { gatherReportInput } from "./use-cases/report-data.js";

export interface DemoReportResult {
  readonly path: string;
  readonly type: "type1" | "type2";
  readonly draft: boolean;
  readonly organization: string;
  readonly signer: string;
  readonly firm: string;
  readonly pages: number;
  readonly documentSha256: string;
  readonly manifestItems: number;
  readonly manifestRoot: string;
}

export interface SignedDemoReport {
  readonly pdf: Uint8Array;
  readonly input: ReportInput;
  readonly manifest: ReportManifest;
}

/**
 * Gathers, renders and signs one engagement's report as the demo partner, with a self-signed
 * certificate generated for the firm in the partner's name and the engagement's manifest embedded.
 * A draft is watermarked DRAFT. `now` is the report date and the signing time.
 */
export const signDemoEngagementReport = async (
  deps: Deps,
  engagementId: string,
  options: { readonly draft: boolean; readonly now: Date },
): Promise<SignedDemoReport> => {
  const { draft, now } = options;
  const partner = await demoActor(deps, DEMO_PARTNER_EMAIL);
  const input = await gatherReportInput(deps, partner, engagementId, {
    reportDate: now.toISOString().slice(0, 10),
    version: 1,
    draft,
  });
  const pdf = await renderReportPdf(buildReportModel(input), draft ? { watermark: "DRAFT" } : {});
  const manifest = buildReportManifest({
    engagementId,
    reportVersion: 1,
    items: await collectManifestItems(deps.db, engagementId),
  });
  const password = randomBytes(18).toString("base64url");
  const certificate = generateSigningCertificate({
    commonName: input.firm.partner.name,
    organization: input.firm.name,
    notBefore: new Date(now.getTime() - 60_000),
    years: 1,
    password,
  });
  const signed = await signPdf(
    pdf,
    { p12: certificate.p12, password },
    {
      reason: draft
        ? "Draft SOC 2 report for management's review (demo data)"
        : "SOC 2 report issued (demo data)",
      location: input.firm.city || input.firm.name,
      name: input.firm.partner.name,
      signingTime: now,
      manifest,
    },
  );
  return { pdf: signed, input, manifest };
};

/** The demo's current Type 2 engagement (FY 2026-27, the latest period; CY 2025 is history). */
export const demoType2EngagementId = async (deps: Deps): Promise<string> =>
  (
    await deps.db
      .selectFrom("engagements")
      .select("id")
      .where("type", "=", "type2")
      .orderBy("period_start", "desc")
      .executeTakeFirstOrThrow()
  ).id;

/** Produces the signed demo report at `path`; `now` is the clock (today's date is the report date). */
export const writeDemoReport = async (
  path: string,
  type: "type1" | "type2",
  now: Date = new Date(),
): Promise<DemoReportResult> => {
  const dir = await mkdtemp(join(tmpdir(), "fieldwork-report-demo-"));
  try {
    const config = loadConfig({}, { dataDir: dir, demo: false });
    const ctx = await openAppContext(config, { clock: () => now });
    try {
      const deps = ctx.deps;
      await loadDemoIfEmpty(deps);
      const type1 = type === "type1";
      const engagementId = type1 ? await setUpType1Demo(deps) : await demoType2EngagementId(deps);
      const { pdf, input, manifest } = await signDemoEngagementReport(deps, engagementId, {
        draft: !type1,
        now,
      });
      await writeFile(path, pdf);
      const pages = (await PDFDocument.load(pdf, { updateMetadata: false })).getPageCount();
      return {
        path,
        type,
        draft: !type1,
        organization: input.organization.name,
        signer: input.firm.partner.name,
        firm: input.firm.name,
        pages,
        documentSha256: createHash("sha256").update(pdf).digest("hex"),
        manifestItems: manifest.items.length,
        manifestRoot: manifest.root,
      };
    } finally {
      await ctx.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
};
