/**
 * Exceptions (issue 4 §7): the auditors describe and classify each one (with the core's suggestion
 * and markers) and record sample extensions; the organization responds with management's response
 * and remediation; the auditors accept the response or ask again. Remediation never erases a
 * deviation: responses never touch the counts or the classification. Every change is an audit event.
 */
import type { Kysely } from "kysely";
import { exceptionKind, suggestExtension } from "../../core/deviations.js";
import { AppError, invalid, notFound } from "../../core/errors.js";
import { type Classification, classificationProblems, formatExceptionRef } from "../../core/workpaper.js";
import { suggestConclusion } from "../../core/workpaper-grid.js";
import {
  decideLatestResponse,
  type ExceptionItem,
  insertResponse,
  listEngagementExceptions,
  listResponses,
  nextResponseNumber,
  updateExceptionIf,
} from "../../db/repositories/exceptions.js";
import {
  findEngagementSample,
  findFirmWorkpaper,
  findWorkpaperState,
  listResults,
  lockOpenWorkpaper,
  updateWorkpaperIf,
} from "../../db/repositories/workpapers.js";
import type { DB } from "../../db/schema.js";
import type { Actor, UserActor } from "../actor.js";
import { inTransaction, recordEvent } from "../audit.js";
import { requireEngagementRole, requireUser, requireWrite } from "../authz.js";
import { type Deps, nowIso } from "../deps.js";
import { deliverEmails, notifyUsers, usersWithRoles } from "../notify.js";
import { loadEngagement } from "./engagement-model.js";
import {
  clientView,
  type DecisionInput,
  EXC_CLIENT,
  EXC_READERS,
  type ExtensionInput,
  exceptionPermissions,
  firmView,
  loadException,
  type RespondInput,
  sideOn,
  type UpdateExceptionInput,
} from "./exception-model.js";
import {
  allowedDeviationsOf,
  attributesOf,
  gridCells,
  loadBasis,
  loadProgramLine,
  suggestionInput,
} from "./workpaper-basis.js";
import { lockedError, WP_EDITORS } from "./workpaper-model.js";

const target = (x: ExceptionItem) => ({ firmId: x.firm_id, orgId: x.org_id, engagementId: x.engagement_id });
const link = (x: ExceptionItem) => `/engagements/${x.engagement_id}/exceptions?open=${x.id}`;

export const listExceptions = async (deps: Deps, actor: Actor, engagementId: string) => {
  const user = requireUser(actor);
  const e = await loadEngagement(deps, user, engagementId);
  requireEngagementRole(user, e, EXC_READERS, "see exceptions");
  const side = sideOn(user, e);
  const rows = (await listEngagementExceptions(deps.db, e.id)).filter(
    (x) => side === "firm" || x.status !== "void",
  );
  const responses = await listResponses(
    deps.db,
    rows.map((x) => x.id),
  );
  return {
    exceptions: rows.map((x) => (side === "firm" ? firmView(x, responses) : clientView(x, responses))),
  };
};

/** The core's advice on one exception: classification markers, the control's suggested conclusion, an extension. */
const suggestionFor = async (deps: Deps, user: UserActor, x: ExceptionItem) => {
  const wp = await findFirmWorkpaper(deps.db, x.workpaper_id, [x.firm_id]);
  if (!wp) return null;
  const e = await loadEngagement(deps, user, x.engagement_id);
  const line = await loadProgramLine(deps.db, wp);
  const attributes = attributesOf(line).filter((a) => a.id === x.attribute_id);
  const basis = await loadBasis(deps.db, wp, line);
  const cells = gridCells(await listResults(deps.db, wp.id));
  const evaluation = suggestConclusion(suggestionInput(e, basis, attributes, cells, [x], line));
  const allowed = allowedDeviationsOf(line) ?? 0;
  const extendBy =
    basis.kind === "sample" && x.deviations > 0 && x.status !== "void"
      ? suggestExtension(x.tested, x.deviations, allowed, basis.populationSize)
      : 0;
  const markers: string[] = JSON.parse(x.markers) as string[];
  return {
    classification: evaluation.markers.length > 0 ? "systematic" : x.deviations > 0 ? "isolated" : null,
    markers: evaluation.markers,
    conclusion: evaluation.conclusion,
    reasons: evaluation.reasons,
    kind: exceptionKind({
      designCause: markers.includes("design-cause"),
      descriptionMisstatement: x.kind === "description-misstatement",
    }),
    extendSample:
      extendBy > 0
        ? {
            suggestedAdditional: extendBy,
            message: `Extend the sample by ${extendBy} items (to ${x.tested + extendBy}) and re-evaluate, unless the deviations are systematic.`,
          }
        : null,
  };
};

