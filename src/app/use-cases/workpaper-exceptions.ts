/**
 * Failed attributes become exceptions automatically: one exception per workpaper and attribute,
 * whose counts follow the grid (deviations = failing items, tested = items with pass or fail).
 *
 * When the last failing result of an attribute is corrected before management has responded, the
 * exception is marked "void" rather than deleted: that was the auditor correcting a data-entry
 * mistake, not a remediation, and keeping the row keeps its EXC number stable (no gap in the
 * numbering, the audit trail's references still resolve). A void exception is hidden from the client
 * and ignored by the lifecycle and the opinion; a new fail on the same attribute reinstates it. Once
 * management has responded the exception is part of the shared record and cannot be voided.
 */
import type { Kysely } from "kysely";
import { exceptionKind } from "../../core/deviations.js";
import { AppError } from "../../core/errors.js";
import { formatExceptionRef } from "../../core/workpaper.js";
import { type GridCell, tallyGrid } from "../../core/workpaper-grid.js";
import {
  countResponses,
  insertNumberedException,
  listWorkpaperExceptions,
  updateExceptionIf,
} from "../../db/repositories/exceptions.js";
import type { WorkpaperItem } from "../../db/repositories/workpapers.js";
import type { DB, EngagementRow } from "../../db/schema.js";
import type { UserActor } from "../actor.js";
import { recordEvent } from "../audit.js";
import { type Deps, nowIso } from "../deps.js";
import { notifyUsers, usersWithRoles } from "../notify.js";
import type { Attribute, Basis } from "./workpaper-basis.js";
import { auditTarget } from "./workpaper-model.js";

export interface AttributeCount {
  readonly deviations: number;
  readonly tested: number;
}

/**
 * Deviations and items tested per attribute. A full-population test's single "population" item
 * stands for every row: a fail counts the test's failing rows (at least one) out of the rows tested.
 */
export const attributeCounts = (
  basis: Basis,
  attributes: readonly Attribute[],
  cells: readonly GridCell[],
): Map<string, AttributeCount> => {
  const tally = tallyGrid(
    basis.items,
    attributes.map((a) => a.id),
    cells,
  );
  const out = new Map<string, AttributeCount>();
  for (const a of tally.perAttribute) {
    if (basis.populationTest && a.tested > 0) {
      const deviations = a.deviations > 0 ? Math.max(1, basis.populationTest.rowsFailing) : 0;
      out.set(a.attributeId, { deviations, tested: Math.max(basis.populationTest.rowsTested, deviations) });
    } else {
      out.set(a.attributeId, { deviations: a.deviations, tested: a.tested });
    }
  }
  return out;
};

export interface SyncContext {
  readonly e: EngagementRow;
  readonly wp: WorkpaperItem;
  readonly basis: Basis;
  readonly attributes: readonly Attribute[];
  readonly cells: readonly GridCell[];
}

const link = (engagementId: string, exceptionId: string) =>
  `/engagements/${engagementId}/exceptions?open=${exceptionId}`;

