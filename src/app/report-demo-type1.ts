/**
 * The Type 1 demo engagement, set up in the demo report's private data directory through the same
 * use-cases as real work: a design-only engagement of the demo organization as of the day before
 * the Type 2 period starts, with the Type 2's scope, subservice organizations and system description
 * (incidents and changes dropped: a Type 1 speaks of one date), an approved audit program, each
 * control's design walkthrough concluded effective (prepared by the staff auditor, reviewed by the
 * manager) and the partner's unmodified opinion.
 */
import type { UserActor } from "./actor.js";
import { demoActor } from "./demo-actor.js";
import type { Deps } from "./deps.js";
import { generateProgram } from "./use-cases/audit-program.js";
import { approveProgram } from "./use-cases/audit-program-versions.js";
import { parseBoundary, parseCategories } from "./use-cases/engagement-model.js";
import { addSubserviceOrg, createEngagement, updateEngagementScope } from "./use-cases/engagements.js";
import { decideOpinion } from "./use-cases/opinion.js";
import { getSystemDescription, saveSystemDescription } from "./use-cases/system-description.js";
import { recordResults } from "./use-cases/workpaper-results.js";
import { prepareWorkpaper, reviewWorkpaper } from "./use-cases/workpaper-signoff.js";
import { getWorkpaper, openWorkpaper, updateWorkpaper } from "./use-cases/workpapers.js";

/** The as-of date of the Type 1: the day before the demo's Type 2 period starts. */
export const TYPE1_AS_OF = "2026-03-31";

const walkThrough = async (
  deps: Deps,
  staff: UserActor,
  manager: UserActor,
  engagementId: string,
  controlId: string,
) => {
  const opened = await openWorkpaper(deps, staff, engagementId, { controlId });
  const wp = (await getWorkpaper(deps, staff, opened.workpaper.id)).workpaper;
  await recordResults(deps, staff, wp.id, {
    cells: wp.items.flatMap((item) =>
      wp.attributes.map((a) => ({
        itemKey: item.key,
        attributeId: a.id,
        result: "pass" as const,
        note: "Walked through one occurrence with the control owner; the design addresses the attribute.",
      })),
    ),
  });
  await updateWorkpaper(deps, staff, wp.id, {
    conclusion: "effective",
    conclusionNote: "The control is suitably designed as of the date.",
  });
  await prepareWorkpaper(deps, staff, wp.id);
  await reviewWorkpaper(deps, manager, wp.id);
};

/** Creates and concludes the Type 1 engagement; returns its id. */
export const setUpType1Demo = async (deps: Deps): Promise<string> => {
  const manager = await demoActor(deps, "manager@mehtaraman.example");
  const staff = await demoActor(deps, "staff@mehtaraman.example");
  const partner = await demoActor(deps, "partner@mehtaraman.example");
  const orgAdmin = await demoActor(deps, "compliance@paysetu.example");
  // The current Type 2 (FY 2026-27), not the demo's CY 2025 history.
  const type2 = await deps.db
    .selectFrom("engagements")
    .selectAll()
    .where("type", "=", "type2")
    .orderBy("period_start", "desc")
    .executeTakeFirstOrThrow();
  const { id } = await createEngagement(deps, manager, type2.org_id, {
    name: "Paysetu SOC 2 Type 1 as of 31 March 2026",
    type: "type1",
    asOfDate: TYPE1_AS_OF,
    firstReport: true,
    categories: parseCategories(type2.categories),
  });
  await updateEngagementScope(deps, manager, id, parseBoundary(type2.boundary));
  const subs = await deps.db
    .selectFrom("subservice_orgs")
    .selectAll()
    .where("engagement_id", "=", type2.id)
    .orderBy("created_at")
    .execute();
  const newIds = new Map<string, string>();
  for (const s of subs) {
    await addSubserviceOrg(deps, manager, id, {
      name: s.name,
      service: s.service,
      method: s.method === "inclusive" ? "inclusive" : "carve-out",
    });
    const added = await deps.db
      .selectFrom("subservice_orgs")
      .select("id")
      .where("engagement_id", "=", id)
      .where("name", "=", s.name)
      .executeTakeFirstOrThrow();
    newIds.set(s.id, added.id);
  }
  const source = (await getSystemDescription(deps, orgAdmin, type2.id)).content;
  const target = await getSystemDescription(deps, orgAdmin, id);
  const incidents = source.incidents.filter((i) => i.date <= TYPE1_AS_OF);
  await saveSystemDescription(deps, orgAdmin, id, {
    revision: target.revision,
    content: {
      ...source,
      incidents,
      noIncidents: incidents.length === 0,
      changes: [],
      noChanges: false,
      subservice: source.subservice.flatMap((s) => {
        const mapped = newIds.get(s.subserviceId);
        return mapped ? [{ ...s, subserviceId: mapped }] : [];
      }),
    },
  });
  const program = await generateProgram(deps, staff, id);
  await approveProgram(deps, manager, id, {});
  for (const line of program.program?.lines ?? [])
    await walkThrough(deps, staff, manager, id, line.controlId);
  await decideOpinion(deps, partner, id, { opinion: "unmodified", basis: "", scopeLimitation: "none" });
  return id;
};
