/**
 * A firm and client with an engagement ready for fieldwork, shared by the workpaper and exception
 * suites: controls, an approved audit program, populations, samples (and extensions) and evidence
 * versions are written straight through Kysely, as the audit program and population capabilities
 * would write them, so these suites test workpapers and exceptions alone.
 */
import { randomUUID } from "node:crypto";
import { expect } from "vitest";
import type { Deps } from "../../src/app/deps.js";
import { currentTotp } from "../../src/app/security/totp.js";
import { findUserByEmail } from "../../src/db/repositories/users.js";
import {
  createTestApp,
  type Session,
  seedTenant,
  signIn,
  type TestApp,
  type TestTenant,
} from "../support/app.js";
import type { DatabaseTarget } from "../support/databases.js";
import type { Json } from "../support/http.js";

export interface Tenancy {
  readonly id: string;
  readonly firm_id: string;
  readonly org_id: string;
}

export const ATTRIBUTES = [
  { id: "A1", text: "Approved before deployment" },
  { id: "A2", text: "Approver differs from the author" },
];

export interface World {
  readonly t: TestApp;
  readonly deps: Deps;
  readonly tenant: TestTenant;
  readonly other: TestTenant;
  readonly s: Record<
    | "partner"
    | "manager"
    | "staff"
    | "firmAdmin"
    | "orgAdmin"
    | "owner"
    | "employee"
    | "otherManager"
    | "otherOrgAdmin",
    Session
  >;
  readonly ids: Record<"partner" | "manager" | "staff" | "orgAdmin" | "owner", string>;
}

export const setUpWorld = async (target: DatabaseTarget): Promise<World> => {
  const t = await createTestApp(target);
  const deps = t.context.deps;
  const tenant = await seedTenant(t, "wp");
  const other = await seedTenant(t, "wpo");
  const u = tenant.users;
  const s = {
    partner: await signIn(t.app, u.partner),
    manager: await signIn(t.app, u.engagement_manager),
    staff: await signIn(t.app, u.staff_auditor),
    firmAdmin: await signIn(t.app, u.firm_admin),
    orgAdmin: await signIn(t.app, u.org_admin),
    owner: await signIn(t.app, u.control_owner),
    employee: await signIn(t.app, u.employee),
    otherManager: await signIn(t.app, other.users.engagement_manager),
    otherOrgAdmin: await signIn(t.app, other.users.org_admin),
  };
  const idOf = async (email: string) => (await findUserByEmail(deps.db, email))?.id ?? "";
  const ids = {
    partner: await idOf(u.partner.email),
    manager: await idOf(u.engagement_manager.email),
    staff: await idOf(u.staff_auditor.email),
    orgAdmin: await idOf(u.org_admin.email),
    owner: await idOf(u.control_owner.email),
  };
  return { t, deps, tenant, other, s, ids };
};

/** A Type 2 engagement for 2026 created through the API; returns its tenancy. */
export const newEngagement = async (w: World, tenant = w.tenant, manager = w.s.manager): Promise<Tenancy> => {
  const res = await manager.request("POST", `/api/organizations/${tenant.orgId}/engagements`, {
    name: "SOC 2 Type 2 2026",
    type: "type2",
    periodStart: "2026-01-01",
    periodEnd: "2026-12-31",
  });
  expect(res.status, JSON.stringify(res.json())).toBe(201);
  return { id: res.json().id, firm_id: tenant.firmId, org_id: tenant.orgId };
};

const now = () => new Date().toISOString();

export const addControl = async (deps: Deps, orgId: string, code: string, ownerId: string | null = null) => {
  const id = randomUUID();
  await deps.db
    .insertInto("org_controls")
    .values({
      id,
      org_id: orgId,
      library_id: null,
      code,
      domain: "Change",
      title: `Control ${code}`,
      description: "",
      criteria: "[]",
      frequency: "daily",
      automation: "manual",
      evidence: "[]",
      attributes: "[]",
      owner_user_id: ownerId,
      status: "implemented",
      created_at: now(),
      updated_at: now(),
    })
    .execute();
  return id;
};

