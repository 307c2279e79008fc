/**
 * The DC 200 system description of an engagement. Management prepares it (the organization's admin
 * edits); the auditing firm reads it and relies on the completeness check before its review.
 */
import type { Kysely } from "kysely";
import { z } from "zod";
import { CRITERIA } from "../../catalog/criteria.js";
import { coverage } from "../../core/controls.js";
import { criteriaForCategories } from "../../core/criteria.js";
import { AppError } from "../../core/errors.js";
import { mergeDc4Entries } from "../../core/incident-disclosure.js";
import {
  checkCompleteness,
  emptySystemDescription,
  type SystemDescription,
  SystemDescriptionSchema,
} from "../../core/system-description.js";
import { listOrgControls } from "../../db/repositories/controls.js";
import { listSubserviceOrgs } from "../../db/repositories/engagements.js";
import {
  findSystemDescription,
  insertSystemDescription,
  updateSystemDescription,
} from "../../db/repositories/system-descriptions.js";
import type { DB, EngagementRow } from "../../db/schema.js";
import { type Actor, rolesIn } from "../actor.js";
import { inTransaction, recordEvent } from "../audit.js";
import { requireUser, requireWrite } from "../authz.js";
import { type Deps, nowIso } from "../deps.js";
import { engagementType, loadEngagement, parseCategories } from "./engagement-model.js";
import { registerDisclosures } from "./incident-disclosure.js";

export const SaveDescriptionSchema = z.object({
  /** The revision the editor started from; a stale one is refused so no one overwrites another's work. */
  revision: z.number().int().min(0),
  content: SystemDescriptionSchema.partial(),
});

const loadContent = async (db: Kysely<DB>, engagementId: string) => {
  const row = await findSystemDescription(db, engagementId);
  return {
    row,
    content: row ? SystemDescriptionSchema.parse(JSON.parse(row.content)) : emptySystemDescription(),
  };
};

/** The completeness of an engagement's description, from its scope, controls and subservice organizations. */
export const describeCompleteness = async (
  db: Kysely<DB>,
  engagement: EngagementRow,
  content?: SystemDescription,
) => {
  const description = content ?? (await loadContent(db, engagement.id)).content;
  const [controls, subs] = await Promise.all([
    listOrgControls(db, engagement.org_id),
    listSubserviceOrgs(db, engagement.id),
  ]);
  const inScope = criteriaForCategories(CRITERIA, parseCategories(engagement.categories));
  const rows = coverage(
    inScope,
    controls.map((c) => ({
      id: c.id,
      code: c.code,
      title: c.title,
      status: c.status as "not_started",
      criteria: JSON.parse(c.criteria) as string[],
    })),
  );
  // DC4 counts the register's incidents flagged for disclosure in the period.
  const registerIncidents = await registerDisclosures(db, engagement);
  const missing = checkCompleteness({
    description: { ...description, incidents: mergeDc4Entries(description.incidents, registerIncidents) },
    type: engagementType(engagement),
    criteria: rows.map((r) => ({ id: r.criterionId, covered: r.covered })),
    subserviceOrgs: subs.map((s) => ({ id: s.id, name: s.name, method: s.method })),
  });
  return { missing, complete: missing.length === 0, coverage: rows, subserviceOrgs: subs, registerIncidents };
};

export const getSystemDescription = async (deps: Deps, actor: Actor, engagementId: string) => {
  const user = requireUser(actor);
  const engagement = await loadEngagement(deps, user, engagementId);
  const { row, content } = await loadContent(deps.db, engagement.id);
  const check = await describeCompleteness(deps.db, engagement, content);
  return {
    engagementId: engagement.id,
    type: engagementType(engagement),
    revision: row?.revision ?? 0,
    updatedAt: row?.updated_at ?? null,
    content,
    completeness: { complete: check.complete, missing: check.missing },
    /** DC4 entries from the incident register (flagged for disclosure, aware in the period); read-only here. */
    registerIncidents: check.registerIncidents,
    criteria: check.coverage.map((c) => ({
      criterionId: c.criterionId,
      category: c.category,
      covered: c.covered,
      controls: c.controls.map((k) => ({ code: k.code, title: k.title })),
    })),
    subserviceOrgs: check.subserviceOrgs.map((s) => ({
      id: s.id,
      name: s.name,
      service: s.service,
      method: s.method,
    })),
    canEdit: rolesIn(user, "org", engagement.org_id).includes("org_admin"),
  };
};

export const saveSystemDescription = async (
  deps: Deps,
  actor: Actor,
  engagementId: string,
  input: z.infer<typeof SaveDescriptionSchema>,
) => {
  const user = requireWrite(actor);
  const engagement = await loadEngagement(deps, user, engagementId);
  if (!rolesIn(user, "org", engagement.org_id).includes("org_admin")) {
    throw new AppError(
      "FORBIDDEN",
      "Management prepares the system description: only the organization's admin can edit it. The auditing firm reviews it.",
    );
  }
  const now = nowIso(deps);
  await inTransaction(deps, async (trx) => {
    const { row, content } = await loadContent(trx, engagement.id);
    const next = SystemDescriptionSchema.parse({ ...content, ...input.content });
    const changed = Object.keys(input.content).filter(
      (k) =>
        JSON.stringify(next[k as keyof SystemDescription]) !==
        JSON.stringify(content[k as keyof SystemDescription]),
    );
    if (!row) {
      if (input.revision !== 0)
        throw new AppError("CONFLICT", "Someone else changed the description; reload it first.");
      await insertSystemDescription(trx, {
        id: deps.newId(),
        engagement_id: engagement.id,
        org_id: engagement.org_id,
        firm_id: engagement.firm_id,
        content: JSON.stringify(next),
        revision: 1,
        updated_by: user.userId,
        updated_at: now,
      });
    } else if (
      !(await updateSystemDescription(
        trx,
        engagement.id,
        input.revision,
        JSON.stringify(next),
        user.userId,
        now,
      ))
    ) {
      throw new AppError(
        "CONFLICT",
        "Someone else changed the description meanwhile; reload it and apply your edits again.",
      );
    }
    await recordEvent(trx, deps, actor, {
      action: "system_description.updated",
      targetType: "engagement",
      targetId: engagement.id,
      firmId: engagement.firm_id,
      orgId: engagement.org_id,
      engagementId: engagement.id,
      after: { sections: changed, revision: (row?.revision ?? 0) + 1 },
    });
  });
  return getSystemDescription(deps, actor, engagementId);
};
