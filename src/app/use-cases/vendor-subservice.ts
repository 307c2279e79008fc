/**
 * Subservice organizations from scoping are vendors with a method (carve-out or inclusive). The
 * register links each engagement's subservice organization to its vendor (creating the vendor when
 * there is none), and the vendor's complementary subservice organization controls (CSOCs) feed DC7
 * of the system description through `listCsocsForEngagement`.
 */

import type { Kysely } from "kysely";
import { z } from "zod";
import { notFound } from "../../core/errors.js";
import { listSubserviceOrgs } from "../../db/repositories/engagements.js";
import {
  deleteSubserviceLink,
  insertSubserviceLink,
  insertVendor,
  listOrgSubserviceOrgs,
  listOrgVendors,
  listSubserviceLinks,
  updateVendor,
} from "../../db/repositories/vendors.js";
import type { DB } from "../../db/schema.js";
import type { Actor } from "../actor.js";
import { inTransaction, recordEvent } from "../audit.js";
import { requireWrite } from "../authz.js";
import { type Deps, nowIso } from "../deps.js";
import { currentPeriodOf, loadVendor, loadVendorOrg, VENDOR_WRITERS } from "./vendor-model.js";

const nameKey = (name: string) => name.trim().toLowerCase().replace(/\s+/g, " ");

export const LinkSubserviceSchema = z.object({ subserviceOrgId: z.string().min(1).max(100) });

/** Each subservice organization of an engagement with the vendor that is it: by link, else by name. */
const matchVendors = async <S extends { id: string; name: string }>(
  db: Kysely<DB>,
  orgId: string,
  subs: readonly S[],
) => {
  const [vendors, links] = await Promise.all([listOrgVendors(db, orgId), listSubserviceLinks(db, orgId)]);
  return subs.map((s) => {
    const link = links.find((l) => l.subservice_org_id === s.id);
    const vendor =
      (link && vendors.find((v) => v.id === link.vendor_id)) ??
      vendors.find((v) => v.name_key === nameKey(s.name));
    return { sub: s, vendor: vendor ?? null, linked: link !== undefined };
  });
};

/** The current engagement's subservice organizations and the vendor each is (null when none yet). */
export const subserviceStatus = async (deps: Deps, orgId: string) => {
  const current = await currentPeriodOf(deps, orgId);
  if (!current) return [];
  const subs = await listOrgSubserviceOrgs(deps.db, orgId, current.id);
  return (await matchVendors(deps.db, orgId, subs)).map((m) => ({
    id: m.sub.id,
    name: m.sub.name,
    service: m.sub.service,
    method: m.sub.method,
    vendorId: m.vendor?.id ?? null,
  }));
};

/**
 * Creates the vendors the current engagement's subservice organizations lack (critical tier, the
 * scoping method) and links every one of them. Idempotent.
 */
