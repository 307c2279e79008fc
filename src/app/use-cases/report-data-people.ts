/**
 * The people and names a report carries: the firm (licence, peer review), the engagement partner
 * who signs (a partner of the firm with a CPA licence number on file), the organization and who
 * signs management's assertion (its administrator), and management's control descriptions.
 */
import { AppError, invalid } from "../../core/errors.js";
import type { ReportFirm, ReportOrganization } from "../../core/report-types.js";
import type { EngagementRow } from "../../db/schema.js";
import type { Deps } from "../deps.js";

export interface ReportPeople {
  readonly firm: ReportFirm;
  readonly orgName: string;
  readonly assertionSigner: ReportOrganization["assertionSigner"];
  /** org_controls.id → management's description. */
  readonly controlDescriptions: ReadonlyMap<string, string>;
}

const membersWithRole = (deps: Deps, tenantKind: "firm" | "org", tenantId: string, role: string) =>
  deps.db
    .selectFrom("memberships as m")
    .innerJoin("users as u", "u.id", "m.user_id")
    .select(["u.id", "u.name", "u.cpa_licence_number"])
    .where("m.tenant_kind", "=", tenantKind)
    .where("m.tenant_id", "=", tenantId)
    .where("m.role", "=", role)
    .orderBy("u.name")
    .orderBy("u.id")
    .execute();

export const firmAndPeople = async (deps: Deps, e: EngagementRow): Promise<ReportPeople> => {
  const [firm, org, partners, admins, controls] = await Promise.all([
    deps.db.selectFrom("firms").selectAll().where("id", "=", e.firm_id).executeTakeFirst(),
    deps.db.selectFrom("organizations").selectAll().where("id", "=", e.org_id).executeTakeFirst(),
    membersWithRole(deps, "firm", e.firm_id, "partner"),
    membersWithRole(deps, "org", e.org_id, "org_admin"),
    deps.db.selectFrom("org_controls").select(["id", "description"]).where("org_id", "=", e.org_id).execute(),
  ]);
  if (!firm || !org) throw new AppError("NOT_FOUND", "Engagement not found.");
  if (partners.length === 0) throw invalid(`${firm.name} has no partner to sign the report.`);
  const partner = partners.find((p) => (p.cpa_licence_number ?? "").trim() !== "");
  if (!partner) {
    throw invalid(
      `No partner of ${firm.name} has a CPA licence number on file; the signing partner needs one (${partners.map((p) => p.name).join(", ")}).`,
    );
  }
  const signer = admins[0];
  if (!signer) throw invalid(`${org.name} has no administrator to sign management's assertion.`);
  return {
    firm: {
      name: firm.name,
      city: [firm.city, firm.country].filter(Boolean).join(", "),
      licence: `Registration ${firm.registration_number}`,
      ...(firm.peer_review_date ? { peerReview: `Peer review: ${firm.peer_review_date}` } : {}),
      partner: { name: partner.name, licenceNumber: partner.cpa_licence_number ?? "" },
    },
    orgName: org.name,
    assertionSigner: { name: signer.name, title: `on behalf of the management of ${org.name}` },
    controlDescriptions: new Map(controls.map((c) => [c.id, c.description])),
  };
};