export interface LineSpec {
  readonly controlId: string;
  readonly code: string;
  readonly criteria: readonly string[];
  readonly attributes?: readonly { id: string; text: string }[];
  readonly sampleRule?: unknown;
}

/** An audit program version with one line per control; returns the line ids by control. */
export const addProgram = async (
  deps: Deps,
  e: Tenancy,
  lines: readonly LineSpec[],
  options: { version?: number; status?: string } = {},
): Promise<Record<string, string>> => {
  const programId = randomUUID();
  await deps.db
    .insertInto("audit_programs")
    .values({
      id: programId,
      firm_id: e.firm_id,
      org_id: e.org_id,
      engagement_id: e.id,
      version: options.version ?? 1,
      status: options.status ?? "approved",
      reason: null,
      created_by: null,
      created_at: now(),
      updated_at: now(),
      approved_by: null,
      approved_at: options.status === "draft" ? null : now(),
    })
    .execute();
  const out: Record<string, string> = {};
  for (const [i, l] of lines.entries()) {
    const id = randomUUID();
    out[l.controlId] = id;
    await deps.db
      .insertInto("program_controls")
      .values({
        id,
        program_id: programId,
        firm_id: e.firm_id,
        org_id: e.org_id,
        engagement_id: e.id,
        control_id: l.controlId,
        position: i,
        code: l.code,
        title: `Control ${l.code}`,
        criteria: JSON.stringify(l.criteria),
        frequency: "daily",
        automation: "manual",
        procedures: JSON.stringify([
          { method: "inquiry", description: "Ask the change manager how changes are approved" },
          { method: "inspection", description: "Inspect the ticket's approval" },
        ]),
        attributes: JSON.stringify(l.attributes ?? ATTRIBUTES),
        population_source: "Change tickets exported from the tracker",
        sample_rule: JSON.stringify(l.sampleRule ?? { kind: "frequency", frequency: "daily", risk: "low" }),
        updated_at: now(),
      })
      .execute();
  }
  return out;
};

export const addPopulation = async (deps: Deps, e: Tenancy, controlId: string, inPeriod = 250) => {
  const id = randomUUID();
  await deps.db
    .insertInto("populations")
    .values({
      id,
      firm_id: e.firm_id,
      org_id: e.org_id,
      engagement_id: e.id,
      control_id: controlId,
      name: "Change tickets 2026",
      period_start: "2026-01-01",
      period_end: "2026-12-31",
      blob_sha256: "a".repeat(64),
      file_name: "changes.csv",
      format: "csv",
      size_bytes: 12_345,
      row_count: inPeriod,
      columns: JSON.stringify(["ticket", "deployed", "approver"]),
      mapping: JSON.stringify({ date: "deployed", id: "ticket" }),
      preview: "[]",
      in_period_count: inPeriod,
      excluded_count: 0,
      unparseable_count: 0,
      unparseable: "[]",
      ca_method: "query",
      ca_source: "select * from changes",
      reconciliation: null,
      created_by: null,
      created_at: now(),
      updated_at: now(),
    })
    .execute();
  return id;
};

/** Rows startRow … startRow+size-1, dated across 2026 (a month per row, cycling). */
export const sampleItems = (size: number, startRow = 1) =>
  Array.from({ length: size }, (_, i) => {
    const row = startRow + i;
    return {
      row,
      id: `CHG-${row}`,
      date: `2026-${String((i % 12) + 1).padStart(2, "0")}-10`,
      values: { ticket: `CHG-${row}` },
    };
  });

export const addSample = async (
  deps: Deps,
  e: Tenancy,
  populationId: string,
  controlId: string,
  size: number,
  options: { startRow?: number; extendsSampleId?: string; reason?: string } = {},
) => {
  const id = randomUUID();
  await deps.db
    .insertInto("samples")
    .values({
      id,
      firm_id: e.firm_id,
      org_id: e.org_id,
      engagement_id: e.id,
      population_id: populationId,
      control_id: controlId,
      extends_sample_id: options.extendsSampleId ?? null,
      method: "random",
      seed: "seed-1",
      frequency: "daily",
      size,
      rule: "{}",
      strata: "[]",
      items: JSON.stringify(sampleItems(size, options.startRow ?? 1)),
      reason: options.reason ?? null,
      created_by: null,
      created_at: now(),
    })
    .execute();
  return id;
};

