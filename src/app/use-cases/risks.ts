import { acceptanceExpired, formatRiskRef } from "../../core/risk.js";
import { bandOf, heatMap, type RiskPoint } from "../../core/risk-trend.js";
import {
  listOrgPeople,
  listOrgRisks,
  listRiskControls,
  listTargetEvents,
  type RiskListRow,
} from "../../db/repositories/risks.js";
import { type Actor, rolesIn, type UserActor } from "../actor.js";
import { requireUser } from "../authz.js";
import { type Deps, todayIso } from "../deps.js";
import {
  type LinkedControl,
  loadRisk,
  loadRiskOrg,
  RISK_APPROVERS,
  RISK_READERS,
  RISK_TARGET,
  RISK_WRITERS,
  type RiskFilter,
  riskView,
} from "./risk-model.js";

const TARGET = RISK_TARGET;

const canWrite = (user: UserActor, orgId: string) =>
  rolesIn(user, "org", orgId).some((r) => RISK_WRITERS.includes(r));

const pointOf = (r: RiskListRow): RiskPoint => ({
  id: r.id,
  ref: formatRiskRef(r.seq),
  title: r.title,
  status: r.status,
  likelihood: r.likelihood,
  impact: r.impact,
  residualLikelihood: r.residual_likelihood,
  residualImpact: r.residual_impact,
});

const controlsByRisk = (links: readonly (LinkedControl & { risk_id: string })[]) => {
  const map = new Map<string, LinkedControl[]>();
  for (const l of links) map.set(l.risk_id, [...(map.get(l.risk_id) ?? []), l]);
  return map;
};

const matches = (r: RiskListRow, f: RiskFilter, userId: string, today: string): boolean => {
  const p = pointOf(r);
  const [l, i] = f.basis === "inherent" ? [p.likelihood, p.impact] : [p.residualLikelihood, p.residualImpact];
  if (f.band && bandOf(p, f.basis) !== f.band) return false;
  if (f.likelihood && l !== f.likelihood) return false;
  if (f.impact && i !== f.impact) return false;
  if (f.treatment && r.treatment !== f.treatment) return false;
  if (f.owner && r.owner_user_id !== (f.owner === "me" ? userId : f.owner)) return false;
  if (f.category && r.category !== f.category) return false;
  if (f.status && r.status !== f.status) return false;
  if (f.fraud && (r.fraud === 1) !== (f.fraud === "true")) return false;
  if (f.overdue && (r.status === "open" && r.review_date < today) !== (f.overdue === "true")) return false;
  return true;
};

/** Organization admins and control owners who may own risks; admins may approve acceptances. */
export const peopleOf = async (deps: Deps, orgId: string) => {
  const rows = await listOrgPeople(deps.db, orgId);
  const byId = new Map<string, { id: string; name: string; email: string; roles: string[] }>();
  for (const r of rows) {
    const p = byId.get(r.id) ?? { id: r.id, name: r.name, email: r.email, roles: [] };
    p.roles.push(r.role);
    byId.set(r.id, p);
  }
  return [...byId.values()]
    .filter((p) => p.roles.some((role) => RISK_WRITERS.includes(role as never)))
    .map((p) => ({ ...p, canApprove: p.roles.includes("org_admin") }));
};

export const listRisks = async (deps: Deps, actor: Actor, orgId: string, filter: RiskFilter) => {
  const user = requireUser(actor);
  const org = await loadRiskOrg(deps, user, orgId, RISK_READERS, "see the risk register");
  const today = todayIso(deps);
  const [rows, links] = await Promise.all([listOrgRisks(deps.db, org.id), listRiskControls(deps.db, org.id)]);
  const controls = controlsByRisk(links);
  const points = rows.map(pointOf);
  const editable = canWrite(user, org.id);
  return {
    risks: rows
      .filter((r) => matches(r, filter, user.userId, today))
      .map((r) => riskView(r, controls.get(r.id) ?? [], today)),
    total: rows.length,
    heatMap: { inherent: heatMap(points, "inherent"), residual: heatMap(points, "residual") },
    people: editable ? await peopleOf(deps, org.id) : [],
    permissions: {
      canEdit: editable,
      canApproveAssessments: rolesIn(user, "org", org.id).some((r) => RISK_APPROVERS.includes(r)),
    },
  };
};

const historyOf = async (deps: Deps, orgId: string, id: string) =>
  (await listTargetEvents(deps.db, orgId, TARGET, id)).map((e) => {
    const summary = JSON.parse(e.summary) as {
      before?: Record<string, unknown>;
      after?: Record<string, unknown>;
      note?: string;
    };
    const before = summary.before ?? {};
    const after = summary.after ?? {};
    const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    return {
      seq: Number(e.seq),
      at: e.at,
      actor: e.actor_label,
      action: e.action,
      changes: fields
        .filter((f) => JSON.stringify(before[f] ?? null) !== JSON.stringify(after[f] ?? null))
        .map((f) => ({ field: f, from: before[f] ?? null, to: after[f] ?? null })),
      note: summary.note ?? null,
    };
  });

export const getRisk = async (deps: Deps, actor: Actor, id: string) => {
  const user = requireUser(actor);
  const r = await loadRisk(deps, user, id, RISK_READERS, "see the risk register");
  const [links, history] = await Promise.all([
    listRiskControls(deps.db, r.org_id, [r.id]),
    historyOf(deps, r.org_id, r.id),
  ]);
  const view = riskView(r, links, todayIso(deps));
  return {
    risk: view,
    history,
    permissions: {
      canEdit: canWrite(user, r.org_id),
      canApproveAcceptance:
        view.acceptance !== null &&
        view.acceptance.approvedAt === null &&
        !view.acceptance.expired &&
        r.status === "open" &&
        r.accept_approver_user_id === user.userId,
    },
  };
};

/** The signed-in user's open work on the register: overdue reviews, expired and pending acceptances. */
export const myRiskTasks = async (deps: Deps, actor: Actor, orgId: string) => {
  const user = requireUser(actor);
  const org = await loadRiskOrg(deps, user, orgId, RISK_READERS, "see the risk register");
  const today = todayIso(deps);
  const rows = (await listOrgRisks(deps.db, org.id)).filter((r) => r.status === "open");
  const tasks = [];
  for (const r of rows) {
    const base = { riskId: r.id, ref: formatRiskRef(r.seq), title: r.title, link: `/risks/${r.id}` };
    if (r.owner_user_id === user.userId && r.review_date < today) {
      tasks.push({ ...base, kind: "review_overdue" as const, due: r.review_date });
    }
    if (
      r.owner_user_id === user.userId &&
      acceptanceExpired({ ...r, acceptExpiresOn: r.accept_expires_on }, today)
    ) {
      tasks.push({ ...base, kind: "acceptance_expired" as const, due: r.accept_expires_on });
    }
    if (
      r.treatment === "accept" &&
      r.accept_approver_user_id === user.userId &&
      !r.accept_approved_at &&
      !acceptanceExpired({ ...r, acceptExpiresOn: r.accept_expires_on }, today)
    ) {
      tasks.push({ ...base, kind: "approve_acceptance" as const, due: r.accept_expires_on });
    }
  }
  return { tasks };
};
