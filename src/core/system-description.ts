/**
 * The DC 200 system description (SOC2.md §2.2): its sections as data, and the completeness check
 * that lists what is missing before the auditor's review can begin. Pure.
 */
import { z } from "zod";

const Text = z.string().max(20_000).default("");
const CriterionRef = z.string().max(10);

export const SystemDescriptionSchema = z.object({
  /** DC1: the types of services provided. */
  services: Text,
  /** DC2: principal service commitments and system requirements. */
  commitments: Text,
  requirements: Text,
  /** DC3: the five components and the boundaries. */
  components: z
    .object({
      infrastructure: Text,
      software: Text,
      people: Text,
      procedures: Text,
      data: Text,
    })
    .default({ infrastructure: "", software: "", people: "", procedures: "", data: "" }),
  boundaries: Text,
  /** DC4: incidents during the period (or as of the date); `noIncidents` confirms there were none to disclose. */
  incidents: z
    .array(
      z.object({
        date: z.string().max(10),
        nature: z.string().max(4000),
        extent: z.string().max(4000),
        resolution: z.string().max(4000),
      }),
    )
    .max(100)
    .default([]),
  noIncidents: z.boolean().default(false),
  /** DC5 narrative; the criteria and controls themselves come from the engagement. */
  controlsNarrative: Text,
  /** DC6: complementary user entity controls. */
  cuecs: z
    .array(z.object({ text: z.string().max(2000), criteria: z.array(CriterionRef).max(61).default([]) }))
    .max(100)
    .default([]),
  noCuecs: z.boolean().default(false),
  /** DC7: per subservice organization (by id from the engagement's boundary). */
  subservice: z
    .array(
      z.object({
        subserviceId: z.string().max(100),
        csocs: z
          .array(
            z.object({ text: z.string().max(2000), criteria: z.array(CriterionRef).max(61).default([]) }),
          )
          .max(50)
          .default([]),
        monitoring: z.string().max(4000).default(""),
        reportType: z.enum(["soc2-type1", "soc2-type2", "iso27001", "none"]).default("soc2-type2"),
        reportPeriodStart: z.string().max(10).default(""),
        reportPeriodEnd: z.string().max(10).default(""),
      }),
    )
    .max(50)
    .default([]),
  /** DC8: criteria not relevant to the system, each with its reason. */
  notRelevant: z
    .array(z.object({ criterionId: CriterionRef, reason: z.string().max(2000) }))
    .max(61)
    .default([]),
  /** DC9 (Type 2): significant changes during the period; `noChanges` confirms there were none. */
  changes: z
    .array(z.object({ date: z.string().max(10), description: z.string().max(4000) }))
    .max(100)
    .default([]),
  noChanges: z.boolean().default(false),
});

export type SystemDescription = z.infer<typeof SystemDescriptionSchema>;

export const emptySystemDescription = (): SystemDescription => SystemDescriptionSchema.parse({});

export interface CompletenessInput {
  readonly description: SystemDescription;
  readonly type: "type1" | "type2";
  /** Criteria in scope with whether at least one applicable control addresses them. */
  readonly criteria: readonly { id: string; covered: boolean }[];
  readonly subserviceOrgs: readonly { id: string; name: string; method: string }[];
}

export interface MissingItem {
  readonly section: "DC1" | "DC2" | "DC3" | "DC4" | "DC5" | "DC6" | "DC7" | "DC8" | "DC9";
  readonly message: string;
}

const MIN_WORDS = 15;
const words = (s: string) => s.trim().split(/\s+/).filter(Boolean).length;

/** Everything the description still lacks; an empty list means complete. */
export const checkCompleteness = (input: CompletenessInput): MissingItem[] => {
  const d = input.description;
  const missing: MissingItem[] = [];
  const need = (section: MissingItem["section"], text: string, what: string) => {
    if (words(text) < MIN_WORDS) missing.push({ section, message: `${what} (at least ${MIN_WORDS} words).` });
  };
  need("DC1", d.services, "Describe the services provided");
  need("DC2", d.commitments, "State the principal service commitments made to customers");
  need("DC2", d.requirements, "State the system requirements that meet those commitments");
  for (const [key, label] of [
    ["infrastructure", "infrastructure"],
    ["software", "software"],
    ["people", "people"],
    ["procedures", "procedures"],
    ["data", "data"],
  ] as const) {
    need("DC3", d.components[key], `Describe the system's ${label}`);
  }
  need("DC3", d.boundaries, "Describe the boundaries of the system");
  if (!d.noIncidents && d.incidents.length === 0) {
    missing.push({ section: "DC4", message: "List the incidents to disclose, or confirm there were none." });
  }
  for (const [i, inc] of d.incidents.entries()) {
    if (!inc.date || !inc.nature.trim() || !inc.extent.trim() || !inc.resolution.trim()) {
      missing.push({
        section: "DC4",
        message: `Incident ${i + 1} needs its date, nature, extent and resolution.`,
      });
    }
  }
  const notRelevant = new Set(d.notRelevant.filter((n) => n.reason.trim()).map((n) => n.criterionId));
  const uncovered = input.criteria.filter((c) => !c.covered && !notRelevant.has(c.id)).map((c) => c.id);
  if (uncovered.length > 0) {
    missing.push({
      section: "DC5",
      message: `No control addresses ${uncovered.join(", ")}: add controls, or mark them not relevant with a reason (DC8).`,
    });
  }
  if (!d.noCuecs && d.cuecs.length === 0) {
    missing.push({
      section: "DC6",
      message: "List the complementary user entity controls, or confirm the design assumes none.",
    });
  }
  for (const sub of input.subserviceOrgs) {
    const entry = d.subservice.find((s) => s.subserviceId === sub.id);
    if (!entry || (sub.method === "carve-out" && entry.csocs.length === 0)) {
      missing.push({ section: "DC7", message: `List the complementary controls expected of ${sub.name}.` });
    }
    if (!entry?.monitoring.trim()) {
      missing.push({ section: "DC7", message: `Describe how ${sub.name} is monitored.` });
    }
    if (entry && entry.reportType !== "none" && (!entry.reportPeriodStart || !entry.reportPeriodEnd)) {
      missing.push({ section: "DC7", message: `Record the period covered by ${sub.name}'s own report.` });
    }
  }
  for (const n of d.notRelevant) {
    if (!n.reason.trim())
      missing.push({ section: "DC8", message: `Give the reason ${n.criterionId} is not relevant.` });
  }
  if (input.type === "type2" && !d.noChanges && d.changes.length === 0) {
    missing.push({
      section: "DC9",
      message: "List significant changes during the period, or confirm there were none.",
    });
  }
  return missing;
};
