/**
 * SOC 3 and bridge letters through the HTTP API (issue 5 §4), on SQLite and PostgreSQL. A Type 2
 * engagement for July 2025 to June 2026 gets a description (boundaries, commitments, a change dated
 * in the gap), the partner's opinion and an issued SOC 2 report row (issuance itself is tested
 * elsewhere). The partner issues the SOC 3 (signed, public); the organization admin issues a bridge
 * letter; roles and another tenant are refused; the PDFs read back with pdftotext and pdfsig.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { giveDemoFirmCertificate } from "../../src/app/use-cases/signing-certificates.js";
import { pdfsig } from "../fixtures/reports-sign/kit.js";
import { signInActor } from "../support/actors.js";
import type { Session } from "../support/app.js";
import { describeEachDatabase } from "../support/databases.js";
import { expectError } from "../support/http.js";
import { ok, setUpWorld, type World } from "./workpaper-fixture.js";

const dir = mkdtempSync(join(tmpdir(), "fw-soc3-it-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const pdfText = (pdf: Buffer): string => {
  const file = join(dir, `${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, pdf);
  return execFileSync("pdftotext", [file, "-"], { encoding: "utf8" }).replace(/\s+/g, " ");
};

describeEachDatabase("SOC 3 and bridge letters", (target) => {
  let w: World;
  let id: string;
  let type1Id: string;

  const engagement = async (body: Record<string, string>): Promise<string> =>
    (
      await ok(
        w.s.manager.request("POST", `/api/organizations/${w.tenant.orgId}/engagements`, {
          name: "SOC 2 FY 2025-26",
          ...body,
        }),
        201,
      )
    ).id as string;

  const download = async (s: Session, url: string) => {
    const res = await w.t.app.inject({
      method: "GET",
      url,
      headers: { cookie: s.cookie, "x-csrf-token": s.csrf },
    });
    return { status: res.statusCode, body: res.rawPayload, json: () => res.json() };
  };

  const issuedSoc2 = async (engagementId: string, kind: string, coversUntil: string) => {
    const now = new Date().toISOString();
    await w.deps.db
      .insertInto("reports")
      .values({
        id: `soc2-${engagementId}`,
        firm_id: w.tenant.firmId,
        org_id: w.tenant.orgId,
        engagement_id: engagementId,
        kind,
        version: 1,
        status: "issued",
        pdf_sha256: "0".repeat(64),
        pdf_size: 1,
        pages: 1,
        covers_until: coversUntil,
        manifest_root: null,
        document_sha256: null,
        signed_by: w.ids.partner,
        signed_at: "2026-08-14T10:00:00.000Z",
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
    id = await engagement({ type: "type2", periodStart: "2025-07-01", periodEnd: "2026-06-30" });
    type1Id = await engagement({ type: "type1", asOfDate: "2026-06-30" });
    await ok(
      w.s.orgAdmin.request("PUT", `/api/engagements/${id}/system-description`, {
        revision: 0,
        content: {
          services: "Payroll processing for small businesses.",
          commitments:
            "We commit to keep payroll data confidential and the service available 99.9 % of each month.",
          requirements: "Access is limited to named staff; backups are restored quarterly.",
          boundaries:
            "The production payroll service on AWS and the support tools; customers' own systems are outside.",
          cuecs: [
            { text: "Customers remove leavers from their payroll admin accounts.", criteria: ["CC6.2"] },
          ],
          changes: [
            { date: "2026-03-02", description: "Moved to a new payroll engine." },
            { date: "2026-08-20", description: "Added single sign-on for support staff." },
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
    await giveDemoFirmCertificate(
      w.deps,
      await signInActor(w.deps, w.tenant.users.partner.email),
      w.tenant.firmId,
    );
  });
  afterAll(async () => w?.t.close());

  it("refuses the SOC 3 before the SOC 2 report is issued, to other roles, other tenants and Type 1", async () => {
    expectError(await w.s.partner.request("POST", `/api/engagements/${id}/soc3`), 409, "GUARD_FAILED");
    await issuedSoc2(id, "soc2-type2", "2026-06-30");
    expectError(await w.s.orgAdmin.request("POST", `/api/engagements/${id}/soc3`), 403, "FORBIDDEN");
    expectError(await w.s.staff.request("POST", `/api/engagements/${id}/soc3`), 403, "FORBIDDEN");
    expectError(await w.s.otherManager.request("POST", `/api/engagements/${id}/soc3`), 404, "NOT_FOUND");
    expectError(await w.s.otherOrgAdmin.request("POST", `/api/engagements/${id}/soc3`), 404, "NOT_FOUND");
    const t1 = expectError(
      await w.s.partner.request("POST", `/api/engagements/${type1Id}/soc3`),
      400,
      "VALIDATION",
    );
    expect(t1.message).toMatch(/Type 2/);
  });

  it("issues a signed, public SOC 3 with no controls, and supersedes it with the next version", async () => {
    const first = await ok(w.s.partner.request("POST", `/api/engagements/${id}/soc3`), 201);
    expect(first).toMatchObject({
      kind: "soc3",
      version: 1,
      status: "issued",
      public: true,
      coversUntil: "2026-06-30",
    });
    expect(first.certificateFingerprint).toMatch(/^[0-9a-f]{64}$/);
    const file = await download(w.s.orgAdmin, `/api/engagements/${id}/soc3/latest.pdf`);
    expect(file.status).toBe(200);
    const text = pdfText(file.body);
    expect(text).toContain("SOC 3 report");
    expect(text).toContain("is fairly stated, in all material respects");
    expect(text).toContain("The production payroll service on AWS");
    expect(text).not.toMatch(/No exceptions noted|Section IV/);
    expect(await pdfsig(new Uint8Array(file.body))).toContain("Signature is Valid.");
    expectError(
      await download(w.s.otherOrgAdmin, `/api/engagements/${id}/soc3/latest.pdf`),
      404,
      "NOT_FOUND",
    );
    expectError(await download(w.s.owner, `/api/engagements/${id}/soc3/latest.pdf`), 403, "FORBIDDEN");

    const second = await ok(w.s.partner.request("POST", `/api/engagements/${id}/soc3`), 201);
    expect(second.version).toBe(2);
    const rows = await w.deps.db
      .selectFrom("reports")
      .select(["version", "status", "public"])
      .where("engagement_id", "=", id)
      .where("kind", "=", "soc3")
      .orderBy("version")
      .execute();
    expect(rows.map((r) => [Number(r.version), r.status, Number(r.public)])).toEqual([
      [1, "superseded", 0],
      [2, "issued", 1],
    ]);
    const events = await w.deps.db
      .selectFrom("audit_events")
      .select("action")
      .where("target_id", "=", second.id)
      .execute();
    expect(events.map((e) => e.action)).toContain("report.soc3-issued");
  });

  it("lets the organization admin issue a bridge letter with the recorded changes and the none-statement", async () => {
    const body = {
      coversUntil: "2026-10-31",
      changes: [],
      incidents: [],
      signerName: "Priya Nair",
      signerTitle: "Chief Executive Officer",
    };
    const url = `/api/engagements/${id}/bridge-letters`;
    expectError(await w.s.partner.request("POST", url, body), 403, "FORBIDDEN");
    expectError(await w.s.owner.request("POST", url, body), 403, "FORBIDDEN");
    expectError(await w.s.otherOrgAdmin.request("POST", url, body), 404, "NOT_FOUND");
    const late = expectError(
      await w.s.orgAdmin.request("POST", url, {
        ...body,
        coversUntil: "2027-07-01",
        noChangesConfirmed: true,
      }),
      400,
      "VALIDATION",
    );
    expect(late.message).toMatch(/more than 12 months/);
    // The description records a change in the gap, but no incident: that needs the confirmation.
    const unconfirmed = expectError(await w.s.orgAdmin.request("POST", url, body), 400, "VALIDATION");
    expect(unconfirmed.message).toMatch(/noChangesConfirmed/);

    const letter = await ok(w.s.orgAdmin.request("POST", url, { ...body, noChangesConfirmed: true }), 201);
    expect(letter).toMatchObject({
      kind: "bridge-letter",
      version: 1,
      status: "issued",
      public: false,
      coversUntil: "2026-10-31",
      certificateFingerprint: null,
      signer: { name: "Priya Nair", title: "Chief Executive Officer" },
      changes: ["20 August 2026: Added single sign-on for support staff."],
      incidents: [],
    });
    const file = await download(w.s.manager, `/api/engagements/${id}/bridge-letters/latest.pdf`);
    expect(file.status).toBe(200);
    const text = pdfText(file.body);
    expect(text).toContain("Bridge letter for the period from 1 July 2026 to 31 October 2026");
    expect(text).toContain("SOC 2 Type 2 report for the period 1 July 2025 to 30 June 2026");
    expect(text).toContain("Added single sign-on for support staff.");
    expect(text).not.toContain("Moved to a new payroll engine.");
    expect(text).toContain("Management is not aware of any incident");
    expect(text).toContain("Customers remove leavers from their payroll admin accounts.");
    expect(text).toContain("does not replace a SOC report");
    expect(text).toContain("Priya Nair Chief Executive Officer");
    const event = await w.deps.db
      .selectFrom("audit_events")
      .select(["action", "actor_user_id"])
      .where("target_id", "=", letter.id)
      .executeTakeFirstOrThrow();
    expect(event).toEqual({ action: "report.bridge-letter-issued", actor_user_id: w.ids.orgAdmin });
  });

  it("refuses a bridge letter when no SOC 2 report is issued", async () => {
    expectError(
      await w.s.orgAdmin.request("POST", `/api/engagements/${type1Id}/bridge-letters`, {
        coversUntil: "2026-09-30",
        noChangesConfirmed: true,
        signerName: "Priya Nair",
        signerTitle: "CEO",
      }),
      409,
      "GUARD_FAILED",
    );
  });
});
