/**
 * The Trust Services Criteria as an OSCAL catalog (one group per series, one control per criterion,
 * our own titles and guidance, never AICPA text) and an engagement's scope as a profile selecting the
 * criteria in scope from it.
 */
import {
  controlIdOf,
  type DocumentInfo,
  line,
  metadataOf,
  nonEmpty,
  prop,
  props,
  prune,
  text,
  uuidsFor,
} from "./common.js";

export interface CatalogCriterion {
  readonly id: string;
  readonly category: string;
  readonly series: string;
  readonly title: string;
  readonly guidance: string;
}

export interface CatalogSeries {
  readonly id: string;
  readonly name: string;
  readonly category: string;
}

export interface CatalogInput {
  readonly document: DocumentInfo;
  readonly series: readonly CatalogSeries[];
  readonly criteria: readonly CatalogCriterion[];
  /** Display names of the categories ("CC" → "Security"). */
  readonly categoryNames: Readonly<Record<string, string>>;
}

/** UUID of the criteria catalog: the same in every export, so profiles and mappings can point at it. */
export const CATALOG_SCOPE = "fieldwork/tsc-2017-catalog";

export const buildCatalog = (input: CatalogInput) => {
  const uuid = uuidsFor(CATALOG_SCOPE);
  const groups = input.series
    .map((s) => {
      const controls = input.criteria
        .filter((c) => c.series === s.id)
        .map((c) => ({
          id: controlIdOf(c.id),
          class: "trust-services-criterion",
          title: line(c.title, c.id),
          props: props(
            { name: "label", value: c.id },
            prop("category", input.categoryNames[c.category] ?? c.category),
          ),
          parts: [
            {
              id: `${controlIdOf(c.id)}_gdn`,
              name: "guidance",
              prose: text(c.guidance, "No guidance recorded."),
            },
          ],
        }));
      return controls.length === 0
        ? null
        : {
            id: controlIdOf(s.id),
            class: "series",
            title: line(s.name, s.id),
            props: props(
              { name: "label", value: s.id },
              prop("category", input.categoryNames[s.category] ?? s.category),
            ),
            controls,
          };
    })
    .filter((g) => g !== null);
  return prune({
    catalog: {
      uuid: uuid("catalog"),
      metadata: metadataOf(input.document, uuid),
      groups: nonEmpty(groups),
    },
  });
};

export interface ProfileInput {
  readonly document: DocumentInfo;
  /** Where the criteria catalog is (a relative file name or URL). */
  readonly catalogHref: string;
  /** Stable key of the engagement the profile belongs to. */
  readonly scopeKey: string;
  /** Criterion ids in scope ("CC1.1", …). */
  readonly criterionIds: readonly string[];
  /** Criteria in scope that the description says are not relevant, with the reason. */
  readonly notRelevant?: readonly { criterionId: string; reason: string }[];
}

export const buildProfile = (input: ProfileInput) => {
  const uuid = uuidsFor(`fieldwork/profile/${input.scopeKey}`);
  const ids = input.criterionIds.map(controlIdOf);
  const notRelevant = (input.notRelevant ?? []).filter((n) => input.criterionIds.includes(n.criterionId));
  return prune({
    profile: {
      uuid: uuid("profile"),
      metadata: metadataOf(input.document, uuid),
      imports: [
        ids.length > 0
          ? { href: input.catalogHref, "include-controls": [{ "with-ids": ids }] }
          : { href: input.catalogHref, "include-all": {} },
      ],
      merge: { "as-is": true },
      modify: nonEmpty(notRelevant)
        ? {
            alters: notRelevant.map((n) => ({
              "control-id": controlIdOf(n.criterionId),
              adds: [
                {
                  position: "ending",
                  parts: [
                    {
                      name: "not-relevant",
                      ns: "https://fieldwork.dev/ns/oscal",
                      prose: text(n.reason, "Not relevant to the system."),
                    },
                  ],
                },
              ],
            })),
          }
        : undefined,
    },
  });
};
