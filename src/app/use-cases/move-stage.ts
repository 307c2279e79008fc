/** Moving an engagement through the ten-stage lifecycle; the guards and roles live in src/core/lifecycle. */
import { z } from "zod";
import { AppError } from "../../core/errors.js";
import { checkTransition, STAGE_LABELS, STAGES, type Stage } from "../../core/lifecycle.js";
import { setEngagementStageIf } from "../../db/repositories/engagements.js";
import type { Actor } from "../actor.js";
import { inTransaction, recordEvent } from "../audit.js";
import { requireWrite, rolesOnEngagement } from "../authz.js";
import { type Deps, nowIso, todayIso } from "../deps.js";
import { deliverEmails, notifyUsers, usersWithRoles } from "../notify.js";
import { loadEngagementFacts } from "./engagement-facts.js";
import { engagementStage, loadEngagement } from "./engagement-model.js";

export const MoveStageSchema = z.object({
  to: z.enum(STAGES),
  reason: z.string().trim().max(2000).optional(),
});

export const moveEngagementStage = async (
  deps: Deps,
  actor: Actor,
  engagementId: string,
  input: { to: Stage; reason?: string | undefined },
) => {
  const user = requireWrite(actor);
  const row = await loadEngagement(deps, user, engagementId);
  const facts = await loadEngagementFacts(deps.db, row, todayIso(deps));
  const check = checkTransition({
    facts,
    to: input.to,
    actorRoles: rolesOnEngagement(user, row),
    ...(input.reason ? { reason: input.reason } : {}),
  });
  if (!check.allowed) {
    const onlyRole = check.failures.every((f) => f.guard === "role");
    throw new AppError(
      onlyRole ? "FORBIDDEN" : "GUARD_FAILED",
      check.failures[0]?.message ?? "The move is not allowed.",
      {
        failures: check.failures,
      },
    );
  }
  const from = engagementStage(row);
  const notificationIds = await inTransaction(deps, async (trx) => {
    // Conditional update: a concurrent move from another process loses cleanly instead of skipping a stage.
    if (!(await setEngagementStageIf(trx, row.id, from, input.to, nowIso(deps)))) {
      throw new AppError("CONFLICT", "The engagement's stage changed meanwhile; reload and try again.");
    }
    await recordEvent(trx, deps, actor, {
      action: "engagement.stage_changed",
      targetType: "engagement",
      targetId: row.id,
      firmId: row.firm_id,
      orgId: row.org_id,
      engagementId: row.id,
      before: { stage: from },
      after: { stage: input.to },
      ...(input.reason ? { note: input.reason } : {}),
    });
    const team = await usersWithRoles(trx, "firm", row.firm_id, [
      "partner",
      "engagement_manager",
      "staff_auditor",
    ]);
    const client = await usersWithRoles(trx, "org", row.org_id, ["org_admin"]);
    return notifyUsers(
      trx,
      deps,
      [...team, ...client].filter((u) => u !== user.userId),
      {
        kind: "engagement.stage_changed",
        title: `${row.name}: now in ${STAGE_LABELS[input.to]}`,
        body: `${user.name} moved the engagement from ${STAGE_LABELS[from]} to ${STAGE_LABELS[input.to]}.${input.reason ? ` Reason: ${input.reason}` : ""}`,
        link: `/engagements/${row.id}`,
        firmId: row.firm_id,
        orgId: row.org_id,
      },
    );
  });
  await deliverEmails(deps, notificationIds);
  return { id: row.id, from, to: input.to, direction: check.direction };
};
