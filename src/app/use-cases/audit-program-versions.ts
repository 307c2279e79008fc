/** Approving the audit program's draft (which freezes it) and starting a new version with a reason. */
import { approvalProblems, programCoverage, programEtag } from "../../core/audit-program.js";
import { AppError, invalid } from "../../core/errors.js";
import {
  approveProgramIfDraft,
  findLatestProgram,
  insertProgram,
  insertProgramLines,
  listProgramLines,
  listProgramVersions,
  supersedeApprovedPrograms,
} from "../../db/repositories/audit-programs.js";
import type { Actor } from "../actor.js";
import type { Deps } from "../deps.js";
import { change, frozen, programEvent, requireDraft } from "./audit-program.js";
import {
  lineRow,
  loadNotRelevant,
  PROGRAM_APPROVERS,
  PROGRAM_EDITORS,
  parseLine,
  programScopeOf,
} from "./audit-program-model.js";

/**
 * Approves the draft, freezing it, and supersedes the version approved before. Refused while a
 * criterion in scope has no line (unless management declared it not relevant) or a line is unsound.
 */
export const approveProgram = (
  deps: Deps,
  actor: Actor,
  engagementId: string,
  input: { ifMatch?: string | undefined } = {},
) =>
  change(deps, actor, engagementId, PROGRAM_APPROVERS, "approve the audit program", async (c) => {
    const { trx, e, now } = c;
    const latest = await requireDraft(trx, e);
    const lines = (await listProgramLines(trx, e.id, latest.id)).map(parseLine);
    if (input.ifMatch !== undefined && input.ifMatch !== programEtag(latest, lines)) {
      throw new AppError(
        "CONFLICT",
        `Version ${latest.version} changed since you reviewed it; reload the program and review it again before approving.`,
      );
    }
    const scope = programScopeOf(e);
    const coverage = programCoverage(scope.criteria, lines, await loadNotRelevant(trx, e.id));
    const problems = approvalProblems(lines, coverage, scope.type);
    if (problems.length > 0) {
      throw new AppError("GUARD_FAILED", problems.join(" "), {
        failures: problems.map((message) => ({ guard: "audit-program-complete", message })),
        gaps: coverage.gaps,
      });
    }
    if (!(await approveProgramIfDraft(trx, e.id, latest.id, c.user.userId, now))) throw frozen(latest);
    const versions = await listProgramVersions(trx, e.id);
    const previous = versions.find((v) => v.status === "approved" && v.id !== latest.id);
    await supersedeApprovedPrograms(trx, e.id, latest.id, now);
    await programEvent(trx, deps, c, latest.id, "approved", {
      before: { version: latest.version, status: "draft", approvedVersion: previous?.version ?? null },
      after: { version: latest.version, status: "approved", lines: lines.length },
      ...(previous ? { note: `supersedes version ${previous.version}` } : {}),
    });
  });

/** Starts version n+1 as a draft copy of the approved version, with the reason for the change. */
export const createProgramVersion = (deps: Deps, actor: Actor, engagementId: string, reason: string) =>
  change(deps, actor, engagementId, PROGRAM_EDITORS, "change the approved audit program", async (c) => {
    const { trx, e, now } = c;
    const text = reason.trim();
    if (text === "") throw invalid("reason: give the reason for changing the approved program.");
    const latest = await findLatestProgram(trx, e.id);
    if (!latest) {
      throw new AppError(
        "CONFLICT",
        "The engagement has no audit program yet; generate it from the scope first.",
      );
    }
    if (latest.status === "draft") {
      throw new AppError(
        "CONFLICT",
        `Version ${latest.version} is still a draft and can be edited as it is; a new version is needed only after approval.`,
      );
    }
    const lines = (await listProgramLines(trx, e.id, latest.id)).map(parseLine);
    const program = { id: deps.newId(), firm_id: e.firm_id, org_id: e.org_id, engagement_id: e.id };
    const version = latest.version + 1;
    await insertProgram(trx, {
      ...program,
      version,
      status: "draft",
      reason: text,
      created_by: c.user.userId,
      created_at: now,
      updated_at: now,
      approved_by: null,
      approved_at: null,
    });
    await insertProgramLines(
      trx,
      lines.map((l) => lineRow(deps, program, l, l.position, now)),
    );
    await programEvent(trx, deps, c, program.id, "version_created", {
      after: { version, status: "draft", copiedFrom: latest.version, lines: lines.length },
      note: text,
    });
  });
