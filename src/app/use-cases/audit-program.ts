/**
 * The audit program of an engagement (issue 4 §1): generated from the scope, edited by the
 * engagement team while it is a draft (audit-program-lines.ts), approved (and so frozen) by the
 * engagement manager or a partner; a change after approval is a new version with a reason, which
 * supersedes the approved one when it is approved in turn (audit-program-versions.ts). Each change
 * runs in one transaction holding the engagement's lock and writes its audit event there.
 */
import type { Kysely } from "kysely";
import {
  controlsInScope,
  criteriaInScopeOf,
  generateProgramLines,
} from "../../core/audit-program-defaults.js";
import { AppError, notFound } from "../../core/errors.js";
import {
  deleteProgramLines,
  findLatestProgram,
  insertProgram,
  insertProgramLines,
  listProgramLines,
  listProgramVersions,
  lockEngagement,
  type ProgramVersionRow,
  touchProgram,
} from "../../db/repositories/audit-programs.js";
import type { DB, EngagementRow } from "../../db/schema.js";
import type { Actor, UserActor } from "../actor.js";
import { inTransaction, recordEvent } from "../audit.js";
import { requireEngagementRole, requireUser, requireWrite } from "../authz.js";
import { type Deps, nowIso } from "../deps.js";
import {
  assertProgramChangeable,
  auditTarget,
  engagementKindOf,
  lineRow,
  loadNotRelevant,
  loadOrgControls,
  loadProgramEngagement,
  PROGRAM_EDITORS,
  parseLine,
  programPermissions,
  programScopeOf,
  programView,
  versionView,
} from "./audit-program-model.js";

// ----- reading -----

export const getAuditProgram = async (
  deps: Deps,
  actor: Actor,
  engagementId: string,
  query: { version?: number | undefined } = {},
) => {
  const user = requireUser(actor);
  const e = await loadProgramEngagement(deps, user, engagementId);
  const versions = await listProgramVersions(deps.db, e.id);
  const latest = versions[0];
  const approved = versions.find((v) => v.status === "approved");
  const shown = query.version === undefined ? latest : versions.find((v) => v.version === query.version);
  if (query.version !== undefined && !shown) throw notFound(`Version ${query.version} of the audit program`);
  const scope = programScopeOf(e);
  const [rows, notRelevant, controls] = await Promise.all([
    shown ? listProgramLines(deps.db, e.id, shown.id) : Promise.resolve([]),
    loadNotRelevant(deps.db, e.id),
    loadOrgControls(deps.db, e.org_id),
  ]);
  const lines = rows.map(parseLine);
  const inProgram = new Set(lines.map((l) => l.controlId));
  return {
    engagement: { id: e.id, name: e.name, type: engagementKindOf(e), stage: e.stage },
    program: shown ? programView(shown, lines, scope, notRelevant) : null,
    currentApproved: approved ? versionView(approved) : null,
    versions: versions.map(versionView),
    availableControls: controlsInScope(scope, controls)
      .filter((c) => !inProgram.has(c.id))
      .map((c) => ({ id: c.id, code: c.code, title: c.title, criteria: criteriaInScopeOf(scope, c) })),
    permissions: programPermissions(user, e, latest, approved),
  };
};

// ----- changing -----

export interface Change {
  readonly trx: Kysely<DB>;
  readonly e: EngagementRow;
  readonly user: UserActor;
  readonly now: string;
}

/** Authorises, then runs `work` in one transaction holding the engagement's lock; returns the new state. */
export const change = async (
  deps: Deps,
  actor: Actor,
  engagementId: string,
  roles: readonly ("partner" | "engagement_manager" | "staff_auditor")[],
  action: string,
  work: (c: Change) => Promise<void>,
) => {
  const user = requireWrite(actor);
  const e = await loadProgramEngagement(deps, user, engagementId);
  requireEngagementRole(user, e, roles, action);
  assertProgramChangeable(e);
  await inTransaction(deps, async (trx) => {
    await lockEngagement(trx, e.id);
    await work({ trx, e, user, now: nowIso(deps) });
  });
  return getAuditProgram(deps, actor, engagementId);
};

