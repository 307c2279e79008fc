/**
 * Policy acknowledgements: a person acknowledges the version in force (recorded with who, which
 * version, when, and the IP address and browser it came from); their inbox lists what they still
 * have to acknowledge; the coverage report shows, per policy and per person, who has and who has
 * not acknowledged the current versions. A newer published version needs a new acknowledgement.
 */
import { AppError, forbidden } from "../../core/errors.js";
import type { OrgRole } from "../../core/roles.js";
import {
  findAcknowledgement,
  findVersionsByIds,
  insertAcknowledgement,
  listAcknowledgements,
  listAckRequests,
  listOrgPolicies,
  listPublishedPolicies,
} from "../../db/repositories/policies.js";
import type { PolicyRow } from "../../db/schema-policies.js";
import { type Actor, rolesIn, tenantIds } from "../actor.js";
import { inTransaction, recordEvent } from "../audit.js";
import { requireUser, requireWrite } from "../authz.js";
import { type Deps, nowIso, todayIso } from "../deps.js";
import {
  addDays,
  appliesTo,
  type OrgPerson,
  orgPeople,
  parseAudience,
  policyAccess,
} from "./policy-model.js";
import { loadVersion } from "./policy-versions.js";

export interface AcknowledgeMeta {
  /** The browser's User-Agent header, as the server received it. */
  readonly userAgent: string | null;
}

const MAX_USER_AGENT = 500;

const ackView = (a: { acknowledged_at: string; ip: string | null; user_agent: string | null }) => ({
  acknowledgedAt: a.acknowledged_at,
  ip: a.ip,
  userAgent: a.user_agent,
});

export const acknowledgePolicyVersion = async (
  deps: Deps,
  actor: Actor,
  versionId: string,
  meta: AcknowledgeMeta,
) => {
  const user = requireWrite(actor);
  const { version, policy, access } = await loadVersion(deps, user, versionId);
  if (access.orgRoles.length === 0) {
    throw forbidden(
      "Only the organization's own people acknowledge its policies; the auditing firm can read the acknowledgements.",
    );
  }
  if (!appliesTo(parseAudience(policy.audience), access.orgRoles)) {
    throw forbidden("This policy does not apply to your role, so there is nothing to acknowledge.");
  }
  if (version.status !== "published") {
    throw new AppError(
      "CONFLICT",
      `Version ${version.version} is not published yet. Only the published version of a policy is acknowledged.`,
    );
  }
  if (version.id !== policy.current_version_id) {
    throw new AppError(
      "CONFLICT",
      `Version ${version.version} has been replaced by a newer version. Read and acknowledge the version in force.`,
      { currentVersionId: policy.current_version_id },
    );
  }
  const orgId = policy.org_id;
  const row = {
    id: deps.newId(),
    org_id: orgId,
    policy_id: policy.id,
    version_id: version.id,
    user_id: user.userId,
    acknowledged_at: nowIso(deps),
    ip: user.ip,
    user_agent: meta.userAgent ? meta.userAgent.slice(0, MAX_USER_AGENT) : null,
  };
  return inTransaction(deps, async (trx) => {
    const inserted = await insertAcknowledgement(trx, row);
    if (!inserted) {
      const existing = await findAcknowledgement(trx, orgId, version.id, user.userId);
      return {
        versionId: version.id,
        version: Number(version.version),
        alreadyAcknowledged: true,
        ...ackView(existing ?? row),
      };
    }
    await recordEvent(trx, deps, actor, {
      action: "policy.acknowledged",
      targetType: "policy_version",
      targetId: version.id,
      firmId: access.org.firm_id,
      orgId,
      after: {
        policyId: policy.id,
        version: Number(version.version),
        title: version.title,
        ip: row.ip,
        userAgent: row.user_agent,
      },
    });
    return {
      versionId: version.id,
      version: Number(version.version),
      alreadyAcknowledged: false,
      ...ackView(row),
    };
  });
};

/** The date a person must acknowledge by: from their request, or from publication for later joiners. */
const dueOnFor = (
  policy: Pick<PolicyRow, "acknowledge_within_days">,
  publishedAt: string | null,
  request: { due_on: string } | undefined,
): string | null =>
  request?.due_on ??
  (publishedAt ? addDays(publishedAt.slice(0, 10), Number(policy.acknowledge_within_days)) : null);

/** The signed-in person's inbox: current published versions that apply to them and are not acknowledged. */
export const listMyAcknowledgements = async (deps: Deps, actor: Actor) => {
  const user = requireUser(actor);
  const orgIds = tenantIds(user, "org");
  const published = (await listPublishedPolicies(deps.db, orgIds)).filter((p) =>
    appliesTo(parseAudience(p.audience), rolesIn(user, "org", p.org_id) as OrgRole[]),
  );
  const versionIds = published.map((p) => p.current_version_id as string);
  const [versions, acks, requests] = await Promise.all([
    findVersionsByIds(deps.db, versionIds),
    listAcknowledgements(deps.db, orgIds, versionIds, user.userId),
    listAckRequests(deps.db, orgIds, versionIds),
  ]);
  const today = todayIso(deps);
  const items = published.flatMap((p) => {
    const v = versions.find((x) => x.id === p.current_version_id);
    if (!v) return [];
    const ack = acks.find((a) => a.version_id === v.id);
    const request = requests.find((r) => r.version_id === v.id && r.user_id === user.userId);
    const dueOn = dueOnFor(p, v.published_at, request);
    return [
      {
        organization: { id: p.org_id, name: p.org_name },
        policyId: p.id,
        versionId: v.id,
        version: Number(v.version),
        title: v.title,
        changeNote: v.change_note,
        publishedAt: v.published_at,
        requestedAt: request?.requested_at ?? null,
        dueOn,
        overdue: !ack && dueOn !== null && dueOn < today,
        acknowledgedAt: ack?.acknowledged_at ?? null,
      },
    ];
  });
  return {
    outstanding: items.filter((i) => i.acknowledgedAt === null).map(({ acknowledgedAt: _, ...i }) => i),
    acknowledged: items.filter((i) => i.acknowledgedAt !== null).map(({ dueOn: _d, overdue: _o, ...i }) => i),
  };
};

