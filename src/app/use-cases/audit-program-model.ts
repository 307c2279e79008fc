/**
 * Shared pieces of the audit program use-cases: input schemas, who may do what, loading the
 * engagement and its program state, stored rows to program lines and back, and the API shapes.
 * The audit program is the auditor's own working paper: the client's people do not see it (they
 * see the request list generated from it).
 */
import type { Kysely } from "kysely";
import { z } from "zod";
import { CRITERIA } from "../../catalog/criteria.js";
import {
  type Attribute,
  type EngagementKind,
  lineEtag,
  type Procedure,
  ProcedureSchema,
  type ProgramLine,
  programCoverage,
  programEtag,
  SampleRuleSchema,
  sampleSizeFor,
} from "../../core/audit-program.js";
import type { ProgramScope, ScopeControl } from "../../core/audit-program-defaults.js";
import { criteriaForCategories } from "../../core/criteria.js";
import { AppError } from "../../core/errors.js";
import { isCalendarDate } from "../../core/evidence-requests.js";
import type { Role } from "../../core/roles.js";
import { RISK_LEVELS } from "../../core/sample-size.js";
import { SystemDescriptionSchema } from "../../core/system-description.js";
import {
  listProgramControls,
  type ProgramLineRow,
  type ProgramVersionRow,
} from "../../db/repositories/audit-programs.js";
import { findSystemDescription } from "../../db/repositories/system-descriptions.js";
import type { DB, EngagementRow } from "../../db/schema.js";
import type { ProgramControlsTable } from "../../db/schema-fieldwork.js";
import type { UserActor } from "../actor.js";
import { requireEngagementRole, rolesOnEngagement } from "../authz.js";
import type { Deps } from "../deps.js";
import { engagementStage, engagementType, loadEngagement, parseCategories } from "./engagement-model.js";

// ----- who may do what -----

/** The engagement team drafts and edits the program. */
export const PROGRAM_EDITORS = ["partner", "engagement_manager", "staff_auditor"] as const satisfies Role[];
/** The issue: the engagement manager approves the program (a partner may too). */
export const PROGRAM_APPROVERS = ["engagement_manager", "partner"] as const satisfies Role[];
export const PROGRAM_READERS: readonly Role[] = [...PROGRAM_EDITORS, "firm_admin"];

const holds = (user: UserActor, e: EngagementRow, roles: readonly Role[]) =>
  rolesOnEngagement(user, e).some((r) => roles.includes(r));

// ----- input schemas -----

const AttributeInputSchema = z.object({
  id: z.string().trim().min(1).max(20).optional(),
  text: z.string().trim().min(1, "Say what is checked.").max(1000),
});

export const UpdateLineSchema = z.object({
  procedures: z.array(ProcedureSchema).max(12).optional(),
  attributes: z.array(AttributeInputSchema).max(40).optional(),
  populationSource: z.string().trim().max(1000).optional(),
  sampleRule: SampleRuleSchema.optional(),
  /** Shorthand for the frequency rule's risk setting. */
  risk: z.enum(RISK_LEVELS).optional(),
  /** The line's etag as last read; a different current etag means someone else changed it. */
  ifMatch: z.string().trim().max(64).optional(),
});
export type UpdateLineInput = z.output<typeof UpdateLineSchema>;

export const AddLineSchema = z.object({ controlId: z.string().trim().min(1).max(100) });

export const ApproveProgramSchema = z.object({
  /** The program's etag as reviewed; approval is refused if the draft changed since. */
  ifMatch: z.string().trim().max(64).optional(),
});

export const NewVersionSchema = z.object({
  reason: z.string().trim().min(1, "Give the reason for changing the approved program.").max(2000),
});

export const ProgramQuerySchema = z.object({
  version: z.coerce.number().int().min(1).max(100_000).optional(),
});

export const RequestListSchema = z.object({
  dueDate: z.string().refine(isCalendarDate, "Use a real date in the form YYYY-MM-DD.").optional(),
});

// ----- loading -----

/** The engagement, if the actor is on the auditing firm's side of it. */
export const loadProgramEngagement = async (
  deps: Deps,
  user: UserActor,
  engagementId: string,
): Promise<EngagementRow> => {
  const e = await loadEngagement(deps, user, engagementId);
  requireEngagementRole(user, e, PROGRAM_READERS, "see the audit program");
  return e;
};

/** Program changes stop once the engagement reaches Issuance: the opinion rests on the program as it was. */
export const assertProgramChangeable = (e: EngagementRow): void => {
  if (engagementStage(e) === "issuance") {
    throw new AppError(
      "CONFLICT",
      "The engagement is at Issuance, so its audit program can no longer change. Move the engagement back with a reason first.",
    );
  }
};

export const programScopeOf = (e: EngagementRow): ProgramScope => ({
  type: engagementType(e),
  criteria: criteriaForCategories(CRITERIA, parseCategories(e.categories)).map((c) => c.id),
});

const parseList = (json: string): string[] => {
  const value: unknown = JSON.parse(json);
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
};

export type OrgControl = ScopeControl & { readonly ownerUserId: string | null };

export const loadOrgControls = async (db: Kysely<DB>, orgId: string): Promise<OrgControl[]> =>
  (await listProgramControls(db, orgId)).map((c) => ({
    id: c.id,
    code: c.code,
    title: c.title,
    criteria: parseList(c.criteria),
    frequency: c.frequency,
    automation: c.automation,
    evidence: parseList(c.evidence),
    attributes: parseList(c.attributes),
    status: c.status,
    ownerUserId: c.owner_user_id,
  }));

