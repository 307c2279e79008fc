/**
 * The parts of an engagement-file import, each applied inside the import's transaction by
 * engagement-code-import.ts: subservice organizations, controls (matched by code), policy metadata
 * (matched by title) and the system description. Each part first works out what would change; when
 * something would and the actor may not change it (`refusal`), the part is reported as skipped.
 */
import type { Kysely } from "kysely";
import {
  findPolicyTemplate,
  ORGANIZATION_PLACEHOLDER,
  POLICY_SECTIONS,
} from "../../catalog/policy-templates.js";
import { type EngagementDoc, formatDocPath } from "../../core/engagement-yaml.js";
import { invalid } from "../../core/errors.js";
import { SystemDescriptionSchema } from "../../core/system-description.js";
import { insertOrgControls, listOrgControls, updateOrgControl } from "../../db/repositories/controls.js";
import { insertSubserviceOrg, listSubserviceOrgs } from "../../db/repositories/engagements.js";
import {
  findOrgControlsByLibraryIds,
  insertPolicy,
  insertVersion,
  listOrgPolicies,
  replacePolicyControls,
  updatePolicy,
} from "../../db/repositories/policies.js";
import {
  findSystemDescription,
  insertSystemDescription,
  updateSystemDescription,
} from "../../db/repositories/system-descriptions.js";
import type { DB, EngagementRow } from "../../db/schema.js";
import type { OrgControlRow, OrgControlsTable } from "../../db/schema-controls.js";
import type { PoliciesTable } from "../../db/schema-policies.js";
import type { Actor, UserActor } from "../actor.js";
import { recordEvent } from "../audit.js";
import type { Deps } from "../deps.js";

export interface ImportResult {
  engagementId: string;
  created: boolean;
  applied: string[];
  unchanged: string[];
  skipped: { section: string; reason: string }[];
  controls: { created: string[]; updated: string[] };
  policies: { created: string[]; updated: string[] };
  warnings: string[];
}

export interface ImportContext {
  readonly deps: Deps;
  readonly actor: Actor;
  readonly trx: Kysely<DB>;
  readonly user: UserActor;
  readonly org: { id: string; firm_id: string; name: string };
  readonly engagement: EngagementRow;
  /** Lower-cased e-mail → user id of the organization's members. */
  readonly members: ReadonlyMap<string, string>;
  readonly now: string;
  readonly result: ImportResult;
}

const ownerId = (ctx: ImportContext, email: string | null) =>
  email ? (ctx.members.get(email.toLowerCase()) ?? null) : null;

const audit = (ctx: ImportContext, action: string, targetType: string, targetId: string, after: unknown) =>
  recordEvent(ctx.trx, ctx.deps, ctx.actor, {
    action,
    targetType,
    targetId,
    firmId: ctx.engagement.firm_id,
    orgId: ctx.engagement.org_id,
    engagementId: ctx.engagement.id,
    after: after as Record<string, unknown>,
  });

/** Records the outcome of a part; returns whether to write. */
const decide = (ctx: ImportContext, section: string, changes: number, refusal: string | null): boolean => {
  if (changes === 0) {
    ctx.result.unchanged.push(section);
    return false;
  }
  if (refusal) {
    ctx.result.skipped.push({ section, reason: `${refusal} ${changes} change(s) not applied.` });
    return false;
  }
  ctx.result.applied.push(section);
  return true;
};

/** Adds missing subservice organizations; returns lower-cased name → id of the engagement's. */
export const applySubservice = async (ctx: ImportContext, doc: EngagementDoc, refusal: string | null) => {
  const current = await listSubserviceOrgs(ctx.trx, ctx.engagement.id);
  const byName = new Map(current.map((s) => [s.name.toLowerCase(), s]));
  const missing = doc.engagement.subserviceOrganizations.filter((s) => !byName.has(s.name.toLowerCase()));
  for (const s of doc.engagement.subserviceOrganizations) {
    const had = byName.get(s.name.toLowerCase());
    if (had && (had.service !== s.service || had.method !== s.method)) {
      ctx.result.warnings.push(
        `Subservice organization '${s.name}' differs; change it on the engagement page.`,
      );
    }
  }
  const named = new Set(doc.engagement.subserviceOrganizations.map((s) => s.name.toLowerCase()));
  for (const s of current) {
    if (!named.has(s.name.toLowerCase()))
      ctx.result.warnings.push(`Subservice organization '${s.name}' is not in the file; it was kept.`);
  }
  const ids = new Map(current.map((s) => [s.name.toLowerCase(), s.id]));
  if (!decide(ctx, "subserviceOrganizations", missing.length, refusal)) return ids;
  for (const s of missing) {
    const row = {
      id: ctx.deps.newId(),
      engagement_id: ctx.engagement.id,
      firm_id: ctx.engagement.firm_id,
      org_id: ctx.engagement.org_id,
      name: s.name,
      service: s.service,
      method: s.method,
      created_at: ctx.now,
    };
    await insertSubserviceOrg(ctx.trx, row);
    await audit(ctx, "engagement.subservice_added", "subservice_org", row.id, s);
    ids.set(s.name.toLowerCase(), row.id);
  }
  return ids;
};