type AckRow = Awaited<ReturnType<typeof listAcknowledgements>>[number];
type RequestRow = Awaited<ReturnType<typeof listAckRequests>>[number];
type VersionMeta = Awaited<ReturnType<typeof findVersionsByIds>>[number];

/** One policy's current version: who it applies to, who acknowledged it and who still owes it. */
const coverageOfPolicy = (
  p: PolicyRow,
  v: VersionMeta,
  people: readonly OrgPerson[],
  acks: readonly AckRow[],
  requests: readonly RequestRow[],
  today: string,
) => {
  const audience = parseAudience(p.audience);
  const applicable = people.filter((person) => appliesTo(audience, person.roles));
  const acknowledged = applicable.flatMap((person) => {
    const ack = acks.find((a) => a.version_id === v.id && a.user_id === person.id);
    return ack ? [{ userId: person.id, name: person.name, email: person.email, ...ackView(ack) }] : [];
  });
  const outstanding = applicable
    .filter((person) => !acknowledged.some((a) => a.userId === person.id))
    .map((person) => {
      const request = requests.find((r) => r.version_id === v.id && r.user_id === person.id);
      const dueOn = dueOnFor(p, v.published_at, request);
      return {
        userId: person.id,
        name: person.name,
        email: person.email,
        requestedAt: request?.requested_at ?? null,
        dueOn,
        overdue: dueOn !== null && dueOn < today,
      };
    });
  return {
    policyId: p.id,
    title: v.title,
    versionId: v.id,
    version: Number(v.version),
    publishedAt: v.published_at,
    audience,
    required: applicable.length,
    acknowledgedCount: acknowledged.length,
    acknowledged,
    outstanding,
  };
};

type PolicyCoverage = ReturnType<typeof coverageOfPolicy>;

/** What one person still owes across the current versions. */
const coverageOfPerson = (person: OrgPerson, byPolicy: readonly PolicyCoverage[]) => {
  const required = byPolicy.filter((p) => appliesTo(p.audience, person.roles));
  const owed = required.flatMap((p) => {
    const o = p.outstanding.find((x) => x.userId === person.id);
    return o
      ? [
          {
            policyId: p.policyId,
            title: p.title,
            versionId: p.versionId,
            version: p.version,
            dueOn: o.dueOn,
            overdue: o.overdue,
          },
        ]
      : [];
  });
  return {
    userId: person.id,
    name: person.name,
    email: person.email,
    roles: person.roles,
    required: required.length,
    acknowledgedCount: required.length - owed.length,
    outstanding: owed,
  };
};

/**
 * Who has and has not acknowledged each policy's current version, and what each person still owes.
 * For the organization's admins and the auditing firm, who sample it.
 */
export const acknowledgementCoverage = async (deps: Deps, actor: Actor, orgId: string) => {
  const user = requireUser(actor);
  const access = await policyAccess(deps, user, orgId);
  if (!access.readAll) {
    throw forbidden(
      "Only an organization admin or the auditing firm's partners, managers and staff can see who has acknowledged policies.",
    );
  }
  const [policies, people] = await Promise.all([
    listOrgPolicies(deps.db, access.org.id),
    orgPeople(deps.db, access.org.id),
  ]);
  const published = policies.filter((p) => p.current_version_id !== null);
  const versionIds = published.map((p) => p.current_version_id as string);
  const [versions, acks, requests] = await Promise.all([
    findVersionsByIds(deps.db, versionIds),
    listAcknowledgements(deps.db, [access.org.id], versionIds),
    listAckRequests(deps.db, [access.org.id], versionIds),
  ]);
  const today = todayIso(deps);
  const byPolicy = published.flatMap((p) => {
    const v = versions.find((x) => x.id === p.current_version_id);
    return v ? [coverageOfPolicy(p, v, people, acks, requests, today)] : [];
  });
  const required = byPolicy.reduce((n, p) => n + p.required, 0);
  const acknowledged = byPolicy.reduce((n, p) => n + p.acknowledgedCount, 0);
  return {
    organization: { id: access.org.id, name: access.org.name },
    asOf: today,
    totals: {
      required,
      acknowledged,
      outstanding: required - acknowledged,
      overdue: byPolicy.reduce((n, p) => n + p.outstanding.filter((o) => o.overdue).length, 0),
      percent: required === 0 ? 100 : Math.floor((acknowledged / required) * 100),
    },
    policies: byPolicy,
    people: people.map((person) => coverageOfPerson(person, byPolicy)),
    unpublished: policies
      .filter((p) => p.current_version_id === null)
      .map((p) => ({ policyId: p.id, title: p.title })),
  };
};
