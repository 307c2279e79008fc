/** Editing the lines of the audit program's draft: change a line, add a control's line, remove one. */
import type { Kysely } from "kysely";
import { assertLineValid, lineEtag, numberAttributes, type ProgramLine } from "../../core/audit-program.js";
import { criteriaInScopeOf, defaultLine } from "../../core/audit-program-defaults.js";
import { AppError, invalid, notFound } from "../../core/errors.js";
import {
  deleteProgramLine,
  findProgramLine,
  insertProgramLines,
  listProgramLines,
  touchProgram,
  updateProgramLine as updateLineRow,
} from "../../db/repositories/audit-programs.js";
import type { DB } from "../../db/schema.js";
import type { Actor } from "../actor.js";
import type { Deps } from "../deps.js";
import { change, programEvent, requireDraft, requireDraftOf } from "./audit-program.js";
import {
  engagementKindOf,
  lineAuditFields,
  lineRow,
  loadOrgControls,
  PROGRAM_EDITORS,
  parseLine,
  programScopeOf,
  type UpdateLineInput,
} from "./audit-program-model.js";

const changedFields = (before: ProgramLine, after: ProgramLine) => {
  const b = lineAuditFields(before);
  const a = lineAuditFields(after);
  const keys = (Object.keys(a) as (keyof typeof a)[]).filter(
    (k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]),
  );
  return {
    keys,
    before: Object.fromEntries(keys.map((k) => [k, b[k]])),
    after: Object.fromEntries(keys.map((k) => [k, a[k]])),
  };
};

/** Edits a line of the draft: procedures, attributes, population source, sample rule or its risk. */
export const updateProgramLine = (
  deps: Deps,
  actor: Actor,
  engagementId: string,
  lineId: string,
  input: UpdateLineInput,
) =>
  change(deps, actor, engagementId, PROGRAM_EDITORS, "edit the audit program", async (c) => {
    const { trx, e, now } = c;
    const row = await findProgramLine(trx, e.id, lineId);
    if (!row) throw notFound("Audit program line");
    const latest = await requireDraftOf(trx, e, row.program_id);
    const line = parseLine(row);
    if (input.ifMatch !== undefined && input.ifMatch !== lineEtag(line)) {
      throw new AppError(
        "CONFLICT",
        `${line.code} was changed by someone else since you loaded it; reload the program and make your change again.`,
        { etag: lineEtag(line) },
      );
    }
    let sampleRule = input.sampleRule ?? line.sampleRule;
    if (input.risk !== undefined) {
      if (sampleRule.kind !== "frequency") {
        throw invalid(
          `risk: the risk setting belongs to the frequency rule, and ${line.code} uses the ${sampleRule.kind} rule. Choose the frequency rule to set a risk.`,
        );
      }
      sampleRule = { ...sampleRule, risk: input.risk };
    }
    const next: ProgramLine = {
      ...line,
      procedures: input.procedures ?? line.procedures,
      attributes: input.attributes ? numberAttributes(input.attributes) : line.attributes,
      populationSource: input.populationSource ?? line.populationSource,
      sampleRule,
    };
    assertLineValid(next, engagementKindOf(e));
    const diff = changedFields(line, next);
    if (diff.keys.length === 0) return;
    await saveLine(trx, e.id, row.id, next, now);
    await touchProgram(trx, e.id, latest.id, now);
    await programEvent(trx, deps, c, latest.id, "line_updated", {
      before: { line: row.id, code: line.code, ...diff.before },
      after: { line: row.id, code: line.code, ...diff.after },
    });
  });

const saveLine = (trx: Kysely<DB>, engagementId: string, id: string, l: ProgramLine, at: string) =>
  updateLineRow(trx, engagementId, id, {
    procedures: JSON.stringify(l.procedures),
    attributes: JSON.stringify(l.attributes),
    population_source: l.populationSource,
    sample_rule: JSON.stringify(l.sampleRule),
    updated_at: at,
  });

/** Adds the default line of a control in scope that the draft does not have yet. */
export const addProgramLine = (deps: Deps, actor: Actor, engagementId: string, controlId: string) =>
  change(deps, actor, engagementId, PROGRAM_EDITORS, "edit the audit program", async (c) => {
    const { trx, e, now } = c;
    const latest = await requireDraft(trx, e);
    const control = (await loadOrgControls(trx, e.org_id)).find((k) => k.id === controlId);
    if (!control) throw invalid(`controlId: there is no control ${controlId} in this organization.`);
    if (control.status === "not_applicable") {
      throw invalid(
        `controlId: ${control.code} is marked not applicable by the organization, so it is not tested.`,
      );
    }
    const scope = programScopeOf(e);
    if (criteriaInScopeOf(scope, control).length === 0) {
      throw invalid(
        `controlId: ${control.code} addresses none of the criteria in scope (${control.criteria.join(", ") || "none"}).`,
      );
    }
    const lines = await listProgramLines(trx, e.id, latest.id);
    if (lines.some((l) => l.control_id === control.id)) {
      throw new AppError("CONFLICT", `${control.code} already has a line in the program; edit that line.`);
    }
    const line = defaultLine(scope, control);
    const row = lineRow(deps, latest, line, Math.max(0, ...lines.map((l) => l.position)) + 1, now);
    await insertProgramLines(trx, [row]);
    await touchProgram(trx, e.id, latest.id, now);
    await programEvent(trx, deps, c, latest.id, "line_added", {
      after: { line: row.id, ...lineAuditFields(line), criteria: line.criteria },
    });
  });

export const removeProgramLine = (deps: Deps, actor: Actor, engagementId: string, lineId: string) =>
  change(deps, actor, engagementId, PROGRAM_EDITORS, "edit the audit program", async (c) => {
    const { trx, e, now } = c;
    const row = await findProgramLine(trx, e.id, lineId);
    if (!row) throw notFound("Audit program line");
    const latest = await requireDraftOf(trx, e, row.program_id);
    await deleteProgramLine(trx, e.id, row.id);
    await touchProgram(trx, e.id, latest.id, now);
    await programEvent(trx, deps, c, latest.id, "line_removed", {
      before: { line: row.id, ...lineAuditFields(parseLine(row)) },
    });
  });
