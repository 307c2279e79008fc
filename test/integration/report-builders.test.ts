/**
 * The SOC 3 and bridge-letter builders' read side (issue 5 §4, §7), on SQLite and PostgreSQL: the SOC 3
 * preview lists every refusal at once and shows the sections; the bridge-letter draft gives the covered
 * report, the dates a letter may cover today and the organization's records of the gap (description
 * and incident register); the preview is the letter as issued, stored nowhere. Dates sit relative to
 * today because the gap may not run past it.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { giveDemoFirmCertificate } from "../../src/app/use-cases/signing-certificates.js";
import { formatReportDate } from "../../src/core/report-wording.js";
import { signInActor } from "../support/actors.js";
import { describeEachDatabase } from "../support/databases.js";
import { expectError } from "../support/http.js";
import { ok, setUpWorld, type World } from "./workpaper-fixture.js";

const DAY = 86_400_000;
const today = () => new Date().toISOString().slice(0, 10);
const addDays = (iso: string, n: number) =>
  new Date(Date.parse(`${iso}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);

describeEachDatabase("SOC 3 and bridge-letter builders", (target) => {
  let w: World;
  let id: string;
  let bareId: string;
  const end = addDays(today(), -60);
  const start = addDays(end, -364);
  const changeDay = addDays(end, 10);
  const incidentDay = addDays(end, 20);

  const engagement = async (body: Record<string, string>): Promise<string> =>
    (
      await ok(
        w.s.manager.request("POST", `/api/organizations/${w.tenant.orgId}/engagements`, {
          name: "SOC 2 builders",
          ...body,
        }),
        201,
      )
    ).id as string;

  const issuedSoc2 = async (engagementId: string) => {
    const now = new Date().toISOString();
    await w.deps.db
      .insertInto("reports")
      .values({
        id: `soc2-${engagementId}`,
        firm_id: w.tenant.firmId,
        org_id: w.tenant.orgId,
        engagement_id: engagementId,
        kind: "soc2-type2",
        version: 1,
        status: "issued",
        pdf_sha256: "0".repeat(64),
        pdf_size: 1,
        pages: 1,
        covers_until: end,
        manifest_root: null,
        document_sha256: null,
        signed_by: w.ids.partner,
        signed_at: `${addDays(end, 30)}T10:00:00.000Z`,
        certificate_fingerprint: null,
        public: 0,
        created_by: w.ids.partner,
        created_at: now,
        updated_at: now,
      })
      .execute();
  };

  beforeAll(async () => {
    w = await setUpWorld(target);
    id = await engagement({ type: "type2", periodStart: start, periodEnd: end });
    bareId = await engagement({ type: "type2", periodStart: start, periodEnd: end });
    await ok(
      w.s.orgAdmin.request("PUT", `/api/engagements/${id}/system-description`, {
        revision: 0,
        content: {
          services: "UPI merchant payments and settlement.",
          commitments: "Settlement files reach partner banks by 06:00 IST; card data stays encrypted.",
          requirements: "Production access needs approved tickets; backups restore within four hours.",
          boundaries:
            "The payment gateway and settlement engine in AWS Mumbai; merchants' systems are outside.",
          cuecs: [{ text: "Merchants rotate their API keys after staff changes.", criteria: ["CC6.1"] }],
          changes: [
            { date: addDays(end, -30), description: "Old change inside the period." },
            { date: changeDay, description: "Moved settlement to a second region." },
          ],
        },
      }),
    );
    await ok(
      w.s.partner.request("POST", `/api/engagements/${id}/opinion`, {
        opinion: "unmodified",
        basis: "Fieldwork for this test is recorded outside the program.",
      }),
      201,
    );
    const now = new Date().toISOString();
    await w.deps.db
      .insertInto("incidents")
      .values({
        id: `inc-${id}`,
        firm_id: w.tenant.firmId,
        org_id: w.tenant.orgId,
        seq: 1,
        title: "Settlement delay",
        summary: "internal notes",
        detected_at: `${incidentDay}T04:00:00.000Z`,
        aware_at: `${incidentDay}T04:30:00.000Z`,
        reported_by: "NOC",
        classification: "incident",
        severity: "SEV2",
        affected_systems: "[]",
        data_categories: "[]",
        personal_data: 0,
        principals_count: null,
        jurisdictions: "[]",
        cert_in_reportable: 0,
        regulators: "[]",
        status: "closed",
        owner_user_id: null,
        root_cause: "",
        lessons: "",
        review_completed_at: null,
        review_completed_by: null,
        disclose: 1,
        disclosure_nature: "Settlement files reached two banks three hours late.",
        disclosure_extent: "",
        disclosure_resolution: "A retry job now resends them.",
        closed_at: null,
        closed_by: null,
        closure_evidence_id: null,
        created_by: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
  });
  afterAll(async () => w?.t.close());

  it("lists every reason the SOC 3 cannot be issued yet, and still previews its sections", async () => {
    const p = await ok(w.s.partner.request("GET", `/api/engagements/${id}/soc3/preview`));
    expect(p.canIssue).toBe(false);
    expect(p.failures.map((f: { guard: string }) => f.guard).sort()).toEqual(["certificate", "soc2-issued"]);
    expect(p.opinion.kind).toBe("unmodified");
    expect(p.description.boundaries).toContain("AWS Mumbai");
    const titles = p.sections.map((s: { title: string }) => s.title);
    expect(titles[0]).toBe("Independent service auditor's report");
    expect(JSON.stringify(p.sections)).toContain("Settlement files reach partner banks by 06:00 IST");
    expect(JSON.stringify(p.sections)).not.toContain("Moved settlement");
    const staff = await ok(w.s.staff.request("GET", `/api/engagements/${id}/soc3/preview`));
    expect(staff.failures.map((f: { guard: string }) => f.guard)).toContain("partner");
    const bare = await ok(w.s.partner.request("GET", `/api/engagements/${bareId}/soc3/preview`));
    expect(bare.failures.map((f: { guard: string }) => f.guard)).toEqual(
      expect.arrayContaining(["opinion", "boundaries", "commitments"]),
    );
    expect(bare.sections).toBeNull();
    expectError(await w.s.owner.request("GET", `/api/engagements/${id}/soc3/preview`), 403, "FORBIDDEN");
    expectError(
      await w.s.otherManager.request("GET", `/api/engagements/${id}/soc3/preview`),
      404,
      "NOT_FOUND",
    );
  });

  it("lets the partner issue once the preview is clear, then lists the public SOC 3", async () => {
    await issuedSoc2(id);
    await giveDemoFirmCertificate(
      w.deps,
      await signInActor(w.deps, w.tenant.users.partner.email),
      w.tenant.firmId,
    );
    const ready = await ok(w.s.partner.request("GET", `/api/engagements/${id}/soc3/preview`));
    expect(ready).toMatchObject({ canIssue: true, failures: [], issued: [] });
    await ok(w.s.partner.request("POST", `/api/engagements/${id}/soc3`), 201);
    const after = await ok(w.s.orgAdmin.request("GET", `/api/engagements/${id}/soc3/preview`));
    expect(after.issued).toHaveLength(1);
    expect(after.issued[0]).toMatchObject({ kind: "soc3", status: "issued", public: true, version: 1 });
  });

  it("gives the bridge-letter builder the covered report, today's window and the records of the gap", async () => {
    const d = await ok(w.s.orgAdmin.request("GET", `/api/engagements/${id}/bridge-letters/draft`));
    expect(d).toMatchObject({
      coveredReport: { kind: "soc2-type2", periodStart: start, periodEnd: end, issuedOn: addDays(end, 30) },
      window: { from: addDays(end, 1), to: today() },
      coversUntil: today(),
      cuecs: ["Merchants rotate their API keys after staff changes."],
      failures: [],
      issued: [],
    });
    expect(d.records.changes).toEqual([
      `${formatReportDate(changeDay)}: Moved settlement to a second region.`,
    ]);
    expect(d.records.incidents).toEqual([
      `${formatReportDate(incidentDay)}: Settlement files reached two banks three hours late. A retry job now resends them.`,
    ]);
    // A gap that ends before the change and the incident lists neither.
    const early = await ok(
      w.s.orgAdmin.request(
        "GET",
        `/api/engagements/${id}/bridge-letters/draft?coversUntil=${addDays(end, 5)}`,
      ),
    );
    expect(early.records).toEqual({ changes: [], incidents: [] });
    const none = await ok(w.s.orgAdmin.request("GET", `/api/engagements/${bareId}/bridge-letters/draft`));
    expect(none.coveredReport).toBeNull();
    expect(none.failures[0].guard).toBe("soc2-issued");
    expectError(
      await w.s.otherOrgAdmin.request("GET", `/api/engagements/${id}/bridge-letters/draft`),
      404,
      "NOT_FOUND",
    );
  });

  it("previews the letter exactly as issued, stores nothing, and lists the issued letter", async () => {
    const body = {
      coversUntil: today(),
      changes: ["Added a fraud-monitoring rule set."],
      incidents: [],
      signerName: "Ananya Rao",
      signerTitle: "Chief Executive Officer",
    };
    const url = `/api/engagements/${id}/bridge-letters/preview`;
    const p = await ok(w.s.orgAdmin.request("POST", url, body));
    expect(p.title).toBe(
      `Bridge letter for the period from ${formatReportDate(addDays(end, 1))} to ${formatReportDate(today())}`,
    );
    expect(p.changes).toEqual([
      `${formatReportDate(changeDay)}: Moved settlement to a second region.`,
      "Added a fraud-monitoring rule set.",
    ]);
    expect(p.incidents).toHaveLength(1);
    expect(JSON.stringify(p.blocks)).toContain("does not replace a SOC report");
    expect(p.signature).toEqual(["Ananya Rao", "Chief Executive Officer", expect.any(String)]);
    const stored = await w.deps.db
      .selectFrom("reports")
      .select("id")
      .where("kind", "=", "bridge-letter")
      .execute();
    expect(stored).toEqual([]);
    const late = expectError(
      await w.s.orgAdmin.request("POST", url, { ...body, coversUntil: addDays(today(), 1) }),
      400,
      "VALIDATION",
    );
    expect(late.message).toMatch(/after the letter's date/);
    expectError(await w.s.partner.request("POST", url, body), 403, "FORBIDDEN");
    expectError(await w.s.otherOrgAdmin.request("POST", url, body), 404, "NOT_FOUND");

    await ok(w.s.orgAdmin.request("POST", `/api/engagements/${id}/bridge-letters`, body), 201);
    const d = await ok(w.s.manager.request("GET", `/api/engagements/${id}/bridge-letters/draft`));
    expect(d.issued).toHaveLength(1);
    expect(d.issued[0]).toMatchObject({ kind: "bridge-letter", coversUntil: today(), public: false });
    expect(d.issued[0].signedBy).toMatch(/^org_admin /);
  });
});
