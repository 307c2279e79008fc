/**
 * The DC 200 system description as an OSCAL system security plan: the services and boundary as system
 * characteristics, the five components (infrastructure, software, people, procedures, data) and the
 * subservice organizations as system components, and for each criterion in scope the controls that
 * address it as its implementation.
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

export interface SspControl {
  readonly code: string;
  readonly title: string;
  readonly description: string;
  readonly criteria: readonly string[];
  readonly owner?: string | null;
  readonly frequency?: string | null;
}

export interface SspInput {
  readonly document: DocumentInfo;
  readonly profileHref: string;
  /** Stable key of the engagement. */
  readonly systemKey: string;
  readonly systemName: string;
  readonly organizationName: string;
  readonly description: {
    readonly services: string;
    readonly commitments: string;
    readonly requirements: string;
    readonly components: Readonly<
      Record<"infrastructure" | "software" | "people" | "procedures" | "data", string>
    >;
    readonly boundaries: string;
    readonly controlsNarrative: string;
    readonly notRelevant: readonly { criterionId: string; reason: string }[];
    readonly cuecs: readonly { text: string; criteria: readonly string[] }[];
  };
  readonly subserviceOrgs: readonly { id: string; name: string; services: string; method: string }[];
  readonly criterionIds: readonly string[];
  readonly controls: readonly SspControl[];
}

const COMPONENTS = [
  ["infrastructure", "Infrastructure", "hardware"],
  ["software", "Software", "software"],
  ["people", "People", "process-procedure"],
  ["procedures", "Procedures", "process-procedure"],
  ["data", "Data", "system"],
] as const;

const controlLine = (c: SspControl): string =>
  `**${c.code}: ${line(c.title, c.code)}**. ${text(c.description, "")}`.trim();

export const buildSsp = (input: SspInput) => {
  const uuid = uuidsFor(`fieldwork/ssp/${input.systemKey}`);
  const d = input.description;
  const thisSystem = uuid("component", "this-system");
  const components = [
    {
      uuid: thisSystem,
      type: "this-system",
      title: line(input.systemName, "The system"),
      description: text(d.services, `The system of ${input.organizationName}.`),
      status: { state: "operational" },
    },
    ...COMPONENTS.flatMap(([key, title, type]) =>
      d.components[key].trim() === ""
        ? []
        : [
            {
              uuid: uuid("component", key),
              type,
              title,
              description: text(d.components[key], title),
              status: { state: "operational" },
            },
          ],
    ),
    ...input.subserviceOrgs.map((s) => ({
      uuid: uuid("component", "subservice", s.id),
      type: "service",
      title: line(s.name, "Subservice organization"),
      description: text(s.services, `Services of ${s.name}.`),
      props: props(prop("subservice-method", s.method)),
      status: { state: "operational" },
    })),
  ];
  const notRelevant = new Map(d.notRelevant.map((n) => [n.criterionId, n.reason]));
  const implemented = input.criterionIds.map((id) => {
    const controls = input.controls.filter((c) => c.criteria.includes(id));
    const cuecs = d.cuecs.filter((c) => c.criteria.includes(id));
    const reason = notRelevant.get(id);
    return {
      uuid: uuid("requirement", id),
      "control-id": controlIdOf(id),
      props: props(prop("controls", controls.map((c) => c.code).join(" "))),
      "by-components": nonEmpty(
        controls.length === 0
          ? []
          : [
              {
                "component-uuid": thisSystem,
                uuid: uuid("by-component", id),
                description: controls.map(controlLine).join("\n\n"),
                "implementation-status": { state: "implemented" },
              },
            ],
      ),
      remarks:
        reason !== undefined
          ? `Not relevant to the system: ${text(reason, "no reason given")}`
          : controls.length === 0
            ? "No control in the engagement addresses this criterion yet."
            : cuecs.length > 0
              ? `Complementary user entity controls: ${cuecs.map((c) => line(c.text, "")).join("; ")}`
              : undefined,
    };
  });
  return prune({
    "system-security-plan": {
      uuid: uuid("ssp"),
      metadata: metadataOf(input.document, uuid),
      "import-profile": { href: input.profileHref },
      "system-characteristics": {
        "system-ids": [
          { "identifier-type": "https://fieldwork.dev/ns/oscal/engagement", id: input.systemKey },
        ],
        "system-name": line(input.systemName, "The system"),
        description: text(d.services, `The system of ${input.organizationName}.`),
        props: props(
          prop("service-commitments", line(d.commitments, "")),
          prop("system-requirements", line(d.requirements, "")),
        ),
        "system-information": {
          "information-types": [
            {
              uuid: uuid("information-type", "data"),
              title: "Data processed by the system",
              description: text(
                d.components.data,
                "The data the system collects, processes, stores and transmits.",
              ),
            },
          ],
        },
        status: { state: "operational" },
        "authorization-boundary": {
          description: text(d.boundaries, "The boundary of the system is not described yet."),
        },
      },
      "system-implementation": { components },
      "control-implementation": {
        description: text(d.controlsNarrative, "The controls that address each criterion in scope."),
        "implemented-requirements": implemented,
      },
    },
  });
};
