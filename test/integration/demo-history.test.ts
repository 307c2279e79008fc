/**
 * The demo's history on both databases, loaded as on a first start (loadDemoIfEmpty): Paysetu's
 * CY 2025 examination issued and signed (with its SOC 3 public on the trust portal, its exception
 * answered by management), Kirana Ledger's Type 1 at Issuance with every check passing, and the
 * current FY 2026-27 engagement still the newest and no longer a first report.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { loadDemoIfEmpty } from "../../src/app/demo.js";
import { demoActor } from "../../src/app/demo-actor.js";
import { EXCEPTION_2025 } from "../../src/app/demo-history-data.js";
import { listExceptions } from "../../src/app/use-cases/exceptions.js";
import { downloadReportPdf, listReports } from "../../src/app/use-cases/reports.js";
import { getIssuanceChecks } from "../../src/app/use-cases/reports-issue.js";
import { getTrustPortal } from "../../src/app/use-cases/trust-portal.js";
import { verifySignedPdf } from "../../src/reports/verify.js";
import { createTestApp, type TestApp } from "../support/app.js";
import { describeEachDatabase } from "../support/databases.js";

describeEachDatabase("demo history", (target) => {
  let t: TestApp;
  const ids = new Map<string, { id: string; orgId: string; stage: string; firstReport: number }>();
  beforeAll(async () => {
    t = await createTestApp(target);
    const credentials = await loadDemoIfEmpty(t.context.deps);
    expect(credentials?.find((c) => c.email === "admin@kiranaledger.example")?.totpSecret).toMatch(
      /^[A-Z2-7]{32}$/,
    );
    const rows = await t.context.deps.db
      .selectFrom("engagements")
      .select(["id", "name", "org_id", "stage", "first_report"])
      .orderBy("created_at", "desc")
      .execute();
    for (const r of rows)
      ids.set(r.name, { id: r.id, orgId: r.org_id, stage: r.stage, firstReport: Number(r.first_report) });
  }, 120_000);
  afterAll(async () => t?.close());

  it("keeps FY 2026-27 the newest engagement, no longer Paysetu's first report", () => {
    expect([...ids.keys()]).toEqual([
      "Paysetu SOC 2 Type 2 FY 2026-27",
      "Kirana Ledger SOC 2 Type 1 as of 31 October 2026",
      "Paysetu SOC 2 Type 2 CY 2025",
    ]);
    expect(ids.get("Paysetu SOC 2 Type 2 FY 2026-27")).toMatchObject({
      stage: "audit_program",
      firstReport: 0,
    });
  });

  it("issued Paysetu's CY 2025 report, signed and verifiable, with its SOC 3 public", async () => {
    const deps = t.context.deps;
    const partner = await demoActor(deps, "partner@mehtaraman.example");
    const cy2025 = ids.get("Paysetu SOC 2 Type 2 CY 2025");
    expect(cy2025?.stage).toBe("issuance");
    const reports = await listReports(deps, partner, cy2025?.id ?? "");
    const issued = reports.find((r) => r.status === "issued");
    expect(issued).toMatchObject({
      kind: "soc2-type2",
      version: 2,
      coversUntil: "2025-12-31",
      signedByName: "Priya Raghavan",
    });
    const { body } = await downloadReportPdf(deps, partner, issued?.id ?? "");
    const verification = await verifySignedPdf(body);
    expect(verification.manifest?.root).toBe(issued?.manifestRoot);

    const event = await deps.db
      .selectFrom("audit_events")
      .select("summary")
      .where("action", "=", "report.issued")
      .where("target_id", "=", issued?.id ?? "")
      .executeTakeFirstOrThrow();
    expect(JSON.parse(event.summary).after.secondFactor).toBe("demo-set-up");

    const portal = await getTrustPortal(deps, cy2025?.orgId ?? "");
    expect(portal.reports.map((r) => [r.kind, r.public])).toEqual([
      ["soc2-type2", false],
      ["soc3", true],
    ]);

    const exceptions = (await listExceptions(deps, partner, cy2025?.id ?? "")).exceptions;
    expect(exceptions).toHaveLength(1);
    // Classified isolated with its cause, and management's response accepted.
    expect(exceptions[0]).toMatchObject({ classification: "isolated", cause: EXCEPTION_2025.cause });
    expect(JSON.stringify(exceptions[0])).toContain(EXCEPTION_2025.response);
  });

  it("leaves Kirana Ledger at Issuance with every check passing, for the partner to sign", async () => {
    const deps = t.context.deps;
    const partner = await demoActor(deps, "partner@mehtaraman.example");
    const kirana = ids.get("Kirana Ledger SOC 2 Type 1 as of 31 October 2026");
    expect(kirana?.stage).toBe("issuance");
    const checks = await getIssuanceChecks(deps, partner, kirana?.id ?? "");
    expect(checks.checks.filter((c) => !c.ok)).toEqual([]);
    expect(checks).toMatchObject({ ready: true, canSign: true });
    const reports = await listReports(deps, partner, kirana?.id ?? "");
    expect(reports.map((r) => [r.kind, r.status])).toEqual([["soc2-type1", "draft"]]);
  });
});