export const getException = async (deps: Deps, actor: Actor, id: string) => {
  const user = requireUser(actor);
  const x = await loadException(deps, user, id);
  const responses = await listResponses(deps.db, [x.id]);
  const permissions = exceptionPermissions(user, x);
  if (sideOn(user, x) === "org") return { exception: clientView(x, responses), permissions };
  return {
    exception: { ...firmView(x, responses), suggestion: await suggestionFor(deps, user, x) },
    permissions,
  };
};

/** Runs `work` after taking the open workpaper's lock (auditors' changes to an exception are workpaper changes). */
const onOpenWorkpaper = async (deps: Deps, x: ExceptionItem, work: (trx: Kysely<DB>) => Promise<void>) =>
  inTransaction(deps, async (trx) => {
    if (!(await lockOpenWorkpaper(trx, x.workpaper_id))) {
      const state = await findWorkpaperState(trx, x.workpaper_id);
      throw lockedError(state?.status ?? "signed off");
    }
    await work(trx);
    await updateWorkpaperIf(trx, x.workpaper_id, { status: "open" }, { updated_at: nowIso(deps) });
  });

const changedMeanwhile = (x: ExceptionItem) =>
  new AppError(
    "CONFLICT",
    `${formatExceptionRef(x.seq)} was changed by someone else meanwhile; reload it and try again.`,
  );

export const updateException = async (deps: Deps, actor: Actor, id: string, input: UpdateExceptionInput) => {
  const user = requireWrite(actor);
  const x = await loadException(deps, user, id);
  requireEngagementRole(user, x, WP_EDITORS, "describe and classify exceptions");
  if (x.status === "void") {
    throw new AppError("CONFLICT", `${formatExceptionRef(x.seq)} is void: no failing result remains.`);
  }
  const before = {
    kind: x.kind,
    description: x.description,
    cause: x.cause,
    classification: x.classification,
    markers: JSON.parse(x.markers) as string[],
  };
  const after = {
    kind: input.kind ?? before.kind,
    description: input.description ?? before.description,
    cause: input.cause ?? before.cause,
    classification: input.classification ?? before.classification,
    markers: input.markers ? [...new Set(input.markers)] : before.markers,
  };
  const problems = classificationProblems(after.classification as Classification, after.markers);
  if (problems.length > 0) throw invalid(`classification: ${problems.join(" ")}`, { problems });
  const changed = (Object.keys(after) as (keyof typeof after)[]).filter(
    (k) => JSON.stringify(after[k]) !== JSON.stringify(before[k]),
  );
  if (changed.length > 0) {
    await onOpenWorkpaper(deps, x, async (trx) => {
      const ok = await updateExceptionIf(trx, x.id, [x.status], {
        ...after,
        markers: JSON.stringify(after.markers),
        updated_at: nowIso(deps),
      });
      if (!ok) throw changedMeanwhile(x);
      await recordEvent(trx, deps, user, {
        action: "exception.updated",
        targetType: "fieldwork_exception",
        targetId: x.id,
        ...target(x),
        before: Object.fromEntries(changed.map((k) => [k, before[k]])),
        after: { ref: formatExceptionRef(x.seq), ...Object.fromEntries(changed.map((k) => [k, after[k]])) },
      });
    });
  }
  return getException(deps, actor, id);
};

export const recordExtension = async (deps: Deps, actor: Actor, id: string, input: ExtensionInput) => {
  const user = requireWrite(actor);
  const x = await loadException(deps, user, id);
  requireEngagementRole(user, x, WP_EDITORS, "record sample extensions");
  const sample = await findEngagementSample(deps.db, x.engagement_id, input.sampleId);
  if (!sample) throw notFound("Sample");
  if (sample.extends_sample_id === null) {
    throw invalid(
      "sampleId: this sample extends no other sample; extend the workpaper's sample first and link the extension.",
    );
  }
  const wp = await findFirmWorkpaper(deps.db, x.workpaper_id, [x.firm_id]);
  const basis = wp ? await loadBasis(deps.db, wp, await loadProgramLine(deps.db, wp)) : null;
  if (!basis?.sample?.chain.some((s) => s.id === sample.id)) {
    throw invalid("sampleId: the extension does not extend the sample this workpaper tests.");
  }
  const extension = { sampleId: sample.id, added: Number(sample.size), reason: input.reason };
  await onOpenWorkpaper(deps, x, async (trx) => {
    const ok = await updateExceptionIf(trx, x.id, [x.status], {
      extension: JSON.stringify(extension),
      updated_at: nowIso(deps),
    });
    if (!ok) throw changedMeanwhile(x);
    await recordEvent(trx, deps, user, {
      action: "exception.sample-extended",
      targetType: "fieldwork_exception",
      targetId: x.id,
      ...target(x),
      before: { extension: x.extension === null ? null : JSON.parse(x.extension) },
      after: { ref: formatExceptionRef(x.seq), extension },
    });
  });
  return getException(deps, actor, id);
};

