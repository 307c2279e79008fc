/**
 * The client's evidence request list generated from the approved audit program (issue 4 §1): per
 * line, the population request and the evidence the control's evidence list names (for Type 1, a
 * walkthrough request), assigned to the control's owner, with default due dates from the core rule.
 * Idempotent through the request list's dedupe keys: generating again creates only what is missing.
 */

import { defaultDueDate } from "../../core/audit-program-dates.js";
import { requestsForLine } from "../../core/audit-program-defaults.js";
import { AppError } from "../../core/errors.js";
import { findApprovedProgram, listProgramLines } from "../../db/repositories/audit-programs.js";
import type { Actor } from "../actor.js";
import { requireEngagementRole, requireWrite } from "../authz.js";
import { type Deps, todayIso } from "../deps.js";
import {
  engagementKindOf,
  loadOrgControls,
  loadProgramEngagement,
  PROGRAM_EDITORS,
  parseLine,
} from "./audit-program-model.js";
import { assignableUsers, type CreateRequestInput } from "./request-model.js";
import { createRequestsBulk } from "./requests.js";

/** createRequestsBulk takes at most this many items at once. */
const BATCH = 1000;

export const generateRequestList = async (
  deps: Deps,
  actor: Actor,
  engagementId: string,
  input: { dueDate?: string | undefined } = {},
) => {
  const user = requireWrite(actor);
  const e = await loadProgramEngagement(deps, user, engagementId);
  requireEngagementRole(user, e, PROGRAM_EDITORS, "generate the request list from the audit program");
  const approved = await findApprovedProgram(deps.db, e.id);
  if (!approved) {
    const message =
      "The audit program has not been approved, so there is no program to generate the request list from. Approve the program on the engagement's Audit program tab first.";
    throw new AppError("GUARD_FAILED", message, { failures: [{ guard: "audit-program-approved", message }] });
  }
  const [rows, controls, people] = await Promise.all([
    listProgramLines(deps.db, e.id, approved.id),
    loadOrgControls(deps.db, e.org_id),
    assignableUsers(deps.db, e.org_id),
  ]);
  const byId = new Map(controls.map((c) => [c.id, c]));
  const canAnswer = new Set(people.map((p) => p.id));
  const type = engagementKindOf(e);
  const today = todayIso(deps);
  const periodEnd = type === "type1" ? e.as_of_date : e.period_end;
  const period = {
    type,
    periodStart: e.period_start,
    periodEnd: e.period_end,
    asOfDate: e.as_of_date,
  };
  const items: CreateRequestInput[] = [];
  for (const line of rows.map(parseLine)) {
    const control = byId.get(line.controlId);
    // A control owner who cannot answer requests (no admin or owner role in the client) is left unassigned.
    const owner = control?.ownerUserId && canAnswer.has(control.ownerUserId) ? control.ownerUserId : null;
    for (const r of requestsForLine(line, control?.evidence ?? [], period)) {
      items.push({
        controlId: line.controlId,
        what: r.what.slice(0, 2000),
        periodStart: type === "type1" ? e.as_of_date : e.period_start,
        periodEnd,
        dueDate:
          input.dueDate ??
          defaultDueDate({
            type,
            kind: r.kind,
            today,
            periodEnd,
            automated: line.sampleRule.kind === "test-of-one",
          }),
        assigneeUserId: owner,
      });
    }
  }
  const results: Awaited<ReturnType<typeof createRequestsBulk>>["requests"] = [];
  for (let i = 0; i < items.length; i += BATCH) {
    const out = await createRequestsBulk(deps, actor, e.id, items.slice(i, i + BATCH));
    results.push(...out.requests);
  }
  const created = results.filter((r) => r.created).length;
  return {
    programVersion: approved.version,
    created,
    existing: results.length - created,
    requests: results,
  };
};
