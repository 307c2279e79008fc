/** A component definition imported as a vendor's complementary subservice organization controls (CSOCs). */
import { invalid, notFound } from "../../core/errors.js";
import {
  findComponentImport,
  insertComponentImport,
  updateComponentImport,
} from "../../db/repositories/imported-frameworks.js";
import { findOrgVendor, updateVendor as updateVendorRow } from "../../db/repositories/vendors.js";
import { csocText, mergeImportedCsocs, parseComponentDefinition } from "../../oscal/import-parse.js";
import type { UserActor } from "../actor.js";
import { inTransaction, recordEvent } from "../audit.js";
import { type Deps, nowIso } from "../deps.js";
import { type Org, type OscalImportInput, sha256Of } from "./oscal-import-model.js";

/** The vendor register holds at most this many CSOCs per vendor (vendor-model.ts). */
const MAX_CSOCS = 50;

export const importComponentDefinition = async (
  deps: Deps,
  user: UserActor,
  org: Org,
  input: OscalImportInput,
) => {
  if (!input.vendorId) {
    throw invalid("A component definition is imported onto a vendor: pass vendorId.", { field: "vendorId" });
  }
  const vendor = await findOrgVendor(deps.db, org.id, input.vendorId);
  if (!vendor) throw notFound("Vendor");
  const def = parseComponentDefinition(input.document);
  if (def.requirements.length === 0) {
    throw invalid("The component definition implements no controls.", [
      { path: "/component-definition/components", message: "has no implemented requirements" },
    ]);
  }
  const incoming = def.requirements.map((r) => ({ text: csocText(r), criteria: [...r.criteria] }));
  const previous = await findComponentImport(deps.db, org.id, vendor.id, def.uuid);
  const existing = JSON.parse(vendor.csocs) as { text: string; criteria: string[] }[];
  const merged = mergeImportedCsocs(
    existing,
    previous ? (JSON.parse(previous.csoc_texts) as string[]) : [],
    incoming,
  );
  if (merged.length > MAX_CSOCS) {
    throw invalid(
      `${vendor.name} would have ${merged.length} CSOCs; the register holds at most ${MAX_CSOCS}.`,
      [{ path: "/component-definition/components", message: "implements too many controls" }],
    );
  }
  const now = nowIso(deps);
  const fields = {
    title: def.title,
    version: def.version,
    components: JSON.stringify(def.components.map((c) => c.title)),
    csoc_texts: JSON.stringify(incoming.map((c) => c.text)),
    sha256: sha256Of(input.document),
    updated_at: now,
  };
  const id = previous?.id ?? deps.newId();
  await inTransaction(deps, async (trx) => {
    await updateVendorRow(trx, org.id, vendor.id, { csocs: JSON.stringify(merged), updated_at: now });
    if (previous) await updateComponentImport(trx, org.id, previous.id, fields);
    else {
      await insertComponentImport(trx, {
        ...fields,
        id,
        firm_id: org.firm_id,
        org_id: org.id,
        vendor_id: vendor.id,
        oscal_uuid: def.uuid,
        created_by: user.userId,
        created_at: now,
      });
    }
    await recordEvent(trx, deps, user, {
      action: "vendor.csocs_imported",
      targetType: "vendor",
      targetId: vendor.id,
      firmId: org.firm_id,
      orgId: org.id,
      before: { csocs: existing.length },
      after: { csocs: merged.length, componentDefinition: def.uuid, title: def.title },
    });
  });
  return {
    id,
    vendorId: vendor.id,
    vendorName: vendor.name,
    oscalUuid: def.uuid,
    title: def.title,
    components: def.components.map((c) => c.title),
    imported: incoming.length,
    replacedEarlierImport: previous !== undefined,
    csocs: merged,
  };
};
