/**
 * Importing OSCAL (issue 6 §2): a catalog becomes an additional framework of the organization (for
 * example NIST SP 800-53 rev 5), a profile a baseline of controls selected from an imported catalog,
 * and a component definition the complementary subservice organization controls (CSOCs) of one of
 * its vendors. Documents are validated against NIST's schema first; the first problem's JSON path is
 * in the error's details[0].path.
 *
 * Access: the organization's admins and control owners import; they and the auditing firm's partners,
 * engagement managers and staff auditors read. Another tenant's organization, framework or vendor is
 * NOT_FOUND.
 */
import { AppError, invalid, notFound } from "../../core/errors.js";
import {
  findImportedFrameworkByUuid,
  insertImportedControls,
  insertImportedFramework,
  listImportedFrameworks as listFrameworkRows,
  listImportedControls,
} from "../../db/repositories/imported-frameworks.js";
import type { ImportedFrameworkRow } from "../../db/schema-imported-frameworks.js";
import {
  hrefFileName,
  type ImportedControl,
  parseCatalog,
  parseProfile,
  selectControls,
  unknownSelectedIds,
} from "../../oscal/import-parse.js";
import { type ImportableModel, validateForImport } from "../../oscal/import-validate.js";
import type { Actor, UserActor } from "../actor.js";
import { inTransaction, recordEvent } from "../audit.js";
import { requireWrite } from "../authz.js";
import { type Deps, nowIso } from "../deps.js";
import { loadEvidenceOrg } from "./evidence-model.js";
import { importComponentDefinition } from "./oscal-import-components.js";
import {
  frameworkView,
  importValidator,
  type Org,
  OSCAL_IMPORTERS,
  type OscalImportInput,
  sha256Of,
} from "./oscal-import-model.js";

export { getImportedFramework, listImportedFrameworks } from "./oscal-import-view.js";

const refuseDuplicate = async (deps: Deps, org: Org, uuid: string, model: string) => {
  const existing = await findImportedFrameworkByUuid(deps.db, org.id, uuid);
  if (existing) {
    throw new AppError(
      "CONFLICT",
      `This ${model} (uuid ${uuid}) is already imported as “${existing.title}”.`,
      {
        frameworkId: existing.id,
      },
    );
  }
};

const controlRows = (frameworkId: string, org: Org, controls: readonly ImportedControl[]) =>
  controls.map((c, position) => ({
    framework_id: frameworkId,
    firm_id: org.firm_id,
    org_id: org.id,
    control_id: c.id,
    label: c.label,
    title: c.title,
    class: c.class,
    group_id: c.groupId,
    group_title: c.groupTitle,
    parent_id: c.parentId,
    position,
  }));

const saveFramework = async (
  deps: Deps,
  user: UserActor,
  org: Org,
  row: Omit<ImportedFrameworkRow, "id" | "firm_id" | "org_id" | "created_by" | "created_at">,
  controls: readonly ImportedControl[],
) => {
  const framework: ImportedFrameworkRow = {
    ...row,
    id: deps.newId(),
    firm_id: org.firm_id,
    org_id: org.id,
    created_by: user.userId,
    created_at: nowIso(deps),
  };
  await inTransaction(deps, async (trx) => {
    await insertImportedFramework(trx, framework);
    await insertImportedControls(trx, controlRows(framework.id, org, controls));
    await recordEvent(trx, deps, user, {
      action: `oscal.${row.kind}_imported`,
      targetType: "imported_framework",
      targetId: framework.id,
      firmId: org.firm_id,
      orgId: org.id,
      after: { title: row.title, oscalUuid: row.oscal_uuid, controls: controls.length, sha256: row.sha256 },
    });
  });
  return frameworkView(framework);
};

const importCatalog = async (deps: Deps, user: UserActor, org: Org, input: OscalImportInput) => {
  const catalog = parseCatalog(input.document);
  await refuseDuplicate(deps, org, catalog.uuid, "catalog");
  if (catalog.controls.length === 0) {
    throw invalid("The catalog has no controls to import.", [
      { path: "/catalog", message: "has no controls" },
    ]);
  }
  const ids = new Set<string>();
  for (const c of catalog.controls) {
    if (ids.has(c.id)) {
      throw invalid(`The catalog has the control id ${c.id} twice.`, [
        { path: "/catalog", message: `repeats ${c.id}` },
      ]);
    }
    ids.add(c.id);
  }
  return saveFramework(
    deps,
    user,
    org,
    {
      kind: "catalog",
      oscal_uuid: catalog.uuid,
      title: catalog.title,
      version: catalog.version,
      oscal_version: catalog.oscalVersion,
      last_modified: catalog.lastModified,
      source_name: input.sourceName ?? null,
      catalog_id: null,
      control_count: catalog.controls.length,
      sha256: sha256Of(input.document),
    },
    catalog.controls,
  );
};

