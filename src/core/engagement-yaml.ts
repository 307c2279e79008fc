/**
 * Engagement as code (issue 6 §4): the "fieldwork/v1" document that holds an engagement's scope,
 * boundary, subservice organizations, the organization's controls, policy metadata and the system
 * description, so a client can keep its compliance baseline in git. The schema is the format (see
 * docs/engagement-as-code.md); `canonicalDocument` fixes the order of everything so that an export
 * is byte-stable and a diff shows only real changes. Pure: YAML text is handled by the app layer.
 */
import { z } from "zod";
import { CONTROL_DOMAINS, CONTROL_STATUSES, FREQUENCIES } from "./controls.js";
import { CATEGORY_CODES, isCriterionId } from "./criteria.js";
import { ORG_ROLES } from "./roles.js";
import { SystemDescriptionSchema } from "./system-description.js";

export const ENGAGEMENT_DOC_VERSION = "fieldwork/v1";

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DateText = z.string().regex(DATE, "Use a date in the form YYYY-MM-DD.");
const Line = z.string().trim().min(1).max(200);
const Email = z
  .string()
  .trim()
  .max(320)
  .regex(/^[^\s@]+@[^\s@]+$/, "Use the person's e-mail address.");
const CriterionId = z
  .string()
  .refine((v): boolean => isCriterionId(v), { message: "Use a criterion id such as CC6.1 or A1.2." });
const TextList = z.array(z.string().trim().min(1).max(2000)).max(100).default([]);
const BoundaryList = z.array(Line).max(100).default([]);

const HandlesSchema = z.strictObject({
  personalData: z.boolean().default(false),
  transactionProcessing: z.boolean().default(false),
  uptimeCommitments: z.boolean().default(false),
  confidentialClientData: z.boolean().default(false),
});

const SubserviceSchema = z.strictObject({
  name: Line,
  service: z.string().trim().min(1).max(500),
  method: z.enum(["carve-out", "inclusive"]),
});

const EngagementSchema = z.strictObject({
  name: Line,
  type: z.enum(["type1", "type2"]),
  asOfDate: DateText.nullable().default(null),
  periodStart: DateText.nullable().default(null),
  periodEnd: DateText.nullable().default(null),
  firstReport: z.boolean().default(true),
  categories: z
    .array(z.enum(CATEGORY_CODES))
    .min(1)
    .max(5)
    .refine((cs) => cs.includes("CC"), { message: "The common criteria (CC) are always in scope." }),
  boundary: z
    .strictObject({
      services: BoundaryList,
      infrastructure: BoundaryList,
      locations: BoundaryList,
      handles: HandlesSchema.default({
        personalData: false,
        transactionProcessing: false,
        uptimeCommitments: false,
        confidentialClientData: false,
      }),
    })
    .default({
      services: [],
      infrastructure: [],
      locations: [],
      handles: {
        personalData: false,
        transactionProcessing: false,
        uptimeCommitments: false,
        confidentialClientData: false,
      },
    }),
  subserviceOrganizations: z.array(SubserviceSchema).max(50).default([]),
});

const ControlSchema = z.strictObject({
  code: z
    .string()
    .regex(
      /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/,
      "Use a code like IAM-03 or ORG-01 (letters, digits, dots and dashes).",
    ),
  libraryId: z.string().max(20).nullable().default(null),
  domain: z.enum(CONTROL_DOMAINS.map((d) => d.id) as [string, ...string[]]),
  // Limits wider than the web form's, so every control Fieldwork stores (vendor CUECs too) exports and imports.
  title: z.string().trim().min(1).max(500),
  description: z.string().trim().min(1).max(20_000),
  criteria: z.array(CriterionId).max(61),
  frequency: z.enum(FREQUENCIES),
  automation: z.enum(["automated", "manual"]),
  evidence: TextList,
  attributes: TextList,
  owner: Email.nullable().default(null),
  status: z.enum(CONTROL_STATUSES).default("not_started"),
  /** Informational on export (framework id → requirement ids reached through the criteria); ignored on import. */
  frameworks: z.record(z.string(), z.array(z.string())).optional(),
});

const PolicySchema = z.strictObject({
  title: Line,
  templateId: z.string().max(100).nullable().default(null),
  owner: Email.nullable().default(null),
  audience: z
    .array(z.enum(ORG_ROLES))
    .min(1)
    .max(ORG_ROLES.length)
    .default([...ORG_ROLES]),
  reviewCycleMonths: z.number().int().min(1).max(36).default(12),
  acknowledgeWithinDays: z.number().int().min(1).max(365).default(30),
  /** Informational: the approval workflow decides these, so an import never sets them. */
  status: z.enum(["draft", "published"]).optional(),
  version: z.number().int().min(1).optional(),
});

