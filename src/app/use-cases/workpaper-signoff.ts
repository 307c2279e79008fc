/**
 * Sign-offs: the preparer's (which locks the workpaper), the reviewer's (a different user, senior to
 * the preparer) and reopening with a reason (which clears both, keeping the history). The rules are
 * in src/core/workpaper.ts; each step is a workpaper event and an audit event.
 */
import {
  assertNoProblems,
  formatExceptionRef,
  preparerProblems,
  reopenProblems,
  reviewerProblems,
  type WorkpaperConclusion,
} from "../../core/workpaper.js";
import { conclusionProblems, tallyGrid } from "../../core/workpaper-grid.js";
import { listWorkpaperExceptions } from "../../db/repositories/exceptions.js";
import {
  insertWorkpaperEvent,
  listResults,
  updateWorkpaperIf,
  type WorkpaperItem,
} from "../../db/repositories/workpapers.js";
import type { Actor, UserActor } from "../actor.js";
import { inTransaction, recordEvent } from "../audit.js";
import { requireWrite, rolesOnEngagement } from "../authz.js";
import { type Deps, nowIso } from "../deps.js";
import { deliverEmails, notifyUsers, usersWithRoles } from "../notify.js";
import {
  activeExceptions,
  attributesOf,
  exceptionFacts,
  gridCells,
  loadBasis,
  loadProgramLine,
} from "./workpaper-basis.js";
import { auditTarget, changedMeanwhile, loadWorkpaper, statusOf } from "./workpaper-model.js";
import { firmRolesOf } from "./workpaper-view.js";
import { getWorkpaper } from "./workpapers.js";

const signOffEvent = (
  deps: Deps,
  wp: WorkpaperItem,
  user: UserActor,
  kind: string,
  reason: string | null,
) => ({
  id: deps.newId(),
  workpaper_id: wp.id,
  firm_id: wp.firm_id,
  org_id: wp.org_id,
  engagement_id: wp.engagement_id,
  kind,
  user_id: user.userId,
  reason,
  at: nowIso(deps),
});

export const prepareWorkpaper = async (deps: Deps, actor: Actor, id: string) => {
  const user = requireWrite(actor);
  const wp = await loadWorkpaper(deps, user, id);
  const line = await loadProgramLine(deps.db, wp);
  const attributes = attributesOf(line);
  const [basis, results, exceptions] = await Promise.all([
    loadBasis(deps.db, wp, line),
    listResults(deps.db, wp.id),
    listWorkpaperExceptions(deps.db, wp.id),
  ]);
  const tally = tallyGrid(
    basis.items,
    attributes.map((a) => a.id),
    gridCells(results),
  );
  const active = activeExceptions(exceptions);
  const conclusion = wp.conclusion as WorkpaperConclusion | null;
  assertNoProblems(
    preparerProblems({
      status: statusOf(wp),
      preparerRoles: rolesOnEngagement(user, wp),
      attributeCount: attributes.length,
      itemCount: basis.items.length,
      missingCells: tally.missingCells,
      conclusion,
      conclusionProblems: conclusion
        ? conclusionProblems(conclusion, {
            itemsTested: tally.itemsTested,
            populationSize: basis.populationSize,
            exceptions: active.map(exceptionFacts),
          })
        : [],
      unclassifiedExceptions: active
        .filter((x) => x.classification === "pending")
        .map((x) => formatExceptionRef(x.seq)),
    }),
  );
  const notificationIds = await inTransaction(deps, async (trx) => {
    const now = nowIso(deps);
    // The revision seen above: results or exceptions changed since then would void these checks.
    const ok = await updateWorkpaperIf(
      trx,
      wp.id,
      { status: "open", revision: wp.revision },
      { status: "prepared", preparer_user_id: user.userId, prepared_at: now, updated_at: now },
    );
    if (!ok) throw changedMeanwhile();
    await insertWorkpaperEvent(trx, signOffEvent(deps, wp, user, "prepared", null));
    await recordEvent(trx, deps, user, {
      action: "workpaper.prepared",
      targetType: "workpaper",
      targetId: wp.id,
      ...auditTarget(wp),
      after: { status: "prepared", conclusion },
    });
    const managers = (await usersWithRoles(trx, "firm", wp.firm_id, ["engagement_manager"])).filter(
      (u) => u !== user.userId,
    );
    return notifyUsers(trx, deps, managers, {
      kind: "workpaper.prepared",
      title: `Workpaper ${wp.control_code} is ready for review`,
      body: `${user.name} prepared the workpaper of ${wp.control_code} (${wp.control_title}) and signed it off; it awaits a reviewer senior to the preparer.`,
      link: `/engagements/${wp.engagement_id}/workpapers?open=${wp.id}`,
      firmId: wp.firm_id,
      orgId: null,
    });
  });
  await deliverEmails(deps, notificationIds);
  return getWorkpaper(deps, actor, id);
};

export const reviewWorkpaper = async (deps: Deps, actor: Actor, id: string) => {
  const user = requireWrite(actor);
  const wp = await loadWorkpaper(deps, user, id);
  assertNoProblems(
    reviewerProblems({
      status: statusOf(wp),
      preparerUserId: wp.preparer_user_id,
      preparerRoles: await firmRolesOf(deps.db, wp.preparer_user_id, wp.firm_id),
      reviewerUserId: user.userId,
      reviewerRoles: rolesOnEngagement(user, wp),
    }),
  );
  await inTransaction(deps, async (trx) => {
    const now = nowIso(deps);
    const ok = await updateWorkpaperIf(
      trx,
      wp.id,
      { status: "prepared", revision: wp.revision },
      { status: "reviewed", reviewer_user_id: user.userId, reviewed_at: now, updated_at: now },
    );
    if (!ok) throw changedMeanwhile();
    await insertWorkpaperEvent(trx, signOffEvent(deps, wp, user, "reviewed", null));
    await recordEvent(trx, deps, user, {
      action: "workpaper.reviewed",
      targetType: "workpaper",
      targetId: wp.id,
      ...auditTarget(wp),
      after: { status: "reviewed", preparerUserId: wp.preparer_user_id, conclusion: wp.conclusion },
    });
  });
  return getWorkpaper(deps, actor, id);
};

export const reopenWorkpaper = async (deps: Deps, actor: Actor, id: string, reason: string) => {
  const user = requireWrite(actor);
  const wp = await loadWorkpaper(deps, user, id);
  const text = reason.trim();
  assertNoProblems(
    reopenProblems({ status: statusOf(wp), roles: rolesOnEngagement(user, wp), reason: text }),
  );
  await inTransaction(deps, async (trx) => {
    const ok = await updateWorkpaperIf(
      trx,
      wp.id,
      { status: wp.status, revision: wp.revision },
      {
        status: "open",
        preparer_user_id: null,
        prepared_at: null,
        reviewer_user_id: null,
        reviewed_at: null,
        updated_at: nowIso(deps),
      },
    );
    if (!ok) throw changedMeanwhile();
    await insertWorkpaperEvent(trx, signOffEvent(deps, wp, user, "reopened", text));
    await recordEvent(trx, deps, user, {
      action: "workpaper.reopened",
      targetType: "workpaper",
      targetId: wp.id,
      ...auditTarget(wp),
      before: {
        status: wp.status,
        preparerUserId: wp.preparer_user_id,
        reviewerUserId: wp.reviewer_user_id,
      },
      after: { status: "open" },
      note: text,
    });
  });
  return getWorkpaper(deps, actor, id);
};