export const frozen = (p: { version: number }) =>
  new AppError(
    "CONFLICT",
    `Version ${p.version} of the audit program is approved and frozen. To change it, create a new version with a reason (it stays the approved program until the new version is approved).`,
  );

/** The latest version, which must be a draft for lines to change. */
export const requireDraft = async (trx: Kysely<DB>, e: EngagementRow): Promise<ProgramVersionRow> => {
  const latest = await findLatestProgram(trx, e.id);
  if (!latest) {
    throw new AppError(
      "CONFLICT",
      "The engagement has no audit program yet; generate it from the scope first.",
    );
  }
  if (latest.status !== "draft") throw frozen(latest);
  return latest;
};

/** The draft a line of `programId` can change in: stale lines and frozen versions are refused. */
export const requireDraftOf = async (trx: Kysely<DB>, e: EngagementRow, programId: string) => {
  const latest = await findLatestProgram(trx, e.id);
  if (!latest || latest.id !== programId) throw staleLine();
  if (latest.status !== "draft") throw frozen(latest);
  return latest;
};

export const programEvent = (
  trx: Kysely<DB>,
  deps: Deps,
  c: Change,
  programId: string,
  action: string,
  fields: { before?: unknown; after?: unknown; note?: string },
) =>
  recordEvent(trx, deps, c.user, {
    action: `audit_program.${action}`,
    targetType: "audit_program",
    targetId: programId,
    ...auditTarget(c.e),
    ...fields,
  });

/** Creates version 1 from the scope, or regenerates the lines of the current draft. */
export const generateProgram = (deps: Deps, actor: Actor, engagementId: string) =>
  change(deps, actor, engagementId, PROGRAM_EDITORS, "draft the audit program", async (c) => {
    const { trx, e, now } = c;
    const latest = await findLatestProgram(trx, e.id);
    if (latest && latest.status !== "draft") throw frozen(latest);
    const lines = generateProgramLines(programScopeOf(e), await loadOrgControls(trx, e.org_id));
    if (lines.length === 0) {
      throw new AppError(
        "CONFLICT",
        "None of the organization's applicable controls addresses a criterion in scope, so there is nothing to test yet. The organization adopts or writes its controls first.",
      );
    }
    const program = latest ?? {
      id: deps.newId(),
      firm_id: e.firm_id,
      org_id: e.org_id,
      engagement_id: e.id,
      version: 1,
    };
    if (latest) {
      const before = await listProgramLines(trx, e.id, latest.id);
      await deleteProgramLines(trx, e.id, latest.id);
      await touchProgram(trx, e.id, latest.id, now);
      await insertProgramLines(
        trx,
        lines.map((l, i) => lineRow(deps, program, l, i + 1, now)),
      );
      await programEvent(trx, deps, c, latest.id, "regenerated", {
        before: { version: latest.version, lines: before.map((l) => l.code) },
        after: { version: latest.version, lines: lines.map((l) => l.code) },
      });
      return;
    }
    await insertProgram(trx, {
      ...program,
      status: "draft",
      reason: null,
      created_by: c.user.userId,
      created_at: now,
      updated_at: now,
      approved_by: null,
      approved_at: null,
    });
    await insertProgramLines(
      trx,
      lines.map((l, i) => lineRow(deps, program, l, i + 1, now)),
    );
    await programEvent(trx, deps, c, program.id, "generated", {
      after: { version: 1, status: "draft", lines: lines.map((l) => l.code) },
    });
  });

export const staleLine = () =>
  new AppError(
    "CONFLICT",
    "This line belongs to an earlier version of the audit program; reload the program and edit the current version.",
  );
