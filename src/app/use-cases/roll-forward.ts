/**
 * Roll-forward (issue 4 §9): next year's engagement created from this one in one transaction. The
 * scope (type, categories, boundary, subservice organizations), the system description without its
 * period-specific parts, the audit program (as version 1, a draft to review and approve again) and
 * the request list (open, unanswered, dates moved onto the new period) are copied; evidence, quotes,
 * the engagement letter and all fieldwork are not. The new engagement starts at Scoping, because a
 * new fixed-price quote and engagement letter must be agreed before the examination is accepted.
 */
import { z } from "zod";
import {
  rollForwardDates,
  rollForwardDescription,
  rollForwardName,
} from "../../core/audit-program-roll-forward.js";
import { AppError } from "../../core/errors.js";
import { dedupeKey } from "../../core/evidence-requests.js";
import { SystemDescriptionSchema } from "../../core/system-description.js";
import {
  findApprovedProgram,
  findLatestProgram,
  findRolledForwardFrom,
  insertProgram,
  insertProgramLines,
  listProgramLines,
  lockEngagement,
} from "../../db/repositories/audit-programs.js";
import {
  insertEngagement,
  insertSubserviceOrg,
  listSubserviceOrgs,
} from "../../db/repositories/engagements.js";
import { insertRequests, listRequestRows, reserveSequence } from "../../db/repositories/requests.js";
import { findSystemDescription, insertSystemDescription } from "../../db/repositories/system-descriptions.js";
import type { EngagementRow } from "../../db/schema.js";
import type { EvidenceRequestsTable } from "../../db/schema-requests.js";
import type { Actor } from "../actor.js";
import { inTransaction, recordEvent } from "../audit.js";
import { requireEngagementRole, requireWrite } from "../authz.js";
import { type Deps, nowIso } from "../deps.js";
import { auditTarget, lineRow, PROGRAM_APPROVERS, parseLine } from "./audit-program-model.js";
import { engagementType, loadEngagement } from "./engagement-model.js";
import { assignableUsers, auditFields } from "./request-model.js";

export const RollForwardSchema = z.object({
  /** The new engagement's name; by default this one's with the year moved on. */
  name: z.string().trim().min(1).max(200).optional(),
});