export const respondToException = async (deps: Deps, actor: Actor, id: string, input: RespondInput) => {
  const user = requireWrite(actor);
  const x = await loadException(deps, user, id);
  requireEngagementRole(user, x, EXC_CLIENT, "respond to exceptions");
  if (x.status !== "open" && x.status !== "asked-again") {
    throw new AppError(
      "CONFLICT",
      x.status === "accepted"
        ? `The auditors accepted the response to ${formatExceptionRef(x.seq)}; it is closed.`
        : `${formatExceptionRef(x.seq)} already has a response awaiting the auditors' decision.`,
    );
  }
  const notificationIds = await inTransaction(deps, async (trx) => {
    const now = nowIso(deps);
    if (!(await updateExceptionIf(trx, x.id, [x.status], { status: "responded", updated_at: now }))) {
      throw changedMeanwhile(x);
    }
    const n = await nextResponseNumber(trx, x.id);
    await insertResponse(trx, {
      id: deps.newId(),
      exception_id: x.id,
      firm_id: x.firm_id,
      org_id: x.org_id,
      engagement_id: x.engagement_id,
      n,
      response: input.response,
      remediation: input.remediation,
      remediation_date: input.remediationDate ?? null,
      author_user_id: user.userId,
      created_at: now,
      decision: null,
      decision_note: null,
      decided_by: null,
      decided_at: null,
    });
    await recordEvent(trx, deps, user, {
      action: "exception.responded",
      targetType: "fieldwork_exception",
      targetId: x.id,
      ...target(x),
      after: { ref: formatExceptionRef(x.seq), n, remediationDate: input.remediationDate ?? null },
    });
    const team = await usersWithRoles(trx, "firm", x.firm_id, ["engagement_manager"]);
    return notifyUsers(trx, deps, [...team, ...(x.created_by ? [x.created_by] : [])], {
      kind: "exception.responded",
      title: `Management responded to ${formatExceptionRef(x.seq)} (${x.control_code})`,
      body: `${user.name} responded to ${formatExceptionRef(x.seq)}. Accept the response or ask again.`,
      link: link(x),
      firmId: x.firm_id,
      orgId: null,
    });
  });
  await deliverEmails(deps, notificationIds);
  return getException(deps, actor, id);
};

export const decideOnResponse = async (deps: Deps, actor: Actor, id: string, input: DecisionInput) => {
  const user = requireWrite(actor);
  const x = await loadException(deps, user, id);
  requireEngagementRole(user, x, WP_EDITORS, "accept responses or ask again");
  if (x.status !== "responded") {
    throw new AppError("CONFLICT", `${formatExceptionRef(x.seq)} has no response awaiting a decision.`);
  }
  const notificationIds = await inTransaction(deps, async (trx) => {
    const now = nowIso(deps);
    if (!(await updateExceptionIf(trx, x.id, ["responded"], { status: input.decision, updated_at: now }))) {
      throw changedMeanwhile(x);
    }
    const note = input.note ? input.note : null;
    const n = await decideLatestResponse(trx, x.id, {
      decision: input.decision,
      note,
      by: user.userId,
      at: now,
    });
    if (n === null) throw changedMeanwhile(x);
    await recordEvent(trx, deps, user, {
      action: input.decision === "accepted" ? "exception.response-accepted" : "exception.asked-again",
      targetType: "fieldwork_exception",
      targetId: x.id,
      ...target(x),
      after: { ref: formatExceptionRef(x.seq), n, decision: input.decision },
      ...(note ? { note } : {}),
    });
    if (input.decision !== "asked-again") return [];
    const responders = (await listResponses(trx, [x.id]))
      .map((r) => r.author_user_id)
      .filter((u) => u !== null);
    const admins = await usersWithRoles(trx, "org", x.org_id, ["org_admin"]);
    return notifyUsers(trx, deps, [...responders, ...admins], {
      kind: "exception.asked-again",
      title: `The auditors ask again about ${formatExceptionRef(x.seq)} (${x.control_code})`,
      body: `${user.name}: ${note ?? ""}`,
      link: link(x),
      firmId: null,
      orgId: x.org_id,
    });
  });
  await deliverEmails(deps, notificationIds);
  return getException(deps, actor, id);
};