export const addPopulationTest = async (
  deps: Deps,
  e: Tenancy,
  populationId: string,
  controlId: string,
  rowsTested: number,
  rowsFailing: number,
) => {
  const id = randomUUID();
  await deps.db
    .insertInto("population_tests")
    .values({
      id,
      firm_id: e.firm_id,
      org_id: e.org_id,
      engagement_id: e.id,
      population_id: populationId,
      join_population_id: null,
      control_id: controlId,
      rule: "{}",
      rows_tested: rowsTested,
      rows_failing: rowsFailing,
      failing: "[]",
      created_by: null,
      created_at: now(),
    })
    .execute();
  return id;
};

/** An evidence version of the organization, as the evidence repository stores one. */
export const addEvidence = async (
  deps: Deps,
  orgId: string,
  sha256: string,
  supersedes: { id: string; seriesId: string; version: number } | null = null,
) => {
  const id = randomUUID();
  await deps.db
    .insertInto("evidence_items")
    .values({
      id,
      org_id: orgId,
      series_id: supersedes?.seriesId ?? id,
      version: supersedes ? supersedes.version + 1 : 1,
      supersedes_id: supersedes?.id ?? null,
      title: "Change approval export",
      description: null,
      media_type: "text/csv",
      size: 10,
      sha256,
      original_name: "approvals.csv",
      effective_date: "2026-06-30",
      period_start: null,
      period_end: null,
      source: "upload",
      importer_id: null,
      checks: null,
      uploaded_by: null,
      uploaded_at: now(),
    })
    .execute();
  return id;
};

/** Cells for every item × attribute with `result`, overridden per "row-N:A1" key. */
export const grid = (
  size: number,
  result: "pass" | "fail" | "na",
  overrides: Record<string, "pass" | "fail" | "na"> = {},
  startRow = 1,
) =>
  Array.from({ length: size }, (_, i) => `row-${startRow + i}`).flatMap((itemKey) =>
    ATTRIBUTES.map((a) => ({
      itemKey,
      attributeId: a.id,
      result: overrides[`${itemKey}:${a.id}`] ?? result,
    })),
  );

export const eventsOf = (deps: Deps, targetId: string) =>
  deps.db
    .selectFrom("audit_events")
    .select(["action", "summary", "actor_user_id", "engagement_id"])
    .where("target_id", "=", targetId)
    .orderBy("seq")
    .execute();

export const ok = async (res: Promise<{ status: number; json: () => Json }>, status = 200): Promise<Json> => {
  const r = await res;
  expect(r.status, JSON.stringify(r.json())).toBe(status);
  return r.json();
};

/**
 * Management's accepted representation letter (the "representation-letter-signed" guard of the move
 * into Issuance), through the engagement documents API: the manager generates and sends it, the
 * organization admin accepts it with a fresh authenticator code. The engagement must be at Control
 * testing or later.
 */
export const acceptRepresentationLetter = async (w: World, e: Tenancy): Promise<string> => {
  const rep = await ok(
    w.s.manager.request("POST", `/api/engagements/${e.id}/documents`, { kind: "representation-letter" }),
    201,
  );
  await ok(w.s.manager.request("POST", `/api/engagement-documents/${rep.id}/send`));
  await w.deps.db
    .updateTable("users")
    .set({ totp_last_step: null })
    .where("id", "=", w.ids.orgAdmin)
    .execute();
  await ok(
    w.s.orgAdmin.request("POST", `/api/engagement-documents/${rep.id}/accept`, {
      fullName: "Org Admin",
      title: "Chief Compliance Officer",
      agree: true,
      totpCode: currentTotp(w.tenant.users.org_admin.totpSecret ?? "", new Date()),
    }),
  );
  return rep.id as string;
};
