/**
 * Shared pieces of the workpaper use-cases: who may do what, the input schemas, loading a workpaper
 * (or its engagement) the actor can see, and the errors of a locked or concurrently changed one.
 * What a workpaper tests is in workpaper-basis.ts.
 */
import { z } from "zod";
import { AppError, notFound } from "../../core/errors.js";
import { textProblem } from "../../core/evidence-requests.js";
import type { Role } from "../../core/roles.js";
import {
  RESULT_VALUES,
  SIGN_OFF_ROLES,
  WORKPAPER_CONCLUSIONS,
  type WorkpaperStatus,
} from "../../core/workpaper.js";
import { findFirmWorkpaper, type WorkpaperItem } from "../../db/repositories/workpapers.js";
import { tenantIds, type UserActor } from "../actor.js";
import { requireEngagementRole } from "../authz.js";
import type { Deps } from "../deps.js";
import { loadEngagement } from "./engagement-model.js";

/** The engagement team that tests, prepares and reviews. */
export const WP_EDITORS: readonly Role[] = SIGN_OFF_ROLES;
/** The firm's people who may read workpapers (the client never does). */
export const WP_READERS: readonly Role[] = [...SIGN_OFF_ROLES, "firm_admin"];

// ----- input schemas -----

const Id = z.string().trim().min(1).max(100);
const Text = (max: number) =>
  z
    .string()
    .max(max)
    .refine((s) => textProblem(s) === null, "Contains a control character that cannot be stored.");

export const OpenWorkpaperSchema = z
  .object({
    controlId: Id,
    sampleId: Id.nullable().optional(),
    populationTestId: Id.nullable().optional(),
  })
  .refine((v) => !(v.sampleId && v.populationTestId), {
    message: "Link either a sample or a full-population test, not both.",
    path: ["populationTestId"],
  });
export type OpenWorkpaperInput = z.output<typeof OpenWorkpaperSchema>;

export const UpdateWorkpaperSchema = z
  .object({
    revision: z.number().int().min(0).optional(),
    conclusion: z.enum(WORKPAPER_CONCLUSIONS).nullable().optional(),
    conclusionNote: Text(10_000).optional(),
    sampleId: Id.nullable().optional(),
    populationTestId: Id.nullable().optional(),
    /** Confirms that results on items outside the new sample are discarded. */
    discardResults: z.boolean().optional(),
  })
  .refine((v) => !(v.sampleId && v.populationTestId), {
    message: "Link either a sample or a full-population test, not both.",
    path: ["populationTestId"],
  });
export type UpdateWorkpaperInput = z.output<typeof UpdateWorkpaperSchema>;

export const ResultCellSchema = z.object({
  itemKey: z.string().min(1).max(200),
  attributeId: z.string().min(1).max(200),
  /** null clears the cell. */
  result: z.enum(RESULT_VALUES).nullable(),
  note: Text(5000).optional(),
  /** An evidence item (version) of the organization; null removes the link; absent keeps it. */
  evidenceId: Id.nullable().optional(),
});
export const RecordResultsSchema = z.object({
  revision: z.number().int().min(0).optional(),
  cells: z.array(ResultCellSchema).min(1).max(2000),
});
export type RecordResultsInput = z.output<typeof RecordResultsSchema>;

export const ReopenSchema = z.object({
  reason: Text(2000).pipe(z.string().trim().min(1, "Say why the workpaper is reopened.")),
});
export const WorkpaperFilterSchema = z.object({
  status: z.enum(["open", "prepared", "reviewed"]).optional(),
});

// ----- loading -----

/** The workpaper if the actor is on the auditing firm: NOT_FOUND for everyone else, the client included. */
export const loadWorkpaper = async (deps: Deps, user: UserActor, id: string): Promise<WorkpaperItem> => {
  const wp = await findFirmWorkpaper(deps.db, id, tenantIds(user, "firm"));
  if (!wp) throw notFound("Workpaper");
  requireEngagementRole(user, wp, WP_READERS, "see workpapers");
  return wp;
};

/** The engagement, if the actor may see its workpapers (the client's people are FORBIDDEN). */
export const loadWorkpaperEngagement = async (deps: Deps, user: UserActor, engagementId: string) => {
  const e = await loadEngagement(deps, user, engagementId);
  requireEngagementRole(user, e, WP_READERS, "see workpapers");
  return e;
};

export const lockedError = (status: string) =>
  new AppError(
    "CONFLICT",
    `The workpaper is ${status} and locked; an engagement manager or partner must reopen it (with a reason) before it can change.`,
  );

export const changedMeanwhile = () =>
  new AppError("CONFLICT", "The workpaper was changed by someone else meanwhile; reload it and try again.");

export const statusOf = (wp: { status: string }): WorkpaperStatus =>
  wp.status === "prepared" || wp.status === "reviewed" ? wp.status : "open";

export const auditTarget = (e: { firm_id: string; org_id: string; engagement_id: string }) => ({
  firmId: e.firm_id,
  orgId: e.org_id,
  engagementId: e.engagement_id,
});