export const rollForward = async (
  deps: Deps,
  actor: Actor,
  engagementId: string,
  input: { name?: string | undefined } = {},
) => {
  const user = requireWrite(actor);
  const e = await loadEngagement(deps, user, engagementId);
  requireEngagementRole(user, e, PROGRAM_APPROVERS, "roll the engagement forward to the next period");
  const type = engagementType(e);
  const from = { type, asOfDate: e.as_of_date, periodStart: e.period_start, periodEnd: e.period_end };
  const dates = rollForwardDates(from);
  const now = nowIso(deps);
  const next: EngagementRow = {
    id: deps.newId(),
    firm_id: e.firm_id,
    org_id: e.org_id,
    name: input.name ?? rollForwardName(e.name, from, dates),
    type,
    as_of_date: dates.asOfDate,
    period_start: dates.periodStart,
    period_end: dates.periodEnd,
    first_report: 0,
    categories: e.categories,
    stage: "scoping",
    boundary: e.boundary,
    engagement_letter_signed_at: null,
    previous_engagement_id: e.id,
    created_by: user.userId,
    created_at: now,
    updated_at: now,
  };
  const copied = await inTransaction(deps, async (trx) => {
    await lockEngagement(trx, e.id);
    const already = await findRolledForwardFrom(trx, e.id);
    if (already) {
      throw new AppError(
        "CONFLICT",
        `${e.name} was already rolled forward to "${already.name}"; open that engagement instead of rolling forward again.`,
        { engagementId: already.id },
      );
    }
    await insertEngagement(trx, next);
    await recordEvent(trx, deps, user, {
      action: "engagement.created",
      targetType: "engagement",
      targetId: next.id,
      ...auditTarget(next),
      after: { name: next.name, type, categories: JSON.parse(next.categories), stage: next.stage },
      note: `rolled forward from ${e.id}`,
    });

    const subserviceIds = new Map<string, string>();
    for (const s of await listSubserviceOrgs(trx, e.id)) {
      const id = deps.newId();
      subserviceIds.set(s.id, id);
      await insertSubserviceOrg(trx, {
        ...s,
        id,
        engagement_id: next.id,
        firm_id: next.firm_id,
        org_id: next.org_id,
      });
    }

    const description = await findSystemDescription(trx, e.id);
    const parsed = description ? SystemDescriptionSchema.safeParse(JSON.parse(description.content)) : null;
    if (parsed?.success) {
      await insertSystemDescription(trx, {
        id: deps.newId(),
        engagement_id: next.id,
        org_id: next.org_id,
        firm_id: next.firm_id,
        content: JSON.stringify(rollForwardDescription(parsed.data, subserviceIds)),
        revision: 1,
        updated_by: user.userId,
        updated_at: now,
      });
    }

    // The program the examination actually used: the approved version, else the latest draft.
    const source = (await findApprovedProgram(trx, e.id)) ?? (await findLatestProgram(trx, e.id));
    let programLines = 0;
    if (source) {
      const program = {
        id: deps.newId(),
        firm_id: next.firm_id,
        org_id: next.org_id,
        engagement_id: next.id,
      };
      const lines = (await listProgramLines(trx, e.id, source.id)).map(parseLine);
      const reason = `Rolled forward from ${e.name}, version ${source.version}.`;
      await insertProgram(trx, {
        ...program,
        version: 1,
        status: "draft",
        reason,
        created_by: user.userId,
        created_at: now,
        updated_at: now,
        approved_by: null,
        approved_at: null,
      });
      await insertProgramLines(
        trx,
        lines.map((l) => lineRow(deps, program, l, l.position, now)),
      );
      await recordEvent(trx, deps, user, {
        action: "audit_program.generated",
        targetType: "audit_program",
        targetId: program.id,
        ...auditTarget(next),
        after: { version: 1, status: "draft", lines: lines.map((l) => l.code) },
        note: reason,
      });
      programLines = lines.length;
    }

    const requests = await listRequestRows(trx, e.id);
    const canAnswer = new Set((await assignableUsers(trx, e.org_id)).map((u) => u.id));
    const shift = (d: string | null) => (d ? dates.shift(d) : null);
    const rows: EvidenceRequestsTable[] = requests.map((r) => {
      const period = { start: shift(r.period_start), end: shift(r.period_end) };
      return {
        id: deps.newId(),
        firm_id: next.firm_id,
        org_id: next.org_id,
        engagement_id: next.id,
        // The same reference numbers as last year, so the client finds REQ-007 again as REQ-007.
        seq: Number(r.seq),
        control_id: r.control_id,
        what: r.what,
        period_start: period.start,
        period_end: period.end,
        due_date: shift(r.due_date),
        assignee_user_id: r.assignee_user_id && canAnswer.has(r.assignee_user_id) ? r.assignee_user_id : null,
        status: "open",
        dedupe_key: dedupeKey({
          controlId: r.control_id,
          what: r.what,
          periodStart: period.start,
          periodEnd: period.end,
        }),
        created_by: user.userId,
        created_at: now,
        updated_at: now,
        submitted_at: null,
        accepted_at: null,
      };
    });
    await reserveSequence(trx, next, Math.max(0, ...rows.map((r) => r.seq)));
    await insertRequests(trx, rows);
    for (const r of rows) {
      await recordEvent(trx, deps, user, {
        action: "request.created",
        targetType: "evidence_request",
        targetId: r.id,
        ...auditTarget(next),
        after: auditFields(r),
        note: "roll-forward",
      });
    }

    const summary = {
      subserviceOrgs: subserviceIds.size,
      systemDescription: parsed?.success === true,
      programLines,
      programFromVersion: source?.version ?? null,
      requests: rows.length,
    };
    await recordEvent(trx, deps, user, {
      action: "engagement.rolled_forward",
      targetType: "engagement",
      targetId: e.id,
      ...auditTarget(e),
      after: { engagementId: next.id, name: next.name, ...summary },
    });
    return summary;
  });
  return {
    engagement: {
      id: next.id,
      name: next.name,
      type,
      stage: next.stage,
      asOfDate: next.as_of_date,
      periodStart: next.period_start,
      periodEnd: next.period_end,
      previousEngagementId: e.id,
    },
    copied,
  };
};