export const syncSubserviceVendors = async (deps: Deps, actor: Actor, orgId: string) => {
  const user = requireWrite(actor);
  const org = await loadVendorOrg(deps, user, orgId, VENDOR_WRITERS, "link subservice organizations");
  const current = await currentPeriodOf(deps, org.id);
  if (!current) return { created: [], linked: [] };
  const subs = await listOrgSubserviceOrgs(deps.db, org.id, current.id);
  const created: string[] = [];
  const linked: string[] = [];
  const now = nowIso(deps);
  await inTransaction(deps, async (trx) => {
    for (const m of await matchVendors(trx, org.id, subs)) {
      if (m.linked && m.vendor) continue;
      let vendorId = m.vendor?.id;
      if (!vendorId) {
        vendorId = deps.newId();
        const row = {
          id: vendorId,
          firm_id: org.firm_id,
          org_id: org.id,
          name: m.sub.name,
          name_key: nameKey(m.sub.name),
          service: m.sub.service,
          data_categories: "[]",
          personal_data: 0,
          tier: 1,
          owner_user_id: null,
          contract_start: null,
          contract_end: null,
          dpa_signed_on: null,
          status: "active",
          subservice_method: m.sub.method,
          csocs: "[]",
          notes: "",
          last_reviewed_on: null,
          created_by: user.userId,
          created_at: now,
          updated_at: now,
        };
        await insertVendor(trx, row);
        created.push(m.sub.name);
        await recordEvent(trx, deps, user, {
          action: "vendor.created",
          targetType: "vendor",
          targetId: vendorId,
          firmId: org.firm_id,
          orgId: org.id,
          after: { name: row.name, service: row.service, tier: 1, subservice_method: row.subservice_method },
          note: "Created from the engagement's subservice organizations.",
        });
      } else if (m.vendor && m.vendor.subservice_method !== m.sub.method) {
        await updateVendor(trx, org.id, vendorId, { subservice_method: m.sub.method, updated_at: now });
      }
      await deleteSubserviceLink(trx, org.id, m.sub.id);
      await insertSubserviceLink(trx, {
        subservice_org_id: m.sub.id,
        vendor_id: vendorId,
        engagement_id: current.id,
        firm_id: org.firm_id,
        org_id: org.id,
        linked_at: now,
      });
      linked.push(m.sub.name);
      await recordEvent(trx, deps, user, {
        action: "vendor.subservice_linked",
        targetType: "vendor",
        targetId: vendorId,
        firmId: org.firm_id,
        orgId: org.id,
        engagementId: current.id,
        after: { subserviceOrgId: m.sub.id, method: m.sub.method },
      });
    }
  });
  return { created, linked };
};

/** "Link to vendor": this vendor is the given subservice organization of one of the organization's engagements. */
export const linkSubserviceOrg = async (
  deps: Deps,
  actor: Actor,
  vendorId: string,
  input: z.output<typeof LinkSubserviceSchema>,
) => {
  const user = requireWrite(actor);
  const v = await loadVendor(deps, user, vendorId, VENDOR_WRITERS, "link subservice organizations");
  const sub = (await listOrgSubserviceOrgs(deps.db, v.org_id)).find((s) => s.id === input.subserviceOrgId);
  if (!sub) throw notFound("Subservice organization");
  const now = nowIso(deps);
  await inTransaction(deps, async (trx) => {
    await deleteSubserviceLink(trx, v.org_id, sub.id);
    await insertSubserviceLink(trx, {
      subservice_org_id: sub.id,
      vendor_id: v.id,
      engagement_id: sub.engagement_id,
      firm_id: v.firm_id,
      org_id: v.org_id,
      linked_at: now,
    });
    await updateVendor(trx, v.org_id, v.id, { subservice_method: sub.method, updated_at: now });
    await recordEvent(trx, deps, user, {
      action: "vendor.subservice_linked",
      targetType: "vendor",
      targetId: v.id,
      firmId: v.firm_id,
      orgId: v.org_id,
      engagementId: sub.engagement_id,
      before: { subservice_method: v.subservice_method },
      after: { subserviceOrgId: sub.id, method: sub.method },
    });
  });
  return { vendorId: v.id, subserviceOrgId: sub.id, method: sub.method };
};

export interface SubserviceCsocs {
  readonly subserviceOrgId: string;
  readonly vendorId: string | null;
  readonly name: string;
  readonly method: string;
  readonly csocs: readonly { text: string; criteria: string[] }[];
}

/**
 * For the system description and the report (DC7): each subservice organization of the engagement
 * with the CSOCs recorded on its vendor. The caller has already checked access to the engagement.
 */
export const listCsocsForEngagement = async (
  deps: Pick<Deps, "db">,
  engagement: { id: string; org_id: string },
): Promise<SubserviceCsocs[]> => {
  const subs = await listSubserviceOrgs(deps.db, engagement.id);
  return (await matchVendors(deps.db, engagement.org_id, subs)).map((m) => ({
    subserviceOrgId: m.sub.id,
    vendorId: m.vendor?.id ?? null,
    name: m.sub.name,
    method: m.sub.method,
    csocs: m.vendor ? (JSON.parse(m.vendor.csocs) as { text: string; criteria: string[] }[]) : [],
  }));
};
