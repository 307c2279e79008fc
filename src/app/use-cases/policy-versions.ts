/**
 * One policy version: read it, approve it (an organization admin who did not write it) and publish
 * it. Publishing makes it the version in force and asks every person it applies to for an
 * acknowledgement, in the app and by e-mail.
 */
import type { Kysely } from "kysely";
import { AppError, forbidden, notFound } from "../../core/errors.js";
import {
  findAcknowledgement,
  findOpenVersion,
  findUserNames,
  findVisibleVersion,
  insertAckRequests,
  moveVersionStatus,
  updatePolicy,
} from "../../db/repositories/policies.js";
import type { DB } from "../../db/schema.js";
import type { PolicyRow, PolicyVersionRow } from "../../db/schema-policies.js";
import type { Actor, UserActor } from "../actor.js";
import { inTransaction, recordEvent } from "../audit.js";
import { requireUser, requireWrite, scopeOf } from "../authz.js";
import { type Deps, nowIso, todayIso } from "../deps.js";
import { deliverEmails, notifyUsers } from "../notify.js";
import {
  addDays,
  appliesTo,
  assertCanRead,
  loadPolicy,
  orgPeople,
  type PolicyAccess,
  parseAudience,
  parseAuthors,
  requireManage,
  versionView,
} from "./policy-model.js";

/** A version the actor can see, with its policy and what the actor may do on its organization. */
export const loadVersion = async (deps: Deps, user: UserActor, id: string) => {
  const row = await findVisibleVersion(deps.db, id, scopeOf(user));
  if (!row) throw notFound("Policy version");
  const { policy, access } = await loadPolicy(deps, user, row.policy_id);
  const { firm_id: _firm, ...version } = row;
  return { version: version as PolicyVersionRow, policy, access };
};

export const getPolicyVersion = async (deps: Deps, actor: Actor, id: string) => {
  const user = requireUser(actor);
  const { version, policy, access } = await loadVersion(deps, user, id);
  assertCanRead(policy, access);
  if (!access.readAll && !access.draft && version.status !== "published") {
    throw forbidden("This version is not published. Employees see published versions only.");
  }
  const [names, ack] = await Promise.all([
    findUserNames(deps.db, [
      ...parseAuthors(version.authors),
      version.approved_by ?? "",
      version.published_by ?? "",
    ]),
    findAcknowledgement(deps.db, policy.org_id, version.id, user.userId),
  ]);
  return {
    policy: { id: policy.id, title: policy.title, orgId: policy.org_id },
    version: versionView(version, policy.current_version_id, names),
    myAcknowledgement: ack ? { acknowledgedAt: ack.acknowledged_at } : null,
  };
};

const notOpen = (v: PolicyVersionRow): AppError =>
  new AppError(
    "CONFLICT",
    `Version ${v.version} is published and can no longer change. Edit the policy to start a new version.`,
  );

export const approvePolicyVersion = async (deps: Deps, actor: Actor, id: string) => {
  const user = requireWrite(actor);
  const { version, policy, access } = await loadVersion(deps, user, id);
  requireManage(access, "approve a policy version");
  const orgId = policy.org_id;
  return inTransaction(deps, async (trx) => {
    // Serialise with editors: the author list checked below is the one that gets approved.
    await updatePolicy(trx, orgId, policy.id, { updated_at: nowIso(deps) });
    const open = await findOpenVersion(trx, orgId, policy.id);
    if (!open || open.id !== version.id) throw notOpen(version);
    if (open.status === "approved") {
      throw new AppError(
        "CONFLICT",
        `Version ${open.version} is already approved. Publish it, or edit it to withdraw the approval.`,
      );
    }
    if (parseAuthors(open.authors).includes(user.userId)) {
      throw forbidden(
        `You wrote or edited version ${open.version}, so another organization admin must approve it: nobody approves their own policy text.`,
      );
    }
    const at = nowIso(deps);
    const moved = await moveVersionStatus(trx, orgId, open.id, "draft", {
      status: "approved",
      approved_by: user.userId,
      approved_at: at,
      updated_at: at,
    });
    if (!moved) throw new AppError("CONFLICT", "This version changed meanwhile. Reload and try again.");
    await recordEvent(trx, deps, actor, {
      action: "policy.version_approved",
      targetType: "policy_version",
      targetId: open.id,
      firmId: access.org.firm_id,
      orgId,
      before: { status: "draft" },
      after: { status: "approved", policyId: policy.id, version: Number(open.version), title: open.title },
    });
    return { id: open.id, version: Number(open.version), status: "approved" as const, approvedAt: at };
  });
};