const Guarantee = z.object({
  text: z.string().max(2000),
  criteria: z.array(CriterionId).max(61).default([]),
});

/** The description of DC 200 with subservice organizations named, not referenced by database id. */
const DescriptionSchema = SystemDescriptionSchema.extend({
  cuecs: z.array(Guarantee).max(100).default([]),
  subservice: z
    .array(
      z.strictObject({
        subservice: Line,
        csocs: z.array(Guarantee).max(50).default([]),
        monitoring: z.string().max(4000).default(""),
        reportType: z.enum(["soc2-type1", "soc2-type2", "iso27001", "none"]).default("soc2-type2"),
        reportPeriodStart: z.string().max(10).default(""),
        reportPeriodEnd: z.string().max(10).default(""),
      }),
    )
    .max(50)
    .default([]),
}).strict();

const uniqueBy = <T>(
  items: readonly T[],
  key: (t: T) => string,
  ctx: z.RefinementCtx,
  path: string,
  field: string,
  what: string,
) => {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    const k = key(item);
    if (seen.has(k))
      ctx.addIssue({ code: "custom", path: [path, i, field], message: `${what} '${k}' appears twice.` });
    seen.add(k);
  });
};

export const EngagementDocSchema = z
  .strictObject({
    version: z.literal(ENGAGEMENT_DOC_VERSION, {
      message: `Start the file with version: ${ENGAGEMENT_DOC_VERSION}`,
    }),
    engagement: EngagementSchema,
    controls: z.array(ControlSchema).max(1000).default([]),
    policies: z.array(PolicySchema).max(200).default([]),
    systemDescription: DescriptionSchema.nullable().default(null),
  })
  .superRefine((doc, ctx) => {
    uniqueBy(doc.controls, (c) => c.code, ctx, "controls", "code", "The control code");
    uniqueBy(doc.policies, (p) => p.title.toLowerCase(), ctx, "policies", "title", "The policy title");
    const subs = doc.engagement.subserviceOrganizations;
    subs.forEach((s, i) => {
      if (subs.findIndex((o) => o.name.toLowerCase() === s.name.toLowerCase()) !== i) {
        ctx.addIssue({
          code: "custom",
          path: ["engagement", "subserviceOrganizations", i, "name"],
          message: `The subservice organization '${s.name}' appears twice.`,
        });
      }
    });
    const names = new Set(subs.map((s) => s.name.toLowerCase()));
    doc.systemDescription?.subservice.forEach((s, i) => {
      if (!names.has(s.subservice.toLowerCase())) {
        ctx.addIssue({
          code: "custom",
          path: ["systemDescription", "subservice", i, "subservice"],
          message: `'${s.subservice}' is not one of engagement.subserviceOrganizations.`,
        });
      }
    });
  });

export type EngagementDoc = z.infer<typeof EngagementDocSchema>;
export type EngagementDocControl = EngagementDoc["controls"][number];
export type EngagementDocPolicy = EngagementDoc["policies"][number];
export type EngagementDocDescription = NonNullable<EngagementDoc["systemDescription"]>;

/** "controls[3].owner" from a zod path. */
export const formatDocPath = (path: readonly PropertyKey[]): string =>
  path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join("");

export interface DocProblem {
  readonly path: string;
  readonly message: string;
}

export type DocParse = { ok: true; doc: EngagementDoc } | { ok: false; problems: DocProblem[] };

/** Validates a parsed document (any JSON-like value); problems carry the path of each issue. */
export const parseEngagementDoc = (raw: unknown): DocParse => {
  const result = EngagementDocSchema.safeParse(raw);
  if (result.success) return { ok: true, doc: canonicalDocument(result.data) };
  return {
    ok: false,
    problems: result.error.issues.map((issue) => ({
      path: formatDocPath(issue.path) || "(document)",
      message: issue.message,
    })),
  };
};

/** Orders requirement ids as a person reads them: A.5.9 before A.5.12. */
export const naturalCompare = (a: string, b: string): number => a.localeCompare(b, "en", { numeric: true });

const byKey =
  <T>(key: (t: T) => string) =>
  (a: T, b: T): number => {
    const x = key(a);
    const y = key(b);
    return x < y ? -1 : x > y ? 1 : 0;
  };

