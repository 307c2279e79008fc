/**
 * Evidence freshness of an organization: for each applicable control, the latest current evidence,
 * when the next is due (core/readiness.ts nextEvidenceDue, the rule the readiness score uses), and the
 * controls needing evidence grouped by owner. A control without any evidence is "missing" and is
 * listed with the overdue ones: it is due today and nothing yet proves it operates.
 */
import { FREQUENCIES, type Frequency } from "../../core/controls.js";
import { nextEvidenceDue } from "../../core/readiness.js";
import { listControlEvidenceDates } from "../../db/repositories/evidence.js";
import type { Actor } from "../actor.js";
import { requireUser } from "../authz.js";
import { type Deps, todayIso } from "../deps.js";
import { EVIDENCE_READERS, loadEvidenceOrg } from "./evidence-model.js";

const isFrequency = (f: string): f is Frequency => (FREQUENCIES as readonly string[]).includes(f);

export const FRESHNESS_STATUSES = ["current", "overdue", "missing"] as const;
export type FreshnessStatus = (typeof FRESHNESS_STATUSES)[number];

export interface ControlFreshness {
  readonly lastEffectiveDate: string | null;
  readonly nextDue: string | null;
  readonly status: FreshnessStatus;
  readonly daysOverdue: number;
  readonly controlId: string;
  readonly code: string;
  readonly title: string;
  readonly frequency: string;
  readonly owner: { readonly userId: string; readonly name: string } | null;
}

export const getEvidenceFreshness = async (deps: Deps, actor: Actor, orgId: string) => {
  const user = requireUser(actor);
  const org = await loadEvidenceOrg(deps, user, orgId, EVIDENCE_READERS, "view evidence freshness");
  const today = todayIso(deps);
  const rows = await listControlEvidenceDates(deps.db, org.id);
  const controls: ControlFreshness[] = rows
    .filter((r) => r.status !== "not_applicable")
    .map((r) => {
      const last = (r.last_effective_date as string | null) ?? null;
      // A frequency the core does not know is treated as event-driven (a 90-day freshness window).
      const due = nextEvidenceDue(isFrequency(r.frequency) ? r.frequency : "event", last, today);
      const status: FreshnessStatus = last === null ? "missing" : due.overdue ? "overdue" : "current";
      return {
        controlId: r.id,
        code: r.code,
        title: r.title,
        frequency: r.frequency,
        owner: r.owner_user_id
          ? { userId: r.owner_user_id, name: r.owner_name ?? r.owner_email ?? "" }
          : null,
        lastEffectiveDate: last,
        nextDue: due.dueDate,
        status,
        daysOverdue: due.daysOverdue,
      };
    });
  const groups = new Map<string, { owner: ControlFreshness["owner"]; controls: ControlFreshness[] }>();
  for (const c of controls.filter((k) => k.status !== "current")) {
    const key = c.owner?.userId ?? "";
    const group = groups.get(key) ?? { owner: c.owner, controls: [] };
    group.controls.push(c);
    groups.set(key, group);
  }
  const overdueByOwner = [...groups.values()]
    .map((g) => ({
      owner: g.owner,
      controls: g.controls
        .sort((a, b) => b.daysOverdue - a.daysOverdue || a.code.localeCompare(b.code))
        .map((c) => ({
          controlId: c.controlId,
          code: c.code,
          title: c.title,
          status: c.status,
          lastEffectiveDate: c.lastEffectiveDate,
          nextDue: c.nextDue,
          daysOverdue: c.daysOverdue,
        })),
    }))
    // Named owners alphabetically, unassigned controls last.
    .sort(
      (a, b) =>
        (a.owner ? 0 : 1) - (b.owner ? 0 : 1) || (a.owner?.name ?? "").localeCompare(b.owner?.name ?? ""),
    );
  return { asOf: today, controls, overdueByOwner };
};