const controlFields = (ctx: ImportContext, c: EngagementDoc["controls"][number]) => ({
  library_id: c.libraryId,
  domain: c.domain,
  title: c.title,
  description: c.description,
  criteria: JSON.stringify(c.criteria),
  frequency: c.frequency,
  automation: c.automation,
  evidence: JSON.stringify(c.evidence),
  attributes: JSON.stringify(c.attributes),
  owner_user_id: ownerId(ctx, c.owner),
  status: c.status,
});

/** Controls are the organization's (not the engagement's): matched by code, created or updated. */
export const applyControls = async (ctx: ImportContext, doc: EngagementDoc, refusal: string | null) => {
  const current = new Map((await listOrgControls(ctx.trx, ctx.org.id)).map((c) => [c.code, c]));
  const creates: OrgControlRow[] = [];
  const updates: { row: OrgControlRow; changes: Partial<OrgControlsTable> }[] = [];
  for (const c of doc.controls) {
    const fields = controlFields(ctx, c);
    const row = current.get(c.code);
    if (!row) {
      creates.push({
        id: ctx.deps.newId(),
        org_id: ctx.org.id,
        code: c.code,
        ...fields,
        created_at: ctx.now,
        updated_at: ctx.now,
      });
      continue;
    }
    const changes = Object.fromEntries(
      Object.entries(fields).filter(([k, v]) => row[k as keyof OrgControlRow] !== v),
    ) as Partial<OrgControlsTable>;
    if (Object.keys(changes).length > 0) updates.push({ row, changes });
  }
  if (!decide(ctx, "controls", creates.length + updates.length, refusal)) return;
  await insertOrgControls(ctx.trx, creates);
  for (const u of updates) await updateOrgControl(ctx.trx, u.row.id, { ...u.changes, updated_at: ctx.now });
  ctx.result.controls = { created: creates.map((c) => c.code), updated: updates.map((u) => u.row.code) };
  await audit(ctx, "controls.imported", "organization", ctx.org.id, ctx.result.controls);
};

const blankBody = (): string =>
  POLICY_SECTIONS.map((s) => `## ${s}\n\n${s === "Policy statements" ? "1. " : ""}(to be written)\n`).join(
    "\n",
  );

const newPolicy = async (ctx: ImportContext, p: EngagementDoc["policies"][number]) => {
  const template = p.templateId ? findPolicyTemplate(p.templateId) : undefined;
  const id = ctx.deps.newId();
  const versionId = ctx.deps.newId();
  await insertPolicy(ctx.trx, {
    id,
    org_id: ctx.org.id,
    template_id: template?.id ?? null,
    title: p.title,
    audience: JSON.stringify(p.audience),
    review_cycle_months: p.reviewCycleMonths,
    acknowledge_within_days: p.acknowledgeWithinDays,
    owner_user_id: ownerId(ctx, p.owner),
    current_version_id: null,
    last_reviewed_on: null,
    created_by: ctx.user.userId,
    created_at: ctx.now,
    updated_at: ctx.now,
  });
  await insertVersion(ctx.trx, {
    id: versionId,
    policy_id: id,
    org_id: ctx.org.id,
    version: 1,
    title: p.title,
    body: template ? template.body.replaceAll(ORGANIZATION_PLACEHOLDER, ctx.org.name) : blankBody(),
    change_note: "Created from an engagement file.",
    status: "draft",
    authors: JSON.stringify([ctx.user.userId]),
    created_by: ctx.user.userId,
    created_at: ctx.now,
    updated_at: ctx.now,
    approved_by: null,
    approved_at: null,
    published_by: null,
    published_at: null,
  });
  if (template) {
    const controls = await findOrgControlsByLibraryIds(ctx.trx, ctx.org.id, template.controls);
    await replacePolicyControls(
      ctx.trx,
      ctx.org.id,
      id,
      controls.map((c) => c.id),
      ctx.now,
    );
  }
};