/** Brings the workpaper's exceptions for `attributeIds` in line with the grid; returns notification ids. */
export const syncExceptions = async (
  trx: Kysely<DB>,
  deps: Deps,
  user: UserActor,
  ctx: SyncContext,
  attributeIds: readonly string[],
): Promise<string[]> => {
  const { e, wp } = ctx;
  const counts = attributeCounts(ctx.basis, ctx.attributes, ctx.cells);
  const existing = await listWorkpaperExceptions(trx, wp.id);
  const created: { id: string; ref: string }[] = [];
  const now = nowIso(deps);
  const target = auditTarget(wp);
  for (const attributeId of new Set(attributeIds)) {
    const { deviations, tested } = counts.get(attributeId) ?? { deviations: 0, tested: 0 };
    const x = existing.find((row) => row.attribute_id === attributeId);
    const ref = x ? formatExceptionRef(x.seq) : "";
    if (deviations > 0 && !x) {
      const attribute = ctx.attributes.find((a) => a.id === attributeId);
      const id = deps.newId();
      const description = `Not met: ${attribute?.text ?? attributeId}`;
      const seq = await insertNumberedException(trx, {
        id,
        firm_id: wp.firm_id,
        org_id: wp.org_id,
        engagement_id: wp.engagement_id,
        workpaper_id: wp.id,
        control_id: wp.control_id,
        kind: exceptionKind({}),
        attribute_id: attributeId,
        description,
        deviations,
        tested,
        cause: "",
        classification: "pending",
        markers: "[]",
        extension: null,
        status: "open",
        created_by: user.userId,
        created_at: now,
        updated_at: now,
      });
      created.push({ id, ref: formatExceptionRef(seq) });
      await recordEvent(trx, deps, user, {
        action: "exception.created",
        targetType: "fieldwork_exception",
        targetId: id,
        ...target,
        after: {
          ref: formatExceptionRef(seq),
          workpaperId: wp.id,
          attributeId,
          deviations,
          tested,
          description,
        },
      });
    } else if (deviations > 0 && x) {
      const reinstate = x.status === "void";
      if (!reinstate && x.deviations === deviations && x.tested === tested) continue;
      const changes = { deviations, tested, updated_at: now, ...(reinstate ? { status: "open" } : {}) };
      if (!(await updateExceptionIf(trx, x.id, [x.status], changes))) throw changedMeanwhileError(ref);
      await recordEvent(trx, deps, user, {
        action: reinstate ? "exception.reinstated" : "exception.counts-changed",
        targetType: "fieldwork_exception",
        targetId: x.id,
        ...target,
        before: { ref, deviations: x.deviations, tested: x.tested, status: x.status },
        after: { ref, deviations, tested, status: reinstate ? "open" : x.status },
      });
    } else if (x && x.status !== "void") {
      if ((await countResponses(trx, x.id)) > 0) {
        throw new AppError(
          "CONFLICT",
          `${ref} already has management's response, so its last failing result cannot be changed to pass, n/a or empty: the deviation stays on record. Record the correction in the cell's note instead.`,
        );
      }
      const changes = { deviations: 0, tested, status: "void", updated_at: now };
      if (!(await updateExceptionIf(trx, x.id, [x.status], changes))) throw changedMeanwhileError(ref);
      await recordEvent(trx, deps, user, {
        action: "exception.voided",
        targetType: "fieldwork_exception",
        targetId: x.id,
        ...target,
        before: { ref, deviations: x.deviations, tested: x.tested, status: x.status },
        after: { ref, deviations: 0, tested, status: "void" },
        note: "No failing result remains: a data-entry correction before any response.",
      });
    }
  }
  return created.length > 0 ? notifyClient(trx, deps, user, e, wp, created) : [];
};

const changedMeanwhileError = (ref: string) =>
  new AppError("CONFLICT", `${ref} was changed by someone else meanwhile; reload and try again.`);

/** Tells the organization's admins and the control's owner about new exceptions. */
const notifyClient = async (
  trx: Kysely<DB>,
  deps: Deps,
  user: UserActor,
  e: EngagementRow,
  wp: WorkpaperItem,
  created: readonly { id: string; ref: string }[],
): Promise<string[]> => {
  const admins = await usersWithRoles(trx, "org", e.org_id, ["org_admin"]);
  const owner = wp.control_owner_user_id ? [wp.control_owner_user_id] : [];
  const recipients = [...admins, ...owner].filter((id) => id !== user.userId);
  const first = created[0];
  if (!first || recipients.length === 0) return [];
  const refs = created.map((c) => c.ref).join(", ");
  return notifyUsers(trx, deps, recipients, {
    kind: "exception.created",
    title: `${e.name}: ${created.length === 1 ? "exception" : "exceptions"} ${refs} on ${wp.control_code}`,
    body: `The auditors recorded ${created.length === 1 ? "an exception" : `${created.length} exceptions`} on ${wp.control_code} (${wp.control_title}). Please respond with management's response and any remediation.`,
    link: created.length === 1 ? link(e.id, first.id) : `/engagements/${e.id}/exceptions`,
    firmId: e.firm_id,
    orgId: e.org_id,
  });
};
