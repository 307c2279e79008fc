/**
 * What the incident use-cases share: who may do what, input schemas, loading an incident the
 * actor may see, and the views the API returns (with the notification clocks computed at the
 * current time).
 *
 * Access: the organization's admins and control owners record and manage incidents; the auditing
 * firm's partners, engagement managers and staff auditors read them (auditors sample from the
 * register). Employees and firm admins get FORBIDDEN; anyone else NOT_FOUND.
 */

import type { Kysely } from "kysely";
import { z } from "zod";
import { AppError, notFound } from "../../core/errors.js";
import { type ClockFacts, clockNotes, notificationClocks } from "../../core/incident-clocks.js";
import {
  ACTION_STATUSES,
  formatIncidentRef,
  INCIDENT_CLASSIFICATIONS,
  INCIDENT_JURISDICTIONS,
  INCIDENT_SEVERITIES,
  type IncidentClassification,
  type IncidentJurisdiction,
  TIMELINE_PHASES,
} from "../../core/incidents.js";
import type { Role } from "../../core/roles.js";
import { findIncident, type IncidentItem, listOrgPeople } from "../../db/repositories/incidents.js";
import type { DB } from "../../db/schema.js";
import type { UserActor } from "../actor.js";
import { requireEngagementRole, rolesOnEngagement, scopeOf } from "../authz.js";
import type { Deps } from "../deps.js";
import { loadEvidenceOrg } from "./evidence-model.js";
import { DateSchema, IdSchema, textSchema } from "./request-model.js";

export const INCIDENT_WRITERS: readonly Role[] = ["org_admin", "control_owner"];
export const INCIDENT_READERS: readonly Role[] = [
  ...INCIDENT_WRITERS,
  "partner",
  "engagement_manager",
  "staff_auditor",
];

// ---- input schemas ----

/** An instant with an offset or Z, stored as UTC ISO text. */
export const InstantSchema = z.iso
  .datetime({ offset: true, local: false, message: "Use a date and time such as 2026-07-14T10:30:00Z." })
  .transform((s) => new Date(s).toISOString());

const Title = textSchema(200);
const LongText = z
  .string()
  .max(10_000)
  .transform((s) => s.replace(/\r\n?/g, "\n").trim());
const Labels = z.array(textSchema(200)).max(50);

const FactsShape = {
  title: Title,
  summary: LongText.optional(),
  detectedAt: InstantSchema,
  awareAt: InstantSchema,
  reportedBy: textSchema(200),
  classification: z.enum(INCIDENT_CLASSIFICATIONS),
  severity: z.enum(INCIDENT_SEVERITIES),
  affectedSystems: Labels.optional(),
  dataCategories: Labels.optional(),
  personalData: z.boolean().optional(),
  principalsCount: z.number().int().min(0).max(2_000_000_000).nullable().optional(),
  jurisdictions: z.array(z.enum(INCIDENT_JURISDICTIONS)).max(3).optional(),
  /** Defaults to true unless the classification is "event". */
  certInReportable: z.boolean().optional(),
  /** Defaults from the organization's sector (RBI for fintech and BFSI). */
  regulators: z.array(textSchema(40)).max(10).optional(),
  ownerUserId: IdSchema.nullable().optional(),
};

export const CreateIncidentSchema = z.object(FactsShape);
export type CreateIncidentInput = z.output<typeof CreateIncidentSchema>;

export const UpdateIncidentSchema = z.object({
  title: FactsShape.title.optional(),
  summary: FactsShape.summary,
  detectedAt: FactsShape.detectedAt.optional(),
  awareAt: FactsShape.awareAt.optional(),
  reportedBy: FactsShape.reportedBy.optional(),
  classification: FactsShape.classification.optional(),
  severity: FactsShape.severity.optional(),
  affectedSystems: FactsShape.affectedSystems,
  dataCategories: FactsShape.dataCategories,
  personalData: FactsShape.personalData,
  principalsCount: FactsShape.principalsCount,
  jurisdictions: FactsShape.jurisdictions,
  certInReportable: FactsShape.certInReportable,
  regulators: FactsShape.regulators,
  ownerUserId: FactsShape.ownerUserId,
  status: z.enum(["open", "contained", "resolved"]).optional(),
  disclose: z.boolean().optional(),
  disclosure: z.object({ nature: LongText, extent: LongText, resolution: LongText }).partial().optional(),
});
export type UpdateIncidentInput = z.output<typeof UpdateIncidentSchema>;

export const IncidentFilterSchema = z.object({
  status: z.enum(["open", "contained", "resolved", "closed", "active"]).optional(),
  severity: z.enum(INCIDENT_SEVERITIES).optional(),
  classification: z.enum(INCIDENT_CLASSIFICATIONS).optional(),
  personalData: z.enum(["yes", "no"]).optional(),
  q: z.string().trim().max(200).optional(),
});
export type IncidentFilterInput = z.output<typeof IncidentFilterSchema>;