/**
 * The canonical form: every object with its keys in schema order, controls by code, policies by
 * title, subservice organizations by name, framework requirement lists sorted. Lists a person
 * orders (services, criteria, evidence, description entries) keep their order.
 */
export const canonicalDocument = (doc: EngagementDoc): EngagementDoc => {
  const e = doc.engagement;
  const h = e.boundary.handles;
  return {
    version: doc.version,
    engagement: {
      name: e.name,
      type: e.type,
      asOfDate: e.asOfDate,
      periodStart: e.periodStart,
      periodEnd: e.periodEnd,
      firstReport: e.firstReport,
      categories: CATEGORY_CODES.filter((c) => e.categories.includes(c)),
      boundary: {
        services: [...e.boundary.services],
        infrastructure: [...e.boundary.infrastructure],
        locations: [...e.boundary.locations],
        handles: {
          personalData: h.personalData,
          transactionProcessing: h.transactionProcessing,
          uptimeCommitments: h.uptimeCommitments,
          confidentialClientData: h.confidentialClientData,
        },
      },
      subserviceOrganizations: e.subserviceOrganizations
        .map((s) => ({ name: s.name, service: s.service, method: s.method }))
        .sort(byKey((s) => s.name)),
    },
    controls: doc.controls.map(canonicalControl).sort(byKey((c) => c.code)),
    policies: doc.policies.map(canonicalPolicy).sort(byKey((p) => p.title)),
    systemDescription: doc.systemDescription ? canonicalDescription(doc.systemDescription) : null,
  };
};

const canonicalControl = (c: EngagementDocControl): EngagementDocControl => ({
  code: c.code,
  libraryId: c.libraryId,
  domain: c.domain,
  title: c.title,
  description: c.description,
  criteria: [...c.criteria],
  frequency: c.frequency,
  automation: c.automation,
  evidence: [...c.evidence],
  attributes: [...c.attributes],
  owner: c.owner,
  status: c.status,
  ...(c.frameworks
    ? {
        frameworks: Object.fromEntries(
          Object.keys(c.frameworks)
            .sort()
            .map((k) => [k, [...(c.frameworks?.[k] ?? [])].sort(naturalCompare)]),
        ),
      }
    : {}),
});

const canonicalPolicy = (p: EngagementDocPolicy): EngagementDocPolicy => ({
  title: p.title,
  templateId: p.templateId,
  owner: p.owner,
  audience: ORG_ROLES.filter((r) => p.audience.includes(r)),
  reviewCycleMonths: p.reviewCycleMonths,
  acknowledgeWithinDays: p.acknowledgeWithinDays,
  ...(p.status !== undefined ? { status: p.status } : {}),
  ...(p.version !== undefined ? { version: p.version } : {}),
});

const guarantees = (list: readonly { text: string; criteria: string[] }[]) =>
  list.map((g) => ({ text: g.text, criteria: [...g.criteria] }));

const canonicalDescription = (d: EngagementDocDescription): EngagementDocDescription => ({
  services: d.services,
  commitments: d.commitments,
  requirements: d.requirements,
  components: {
    infrastructure: d.components.infrastructure,
    software: d.components.software,
    people: d.components.people,
    procedures: d.components.procedures,
    data: d.components.data,
  },
  boundaries: d.boundaries,
  incidents: d.incidents.map((i) => ({
    date: i.date,
    nature: i.nature,
    extent: i.extent,
    resolution: i.resolution,
  })),
  noIncidents: d.noIncidents,
  controlsNarrative: d.controlsNarrative,
  cuecs: guarantees(d.cuecs),
  noCuecs: d.noCuecs,
  subservice: d.subservice
    .map((s) => ({
      subservice: s.subservice,
      csocs: guarantees(s.csocs),
      monitoring: s.monitoring,
      reportType: s.reportType,
      reportPeriodStart: s.reportPeriodStart,
      reportPeriodEnd: s.reportPeriodEnd,
    }))
    .sort(byKey((s) => s.subservice)),
  notRelevant: d.notRelevant.map((n) => ({ criterionId: n.criterionId, reason: n.reason })),
  changes: d.changes.map((c) => ({ date: c.date, description: c.description })),
  noChanges: d.noChanges,
});

/** Drops the informational fields, leaving what an import applies (for comparing two documents). */
export const withoutInformational = (doc: EngagementDoc): EngagementDoc => ({
  ...doc,
  controls: doc.controls.map(({ frameworks: _f, ...c }) => c),
  policies: doc.policies.map(({ status: _s, version: _v, ...p }) => p),
});