/** Criteria management declared not relevant to the system, with a reason, in the description (DC8). */
export const loadNotRelevant = async (db: Kysely<DB>, engagementId: string): Promise<string[]> => {
  const row = await findSystemDescription(db, engagementId);
  if (!row) return [];
  const parsed = SystemDescriptionSchema.safeParse(JSON.parse(row.content));
  if (!parsed.success) return [];
  return parsed.data.notRelevant.filter((n) => n.reason.trim() !== "").map((n) => n.criterionId);
};

// ----- rows and lines -----

export type StoredLine = ProgramLine & {
  readonly id: string;
  readonly position: number;
  readonly updatedAt: string;
};

export const parseLine = (row: ProgramLineRow): StoredLine => ({
  id: row.id,
  position: row.position,
  updatedAt: row.updated_at,
  controlId: row.control_id,
  code: row.code,
  title: row.title,
  criteria: parseList(row.criteria),
  frequency: row.frequency,
  automation: row.automation,
  procedures: JSON.parse(row.procedures) as Procedure[],
  attributes: JSON.parse(row.attributes) as Attribute[],
  populationSource: row.population_source,
  sampleRule: SampleRuleSchema.parse(JSON.parse(row.sample_rule)),
});

export const lineRow = (
  deps: Pick<Deps, "newId">,
  program: { id: string; firm_id: string; org_id: string; engagement_id: string },
  line: ProgramLine,
  position: number,
  at: string,
): ProgramControlsTable => ({
  id: deps.newId(),
  program_id: program.id,
  firm_id: program.firm_id,
  org_id: program.org_id,
  engagement_id: program.engagement_id,
  control_id: line.controlId,
  position,
  code: line.code,
  title: line.title,
  criteria: JSON.stringify(line.criteria),
  frequency: line.frequency,
  automation: line.automation,
  procedures: JSON.stringify(line.procedures),
  attributes: JSON.stringify(line.attributes),
  population_source: line.populationSource,
  sample_rule: JSON.stringify(line.sampleRule),
  updated_at: at,
});

/** What the audit trail records of a line's editable content. */
export const lineAuditFields = (l: ProgramLine) => ({
  code: l.code,
  procedures: l.procedures,
  attributes: l.attributes,
  populationSource: l.populationSource,
  sampleRule: l.sampleRule,
});

// ----- views -----

const person = (id: string | null, name: string | null) => (id ? { id, name } : null);

export const versionView = (p: ProgramVersionRow) => ({
  id: p.id,
  version: p.version,
  status: p.status,
  reason: p.reason,
  createdBy: person(p.created_by, p.created_by_name),
  createdAt: p.created_at,
  updatedAt: p.updated_at,
  approvedBy: person(p.approved_by, p.approved_by_name),
  approvedAt: p.approved_at,
});

export const lineView = (l: StoredLine) => ({
  id: l.id,
  position: l.position,
  controlId: l.controlId,
  code: l.code,
  title: l.title,
  criteria: l.criteria,
  frequency: l.frequency,
  automation: l.automation,
  procedures: l.procedures,
  attributes: l.attributes,
  populationSource: l.populationSource,
  sampleRule: l.sampleRule,
  sampleSize: sampleSizeFor(l.sampleRule),
  etag: lineEtag(l),
  updatedAt: l.updatedAt,
});

export const programView = (
  p: ProgramVersionRow,
  lines: readonly StoredLine[],
  scope: ProgramScope,
  notRelevant: readonly string[],
) => {
  const coverage = programCoverage(scope.criteria, lines, notRelevant);
  const titles = new Map<string, string>(CRITERIA.map((c) => [c.id, c.title]));
  return {
    ...versionView(p),
    etag: programEtag(p, lines),
    lines: lines.map(lineView),
    coverage: {
      inScope: scope.criteria.length,
      covered: coverage.criteria.filter((c) => c.status === "covered").length,
      criteria: coverage.criteria.map((c) => ({ ...c, title: titles.get(c.criterionId) ?? "" })),
      gaps: coverage.gaps,
      notRelevant: coverage.notRelevant,
    },
  };
};

export const programPermissions = (
  user: UserActor,
  e: EngagementRow,
  latest: ProgramVersionRow | undefined,
  approved: ProgramVersionRow | undefined,
) => {
  const open = engagementStage(e) !== "issuance";
  const editor = holds(user, e, PROGRAM_EDITORS) && open;
  const approver = holds(user, e, PROGRAM_APPROVERS) && open;
  const draft = latest?.status === "draft";
  return {
    canGenerate: editor && (!latest || draft),
    canEdit: editor && draft,
    canApprove: approver && draft,
    canCreateVersion: editor && latest?.status === "approved",
    canGenerateRequests: holds(user, e, PROGRAM_EDITORS) && approved !== undefined,
    canRollForward: holds(user, e, PROGRAM_APPROVERS),
  };
};

export const engagementKindOf = (e: EngagementRow): EngagementKind => engagementType(e);

export const auditTarget = (e: { firm_id: string; org_id: string; id: string }) => ({
  firmId: e.firm_id,
  orgId: e.org_id,
  engagementId: e.id,
});
