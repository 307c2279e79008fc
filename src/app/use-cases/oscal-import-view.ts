/** The organization's imported frameworks and component definitions, and one framework with its controls. */
import { AppError, notFound } from "../../core/errors.js";
import {
  findImportedFramework,
  findImportedFrameworkById,
  listComponentImports,
  listImportedFrameworks as listFrameworkRows,
  listImportedControls,
} from "../../db/repositories/imported-frameworks.js";
import { listOrgVendors } from "../../db/repositories/vendors.js";
import type { Actor } from "../actor.js";
import { requireUser } from "../authz.js";
import type { Deps } from "../deps.js";
import { loadEvidenceOrg } from "./evidence-model.js";
import { canImport, frameworkView, OSCAL_READERS } from "./oscal-import-model.js";

export const listImportedFrameworks = async (deps: Deps, actor: Actor, orgId: string) => {
  const user = requireUser(actor);
  const org = await loadEvidenceOrg(deps, user, orgId, OSCAL_READERS, "see imported frameworks");
  const [frameworks, components, vendors] = await Promise.all([
    listFrameworkRows(deps.db, org.id),
    listComponentImports(deps.db, org.id),
    listOrgVendors(deps.db, org.id),
  ]);
  return {
    frameworks: frameworks.map(frameworkView),
    componentDefinitions: components.map((c) => ({
      id: c.id,
      vendorId: c.vendor_id,
      vendorName: vendors.find((v) => v.id === c.vendor_id)?.name ?? "",
      oscalUuid: c.oscal_uuid,
      title: c.title,
      version: c.version,
      components: JSON.parse(c.components) as string[],
      csocCount: (JSON.parse(c.csoc_texts) as string[]).length,
      importedAt: c.created_at,
      updatedAt: c.updated_at,
    })),
    permissions: { canImport: canImport(user, org) },
  };
};

export const getImportedFramework = async (deps: Deps, actor: Actor, id: string) => {
  const user = requireUser(actor);
  const row = await findImportedFrameworkById(deps.db, id);
  if (!row) throw notFound("Imported framework");
  // Another tenant's framework answers exactly like a missing one.
  const org = await loadEvidenceOrg(deps, user, row.org_id, OSCAL_READERS, "see imported frameworks").catch(
    (error: unknown) => {
      if (error instanceof AppError && error.code === "NOT_FOUND") throw notFound("Imported framework");
      throw error;
    },
  );
  const framework = await findImportedFramework(deps.db, org.id, id);
  if (!framework) throw notFound("Imported framework");
  const [controls, catalog] = await Promise.all([
    listImportedControls(deps.db, org.id, id),
    framework.catalog_id ? findImportedFramework(deps.db, org.id, framework.catalog_id) : undefined,
  ]);
  return {
    framework: frameworkView(framework),
    catalog: catalog ? { id: catalog.id, title: catalog.title } : null,
    controls: controls.map((c) => ({
      id: c.control_id,
      label: c.label,
      title: c.title,
      class: c.class,
      groupId: c.group_id,
      groupTitle: c.group_title,
      parentId: c.parent_id,
    })),
  };
};
