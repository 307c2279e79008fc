/**
 * Shared pieces of the exception use-cases: who may do what, input schemas, loading an exception the
 * actor can see (the client never sees a void one), and the two views: the auditors' (with
 * classification, markers, the core's suggestion and the extension) and the client's (what the
 * exception is and the responses, without the auditors' working notes).
 */
import { z } from "zod";
import { EXCEPTION_KINDS, MARKER_IDS } from "../../core/deviations.js";
import { notFound } from "../../core/errors.js";
import { textProblem } from "../../core/evidence-requests.js";
import type { Role } from "../../core/roles.js";
import { CLASSIFICATIONS, formatExceptionRef } from "../../core/workpaper.js";
import {
  type ExceptionItem,
  findVisibleException,
  type ResponseRow,
} from "../../db/repositories/exceptions.js";
import type { UserActor } from "../actor.js";
import { requireEngagementRole, rolesOnEngagement, scopeOf } from "../authz.js";
import type { Deps } from "../deps.js";
import { WP_EDITORS, WP_READERS } from "./workpaper-model.js";

/** The organization's people who answer exceptions (employees see none). */
export const EXC_CLIENT: readonly Role[] = ["org_admin", "control_owner"];
export const EXC_READERS: readonly Role[] = [...WP_READERS, ...EXC_CLIENT];

const Id = z.string().trim().min(1).max(100);
const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .refine((s) => textProblem(s) === null, "Contains a control character that cannot be stored.");
const DateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Use a date in the form YYYY-MM-DD.");

export const UpdateExceptionSchema = z.object({
  kind: z.enum(EXCEPTION_KINDS).optional(),
  description: text(5000).pipe(z.string().min(1, "Must not be empty.")).optional(),
  cause: text(5000).optional(),
  classification: z.enum(CLASSIFICATIONS).optional(),
  markers: z.array(z.enum(MARKER_IDS)).max(MARKER_IDS.length).optional(),
});
export type UpdateExceptionInput = z.output<typeof UpdateExceptionSchema>;

export const RespondSchema = z.object({
  response: text(10_000).pipe(z.string().min(1, "Write management's response.")),
  remediation: text(10_000).default(""),
  remediationDate: DateSchema.nullable().optional(),
});
export type RespondInput = z.output<typeof RespondSchema>;

export const DecisionSchema = z
  .object({ decision: z.enum(["accepted", "asked-again"]), note: text(5000).optional() })
  .refine((v) => v.decision !== "asked-again" || (v.note ?? "") !== "", {
    message: "Say what the organization should add or change when asking again.",
    path: ["note"],
  });
export type DecisionInput = z.output<typeof DecisionSchema>;

export const ExtensionSchema = z.object({
  sampleId: Id,
  reason: text(2000).pipe(z.string().min(1, "Say why the sample is extended.")),
});
export type ExtensionInput = z.output<typeof ExtensionSchema>;

// ----- loading -----

export type Side = "firm" | "org";

export const sideOn = (user: UserActor, x: { firm_id: string; org_id: string }): Side =>
  rolesOnEngagement(user, x).some((r) => WP_READERS.includes(r)) ? "firm" : "org";

export const isFirmEditor = (user: UserActor, x: { firm_id: string; org_id: string }) =>
  rolesOnEngagement(user, x).some((r) => WP_EDITORS.includes(r));

export const isClientAnswerer = (user: UserActor, x: { firm_id: string; org_id: string }) =>
  rolesOnEngagement(user, x).some((r) => EXC_CLIENT.includes(r));

/** The exception if the actor may see it: NOT_FOUND outside the tenants (and void ones for the client). */
export const loadException = async (deps: Deps, user: UserActor, id: string): Promise<ExceptionItem> => {
  const x = await findVisibleException(deps.db, id, scopeOf(user));
  if (!x) throw notFound("Exception");
  if (x.status === "void" && sideOn(user, x) === "org") throw notFound("Exception");
  requireEngagementRole(user, x, EXC_READERS, "see exceptions");
  return x;
};

// ----- views -----

const responseView = (r: ResponseRow) => ({
  n: Number(r.n),
  response: r.response,
  remediation: r.remediation,
  remediationDate: r.remediation_date,
  author: r.author_user_id ? { id: r.author_user_id, name: r.author_name ?? null } : null,
  createdAt: r.created_at,
  decision: r.decision,
  decisionNote: r.decision_note,
  decidedBy: r.decided_by ? { id: r.decided_by, name: r.decided_by_name ?? null } : null,
  decidedAt: r.decided_at,
});

const parse = (json: string | null): unknown => {
  if (json === null) return null;
  try {
    return JSON.parse(json);
  } catch {
    return null;
  }
};

/** What the client sees: the exception as reported, and the conversation about it. */
export const clientView = (x: ExceptionItem, responses: readonly ResponseRow[]) => ({
  id: x.id,
  ref: formatExceptionRef(x.seq),
  engagementId: x.engagement_id,
  control: { id: x.control_id, code: x.control_code, title: x.control_title },
  kind: x.kind,
  description: x.description,
  deviations: x.deviations,
  tested: x.tested,
  cause: x.cause,
  status: x.status,
  createdAt: x.created_at,
  updatedAt: x.updated_at,
  responses: responses.filter((r) => r.exception_id === x.id).map(responseView),
});

/** What the auditors see: everything, including classification, markers and the recorded extension. */
export const firmView = (x: ExceptionItem, responses: readonly ResponseRow[]) => ({
  ...clientView(x, responses),
  workpaperId: x.workpaper_id,
  workpaperStatus: x.workpaper_status,
  attributeId: x.attribute_id,
  classification: x.classification,
  markers: (parse(x.markers) as string[] | null) ?? [],
  extension: parse(x.extension),
  createdBy: x.created_by,
});

export const exceptionPermissions = (user: UserActor, x: ExceptionItem) => {
  const firm = isFirmEditor(user, x);
  const client = isClientAnswerer(user, x) && !firm;
  const open = x.workpaper_status === "open" && x.status !== "void";
  return {
    canEdit: firm && open,
    canRecordExtension: firm && open,
    canRespond: client && (x.status === "open" || x.status === "asked-again"),
    canDecide: firm && x.status === "responded",
  };
};
