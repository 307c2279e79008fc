/** fast-check generator of valid "fieldwork/v1" engagement documents, for the round-trip properties. */
import fc from "fast-check";
import { CONTROL_DOMAINS, CONTROL_STATUSES, FREQUENCIES } from "../../src/core/controls.js";
import { CRITERION_IDS } from "../../src/core/criteria.js";
import { ENGAGEMENT_DOC_VERSION, type EngagementDoc } from "../../src/core/engagement-yaml.js";
import { ORG_ROLES } from "../../src/core/roles.js";

// Text with the characters YAML treats specially: quotes, colons, hashes, newlines, unicode.
const text = (max: number) =>
  fc
    .string({
      minLength: 1,
      maxLength: max,
      unit: fc.constantFrom(..."aZ 9:#-'\"\n₹éक{}[],&*!|>%@`".split("")),
    })
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
const line = text(40)
  .map((s) => s.replace(/\n/g, " ").trim())
  .filter((s) => s.length > 0);
const email = fc.constantFrom(
  "compliance@paysetu.example",
  "devops@paysetu.example",
  "Priya.N@paysetu.example",
);
const date = fc
  .date({ min: new Date("2020-01-01T00:00:00Z"), max: new Date("2030-12-31T00:00:00Z"), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const criteria = fc.uniqueArray(fc.constantFrom(...CRITERION_IDS), { minLength: 1, maxLength: 5 });

const control = fc.record({
  code: fc
    .tuple(fc.constantFrom("IAM", "ORG", "CHG", "BCP"), fc.integer({ min: 1, max: 999 }))
    .map(([p, n]) => `${p}-${String(n).padStart(2, "0")}`),
  libraryId: fc.option(fc.constantFrom("IAM-01", "CHG-02"), { nil: null }),
  domain: fc.constantFrom(...CONTROL_DOMAINS.map((d) => d.id)),
  title: line,
  description: text(200),
  criteria,
  frequency: fc.constantFrom(...FREQUENCIES),
  automation: fc.constantFrom("automated" as const, "manual" as const),
  evidence: fc.array(line, { maxLength: 3 }),
  attributes: fc.array(line, { maxLength: 3 }),
  owner: fc.option(email, { nil: null }),
  status: fc.constantFrom(...CONTROL_STATUSES),
});

const policy = fc.record({
  title: line,
  templateId: fc.option(fc.constantFrom("access-control", "incident-response"), { nil: null }),
  owner: fc.option(email, { nil: null }),
  audience: fc.subarray([...ORG_ROLES], { minLength: 1 }),
  reviewCycleMonths: fc.integer({ min: 1, max: 36 }),
  acknowledgeWithinDays: fc.integer({ min: 1, max: 365 }),
});

const guarantee = fc.record({
  text: text(80),
  criteria: fc.uniqueArray(fc.constantFrom(...CRITERION_IDS), { maxLength: 3 }),
});

export const engagementDocArbitrary: fc.Arbitrary<EngagementDoc> = fc
  .record({
    name: line,
    type: fc.constantFrom("type1" as const, "type2" as const),
    dates: fc.tuple(date, date),
    firstReport: fc.boolean(),
    categories: fc.subarray(["A", "PI", "C", "P"] as const),
    services: fc.array(line, { maxLength: 3 }),
    infrastructure: fc.array(line, { maxLength: 3 }),
    locations: fc.array(line, { maxLength: 3 }),
    handles: fc.record({
      personalData: fc.boolean(),
      transactionProcessing: fc.boolean(),
      uptimeCommitments: fc.boolean(),
      confidentialClientData: fc.boolean(),
    }),
    subs: fc.uniqueArray(
      fc.record({
        name: line,
        service: text(80),
        method: fc.constantFrom("carve-out" as const, "inclusive" as const),
      }),
      { maxLength: 3, selector: (s) => s.name.toLowerCase() },
    ),
    controls: fc.uniqueArray(control, { maxLength: 6, selector: (c) => c.code }),
    policies: fc.uniqueArray(policy, { maxLength: 4, selector: (p) => p.title.toLowerCase() }),
    description: fc.option(
      fc.record({
        services: text(200),
        boundaries: text(100),
        noIncidents: fc.boolean(),
        cuecs: fc.array(guarantee, { maxLength: 2 }),
      }),
      { nil: null },
    ),
  })
  .map((r): EngagementDoc => {
    const [a, b] = r.dates[0] <= r.dates[1] ? r.dates : [r.dates[1], r.dates[0]];
    return {
      version: ENGAGEMENT_DOC_VERSION,
      engagement: {
        name: r.name,
        type: r.type,
        asOfDate: r.type === "type1" ? a : null,
        periodStart: r.type === "type2" ? a : null,
        periodEnd: r.type === "type2" ? b : null,
        firstReport: r.firstReport,
        categories: ["CC", ...r.categories],
        boundary: {
          services: r.services,
          infrastructure: r.infrastructure,
          locations: r.locations,
          handles: r.handles,
        },
        subserviceOrganizations: r.subs,
      },
      controls: r.controls,
      policies: r.policies,
      systemDescription: r.description
        ? {
            services: r.description.services,
            commitments: "",
            requirements: "",
            components: { infrastructure: "", software: "", people: "", procedures: "", data: "" },
            boundaries: r.description.boundaries,
            incidents: [],
            noIncidents: r.description.noIncidents,
            controlsNarrative: "",
            cuecs: r.description.cuecs,
            noCuecs: false,
            subservice: r.subs.map((s) => ({
              subservice: s.name,
              csocs: [],
              monitoring: "Annual review of the SOC 2 report.",
              reportType: "soc2-type2" as const,
              reportPeriodStart: "",
              reportPeriodEnd: "",
            })),
            notRelevant: [],
            changes: [],
            noChanges: true,
          }
        : null,
    };
  });