export const TimelineEntrySchema = z.object({
  at: InstantSchema,
  phase: z.enum(TIMELINE_PHASES),
  note: textSchema(5000),
});

export const NotificationSentSchema = z.object({
  clock: z.string().trim().min(1).max(40),
  /** Defaults to the clock's recipient. */
  recipient: textSchema(200).optional(),
  sentAt: InstantSchema,
  reference: textSchema(200),
});

export const ReviewSchema = z.object({ rootCause: textSchema(10_000), lessons: textSchema(10_000) });

export const NewActionSchema = z.object({
  title: textSchema(500),
  ownerUserId: IdSchema,
  dueDate: DateSchema.nullable().optional(),
});

export const UpdateActionSchema = z.object({
  title: textSchema(500).optional(),
  ownerUserId: IdSchema.optional(),
  dueDate: DateSchema.nullable().optional(),
  status: z.enum(ACTION_STATUSES).optional(),
  /** Required when accepting an action without doing it: why the risk is accepted. */
  note: z
    .string()
    .max(2000)
    .transform((s) => s.trim())
    .optional(),
});

export const ExportFormatSchema = z.object({ format: z.enum(["csv", "json"]).default("csv") });

// ---- loading ----

export const loadIncidentOrg = (
  deps: Deps,
  user: UserActor,
  orgId: string,
  roles: readonly Role[],
  action: string,
) => loadEvidenceOrg(deps, user, orgId, roles, action);

export const loadIncident = async (
  deps: Deps,
  user: UserActor,
  id: string,
  roles: readonly Role[],
  action: string,
): Promise<IncidentItem> => {
  const row = await findIncident(deps.db, id, scopeOf(user));
  if (!row) throw notFound("Incident");
  requireEngagementRole(user, { firm_id: row.firm_id, org_id: row.org_id }, roles, action);
  return row;
};

export const canWrite = (user: UserActor, row: { firm_id: string; org_id: string }): boolean =>
  rolesOnEngagement(user, row).some((r) => INCIDENT_WRITERS.includes(r));

/** The owner of an incident or action must hold a writer role in the organization. */
export const requireOrgPerson = async (db: Kysely<DB>, orgId: string, userId: string, what: string) => {
  const people = await listOrgPeople(db, orgId, INCIDENT_WRITERS);
  const person = people.find((p) => p.id === userId);
  if (!person) {
    throw new AppError(
      "VALIDATION",
      `${what}: choose an organization admin or control owner of this organization.`,
    );
  }
  return person;
};

// ---- views ----

const list = (json: string): string[] => {
  const v = JSON.parse(json) as unknown;
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
};

export const factsOf = (r: IncidentItem): ClockFacts => ({
  classification: r.classification as IncidentClassification,
  personalData: r.personal_data === 1,
  jurisdictions: list(r.jurisdictions) as IncidentJurisdiction[],
  certInReportable: r.cert_in_reportable === 1,
  regulators: list(r.regulators),
});

export interface SentRow {
  readonly incident_id: string;
  readonly clock: string;
  readonly sent_at: string;
  readonly recipient: string;
  readonly reference: string;
}

export const clocksOf = (r: IncidentItem, sent: readonly SentRow[], now: Date) =>
  notificationClocks(
    factsOf(r),
    r.aware_at,
    sent
      .filter((s) => s.incident_id === r.id)
      .map((s) => ({ clock: s.clock, sentAt: s.sent_at, recipient: s.recipient, reference: s.reference })),
    now,
  );

export const incidentView = (r: IncidentItem, sent: readonly SentRow[], now: Date) => {
  const facts = factsOf(r);
  return {
    id: r.id,
    orgId: r.org_id,
    ref: formatIncidentRef(Number(r.seq)),
    title: r.title,
    summary: r.summary,
    detectedAt: r.detected_at,
    awareAt: r.aware_at,
    reportedBy: r.reported_by,
    classification: facts.classification,
    severity: r.severity,
    affectedSystems: list(r.affected_systems),
    dataCategories: list(r.data_categories),
    personalData: facts.personalData,
    principalsCount: r.principals_count === null ? null : Number(r.principals_count),
    jurisdictions: facts.jurisdictions,
    certInReportable: facts.certInReportable,
    regulators: facts.regulators ?? [],
    status: r.status,
    owner: r.owner_user_id ? { id: r.owner_user_id, name: r.owner_name ?? null } : null,
    rootCause: r.root_cause,
    lessons: r.lessons,
    reviewCompletedAt: r.review_completed_at,
    disclose: r.disclose === 1,
    disclosure: {
      nature: r.disclosure_nature,
      extent: r.disclosure_extent,
      resolution: r.disclosure_resolution,
    },
    closedAt: r.closed_at,
    closureEvidenceId: r.closure_evidence_id,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    clocks: clocksOf(r, sent, now),
    clockNotes: clockNotes(facts),
  };
};

export const auditFields = (r: Partial<IncidentItem>) => {
  const { firm_id: _f, org_id: _o, created_at: _c, updated_at: _u, owner_name: _n, ...rest } = r;
  return rest;
};