/**
 * Asks everyone the published version applies to for an acknowledgement: one request row each, with
 * the due date, and an in-app notification (e-mailed after the transaction commits).
 */
const requestAcknowledgements = async (
  trx: Kysely<DB>,
  deps: Deps,
  c: { policy: PolicyRow; version: PolicyVersionRow; access: PolicyAccess; at: string },
) => {
  const orgId = c.policy.org_id;
  const audience = parseAudience(c.policy.audience);
  const recipients = (await orgPeople(trx, orgId))
    .filter((person) => appliesTo(audience, person.roles))
    .map((person) => person.id);
  const dueOn = addDays(todayIso(deps), Number(c.policy.acknowledge_within_days));
  await insertAckRequests(
    trx,
    recipients.map((userId) => ({
      id: deps.newId(),
      org_id: orgId,
      policy_id: c.policy.id,
      version_id: c.version.id,
      user_id: userId,
      requested_at: c.at,
      due_on: dueOn,
    })),
  );
  const { title, version, change_note: note } = c.version;
  const notificationIds = await notifyUsers(trx, deps, recipients, {
    kind: "policy.acknowledgement_requested",
    title: `Please read and acknowledge: ${title} (version ${version})`,
    body: `${c.access.org.name} published version ${version} of ${title}. Read it and acknowledge it by ${dueOn}.${note ? ` What changed: ${note}` : ""}`,
    link: `/policies/${c.policy.id}`,
    firmId: c.access.org.firm_id,
    orgId,
  });
  return { recipients, dueOn, notificationIds };
};

export const publishPolicyVersion = async (deps: Deps, actor: Actor, id: string) => {
  const user = requireWrite(actor);
  const { version, policy, access } = await loadVersion(deps, user, id);
  requireManage(access, "publish a policy version");
  const orgId = policy.org_id;
  const { result, notificationIds } = await inTransaction(deps, async (trx) => {
    await updatePolicy(trx, orgId, policy.id, { updated_at: nowIso(deps) });
    const open = await findOpenVersion(trx, orgId, policy.id);
    if (!open || open.id !== version.id) throw notOpen(version);
    if (open.status !== "approved") {
      throw new AppError(
        "CONFLICT",
        `Version ${open.version} is a draft. An organization admin who did not write it must approve it before it is published.`,
      );
    }
    const at = nowIso(deps);
    const moved = await moveVersionStatus(trx, orgId, open.id, "approved", {
      status: "published",
      published_by: user.userId,
      published_at: at,
      updated_at: at,
    });
    if (!moved) throw new AppError("CONFLICT", "This version changed meanwhile. Reload and try again.");
    await updatePolicy(trx, orgId, policy.id, {
      current_version_id: open.id,
      title: open.title,
      updated_at: at,
    });
    const { recipients, dueOn, notificationIds } = await requestAcknowledgements(trx, deps, {
      policy,
      version: open,
      access,
      at,
    });
    await recordEvent(trx, deps, actor, {
      action: "policy.version_published",
      targetType: "policy_version",
      targetId: open.id,
      firmId: access.org.firm_id,
      orgId,
      before: { status: "approved", currentVersionId: policy.current_version_id },
      after: {
        status: "published",
        policyId: policy.id,
        version: Number(open.version),
        title: open.title,
        acknowledgementRequests: recipients.length,
        dueOn,
      },
    });
    return {
      result: {
        id: open.id,
        version: Number(open.version),
        status: "published" as const,
        publishedAt: at,
        acknowledgementRequests: recipients.length,
        acknowledgeBy: dueOn,
      },
      notificationIds,
    };
  });
  await deliverEmails(deps, notificationIds);
  return result;
};