/**
 * Policy metadata, matched by title. A new policy starts as draft version 1 (from its template's
 * text, or blank); status and version in the file are informational, because publication needs an
 * approver other than the author.
 */
export const applyPolicies = async (ctx: ImportContext, doc: EngagementDoc, refusal: string | null) => {
  const current = await listOrgPolicies(ctx.trx, ctx.org.id);
  const byTitle = new Map(current.map((p) => [p.title.toLowerCase(), p]));
  const creates: EngagementDoc["policies"] = [];
  const updates: { id: string; title: string; changes: Partial<PoliciesTable> }[] = [];
  doc.policies.forEach((p, i) => {
    const row = byTitle.get(p.title.toLowerCase());
    if (!row) {
      const clash = p.templateId ? current.find((o) => o.template_id === p.templateId) : undefined;
      if (clash) {
        const path = formatDocPath(["policies", i, "templateId"]);
        const message = `'${clash.title}' was already created from the template '${p.templateId}'; use that title.`;
        throw invalid(`The engagement file is invalid at ${path}: ${message}`, [{ path, message }]);
      }
      creates.push(p);
      return;
    }
    const fields = {
      owner_user_id: ownerId(ctx, p.owner),
      audience: JSON.stringify(p.audience),
      review_cycle_months: p.reviewCycleMonths,
      acknowledge_within_days: p.acknowledgeWithinDays,
    };
    const changes = Object.fromEntries(
      Object.entries(fields).filter(([k, v]) => String(row[k as keyof typeof row]) !== String(v)),
    ) as Partial<PoliciesTable>;
    if (Object.keys(changes).length > 0) updates.push({ id: row.id, title: row.title, changes });
  });
  if (!decide(ctx, "policies", creates.length + updates.length, refusal)) return;
  for (const p of creates) await newPolicy(ctx, p);
  for (const u of updates)
    await updatePolicy(ctx.trx, ctx.org.id, u.id, { ...u.changes, updated_at: ctx.now });
  ctx.result.policies = { created: creates.map((p) => p.title), updated: updates.map((u) => u.title) };
  await audit(ctx, "policies.imported", "organization", ctx.org.id, ctx.result.policies);
};

/** Replaces the engagement's system description (a new revision) when the file's differs. */
export const applyDescription = async (
  ctx: ImportContext,
  doc: EngagementDoc,
  subs: ReadonlyMap<string, string>,
  refusal: string | null,
) => {
  const d = doc.systemDescription;
  if (!d) {
    ctx.result.unchanged.push("systemDescription");
    return;
  }
  const content = SystemDescriptionSchema.parse({
    ...d,
    subservice: d.subservice.map(({ subservice, ...rest }, i) => {
      const subserviceId = subs.get(subservice.toLowerCase());
      if (!subserviceId) {
        const path = formatDocPath(["systemDescription", "subservice", i, "subservice"]);
        const message = `'${subservice}' is not a subservice organization of this engagement; the firm adds it to the boundary first.`;
        throw invalid(`The engagement file is invalid at ${path}: ${message}`, [{ path, message }]);
      }
      return { subserviceId, ...rest };
    }),
  });
  const row = await findSystemDescription(ctx.trx, ctx.engagement.id);
  const text = JSON.stringify(content);
  const same =
    row !== undefined && JSON.stringify(SystemDescriptionSchema.parse(JSON.parse(row.content))) === text;
  if (!decide(ctx, "systemDescription", same ? 0 : 1, refusal)) return;
  const revision = Number(row?.revision ?? 0);
  if (!row) {
    await insertSystemDescription(ctx.trx, {
      id: ctx.deps.newId(),
      engagement_id: ctx.engagement.id,
      org_id: ctx.engagement.org_id,
      firm_id: ctx.engagement.firm_id,
      content: text,
      revision: 1,
      updated_by: ctx.user.userId,
      updated_at: ctx.now,
    });
  } else if (
    !(await updateSystemDescription(ctx.trx, ctx.engagement.id, revision, text, ctx.user.userId, ctx.now))
  ) {
    throw invalid("Someone else changed the description meanwhile; import the file again.");
  }
  await audit(ctx, "system_description.updated", "engagement", ctx.engagement.id, {
    sections: ["all"],
    revision: revision + 1,
    source: "yaml",
  });
};