/** The imported catalog an import of a profile refers to: by uuid or file name in its href, else the one catalog holding every id it names. */
const resolveCatalog = (
  catalogs: readonly ImportedFrameworkRow[],
  hrefs: readonly string[],
  withIds: readonly string[],
  controlsOf: Map<string, Set<string>>,
) => {
  const byHref = catalogs.find((c) =>
    hrefs.some(
      (h) =>
        h.includes(c.oscal_uuid) ||
        (c.source_name !== null && hrefFileName(h).toLowerCase() === c.source_name.toLowerCase()),
    ),
  );
  if (byHref) return byHref;
  if (withIds.length === 0) return undefined;
  const holding = catalogs.filter((c) => withIds.every((id) => controlsOf.get(c.id)?.has(id)));
  return holding.length === 1 ? holding[0] : undefined;
};

const importProfile = async (deps: Deps, user: UserActor, org: Org, input: OscalImportInput) => {
  const profile = parseProfile(input.document);
  await refuseDuplicate(deps, org, profile.uuid, "profile");
  let catalogs = (await listFrameworkRows(deps.db, org.id)).filter((f) => f.kind === "catalog");
  if (input.catalogId) {
    catalogs = catalogs.filter((c) => c.id === input.catalogId);
    if (catalogs.length === 0) throw notFound("Imported catalog");
  }
  const controlsOf = new Map<string, Set<string>>();
  const rowsOf = new Map<string, Awaited<ReturnType<typeof listImportedControls>>>();
  for (const c of catalogs) {
    const rows = await listImportedControls(deps.db, org.id, c.id);
    rowsOf.set(c.id, rows);
    controlsOf.set(c.id, new Set(rows.map((r) => r.control_id)));
  }
  let catalog: ImportedFrameworkRow | undefined;
  const selected = new Set<string>();
  for (const [i, imp] of profile.imports.entries()) {
    const withIds = imp.include.flatMap((s) => s.withIds);
    const found = input.catalogId ? catalogs[0] : resolveCatalog(catalogs, imp.hrefs, withIds, controlsOf);
    const path = `/profile/imports/${i}/href`;
    if (!found) {
      throw invalid(
        `The profile imports ${imp.hrefs.at(-1) ?? "a catalog"}, which is not among the organization's imported catalogs: import that catalog first (or name it with catalogId).`,
        [{ path, message: "names no imported catalog" }],
      );
    }
    if (catalog && catalog.id !== found.id) {
      throw invalid("A profile that imports from more than one catalog is not supported.", [
        { path, message: "names a second catalog" },
      ]);
    }
    catalog = found;
    const controls: ImportedControl[] = (rowsOf.get(found.id) ?? []).map((r) => ({
      id: r.control_id,
      label: r.label,
      title: r.title,
      class: r.class,
      groupId: r.group_id,
      groupTitle: r.group_title,
      parentId: r.parent_id,
    }));
    const unknown = unknownSelectedIds(imp, controls);
    if (unknown.length > 0) {
      throw invalid(
        `The profile selects controls the catalog “${found.title}” lacks: ${unknown.join(", ")}.`,
        [{ path: `/profile/imports/${i}`, message: `names unknown controls ${unknown.join(", ")}` }],
      );
    }
    for (const c of selectControls(imp, controls)) selected.add(c.id);
  }
  if (!catalog || selected.size === 0) {
    throw invalid("The profile selects no controls.", [
      { path: "/profile/imports", message: "selects nothing" },
    ]);
  }
  const chosen = (rowsOf.get(catalog.id) ?? [])
    .filter((r) => selected.has(r.control_id))
    .map(
      (r): ImportedControl => ({
        id: r.control_id,
        label: r.label,
        title: r.title,
        class: r.class,
        groupId: r.group_id,
        groupTitle: r.group_title,
        parentId: r.parent_id,
      }),
    );
  return saveFramework(
    deps,
    user,
    org,
    {
      kind: "profile",
      oscal_uuid: profile.uuid,
      title: profile.title,
      version: profile.version,
      oscal_version: profile.oscalVersion,
      last_modified: profile.lastModified,
      source_name: input.sourceName ?? null,
      catalog_id: catalog.id,
      control_count: chosen.length,
      sha256: sha256Of(input.document),
    },
    chosen,
  );
};

/** Imports one OSCAL document into the organization; which model it is decides what it becomes. */
export const importOscal = async (deps: Deps, actor: Actor, orgId: string, input: OscalImportInput) => {
  const user = requireWrite(actor);
  const org = await loadEvidenceOrg(deps, user, orgId, OSCAL_IMPORTERS, "import OSCAL documents");
  const model: ImportableModel = validateForImport(input.document, importValidator());
  if (model !== "component-definition" && input.vendorId) {
    throw invalid(`vendorId is for a component definition; this document is a ${model}.`, {
      field: "vendorId",
    });
  }
  if (model === "catalog") return { model, framework: await importCatalog(deps, user, org, input) };
  if (model === "profile") return { model, framework: await importProfile(deps, user, org, input) };
  return { model, componentDefinition: await importComponentDefinition(deps, user, org, input) };
};
