/**
 * The twelve practical requirements auditors look for before a first SOC 2 examination, written by
 * us. Each names the criteria it bears on, the library controls that satisfy it and how readiness
 * is judged (src/core/readiness.ts: "evidence", "policy" or "description"). Validated on load: every
 * criterion must be one of the 61 and every control must exist in the library, so renaming a
 * library control without updating this list fails every test and every start.
 */
import * as z from "zod";
import { CRITERION_IDS } from "../core/criteria.js";
import { AppError } from "../core/errors.js";
import { REQUIREMENT_BASES, type RequirementBasis, type RequirementDefinition } from "../core/readiness.js";
import { findLibraryControl } from "./control-library.js";

export interface ReadinessRequirement extends RequirementDefinition {
  readonly id: string;
  readonly title: string;
  /** Why auditors and customers care, in one or two sentences. */
  readonly why: string;
  readonly criteria: readonly string[];
  /** Library control ids that satisfy the requirement. */
  readonly controlIds: readonly string[];
  readonly basis: RequirementBasis;
}

const REQUIREMENT_DATA: readonly unknown[] = [
  {
    id: "mfa-privileged",
    title: "Multi-factor authentication for privileged access",
    why: "A stolen administrator password is the shortest path to every customer's data, so auditors expect a second factor on every administrative sign-in. It is one of the first settings they inspect.",
    criteria: ["CC6.1", "CC6.6"],
    controlIds: ["IAM-03", "IAM-02"],
    basis: "evidence",
  },
  {
    id: "access-reviews",
    title: "Role-based access with periodic access reviews",
    why: "Access should follow defined roles and be confirmed regularly, otherwise permissions pile up as people move and leave. Auditors sample joiners, leavers and the quarterly reviews themselves.",
    criteria: ["CC6.2", "CC6.3"],
    controlIds: ["IAM-07", "IAM-04", "IAM-05", "IAM-06"],
    basis: "evidence",
  },
  {
    id: "encryption",
    title: "Encryption in transit (TLS 1.2 or higher) and at rest (AES-256)",
    why: "Encryption keeps customer data unreadable on the wire and on disk if other defences fail. Customers ask for it in nearly every security questionnaire.",
    criteria: ["CC6.1", "CC6.7", "C1.1"],
    controlIds: ["ENC-01", "ENC-02", "ENC-03"],
    basis: "evidence",
  },
  {
    id: "central-logging",
    title: "Central logging and monitoring (SIEM)",
    why: "Without logs in one place, attacks go unnoticed and incidents cannot be reconstructed. Auditors check that key systems send logs, that they are kept long enough and that alerts are acted on.",
    criteria: ["CC7.2", "CC7.3"],
    controlIds: ["LOG-01", "LOG-02", "LOG-03"],
    basis: "evidence",
  },
  {
    id: "vulnerability-management",
    title: "Vulnerability management with remediation deadlines",
    why: "Known vulnerabilities are what attackers exploit first, so scanning only helps if findings are fixed on time. Auditors compare fix dates with the deadlines the company set for itself.",
    criteria: ["CC7.1"],
    controlIds: ["VUL-01", "VUL-02"],
    basis: "evidence",
  },
  {
    id: "bcp-dr-tested",
    title: "Tested business continuity and disaster recovery",
    why: "A recovery plan that has never been exercised usually fails when it is needed. Auditors look for working backups, a restore that was actually performed and a recovery exercise measured against its objectives.",
    criteria: ["CC9.1", "A1.2", "A1.3"],
    controlIds: ["BCP-01", "BCP-02", "BCP-03", "BCP-04"],
    basis: "evidence",
  },
  {
    id: "vendor-risk",
    title: "Vendor risk management",
    why: "Much of a modern service runs on other companies' systems, and their failures become yours. Auditors expect vendors to be assessed before use, reviewed each year and bound by security terms.",
    criteria: ["CC9.2"],
    controlIds: ["VND-01", "VND-02", "VND-03"],
    basis: "evidence",
  },
  {
    id: "security-training",
    title: "Security awareness training",
    why: "Most breaches start with a person being tricked, so everyone needs to recognise phishing and know how to report it. Auditors sample new and existing staff for completed training.",
    criteria: ["CC1.4", "CC2.2"],
    controlIds: ["PPL-03"],
    basis: "evidence",
  },
  {
    id: "incident-response",
    title: "Incident response with post-incident review",
    why: "A rehearsed response limits the damage of an incident, and a review afterwards stops it from happening again. Auditors read the plan and follow sampled incidents from detection to lessons learned.",
    criteria: ["CC7.3", "CC7.4", "CC7.5"],
    controlIds: ["INC-01", "INC-03", "INC-04"],
    basis: "evidence",
  },
  {
    id: "annual-pentest",
    title: "Annual penetration test",
    why: "An independent test finds weaknesses that internal scanning misses and shows customers the product has been attacked by professionals. Auditors want a report from the last 12 months and proof that serious findings were fixed.",
    criteria: ["CC4.1", "CC7.1"],
    controlIds: ["VUL-03"],
    basis: "evidence",
  },
  {
    id: "policy-set",
    title: "An approved, communicated policy set",
    why: "Policies are how management states what every control must achieve, and the auditor tests controls against them. They count only when management has approved them and staff can find and have acknowledged them.",
    criteria: ["CC5.3", "CC2.2"],
    controlIds: ["POL-01", "POL-02"],
    basis: "policy",
  },
  {
    id: "system-description",
    title: "A complete system description",
    why: "The system description is management's account of the system and becomes part of the SOC 2 report. The auditor reports on whether it is fairly presented, so gaps in it delay the examination.",
    criteria: ["CC2.2", "CC2.3"],
    controlIds: ["GOV-06"],
    basis: "description",
  },
];

const text = (min: number, max: number) => z.string().trim().min(min).max(max);

export const ReadinessRequirementSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "must be lower-case words joined by hyphens"),
  title: text(8, 90),
  why: text(40, 400),
  criteria: z.array(z.enum(CRITERION_IDS)).min(1),
  controlIds: z.array(z.string()).min(1),
  basis: z.enum(REQUIREMENT_BASES),
});

export const ReadinessRequirementsSchema = z.array(ReadinessRequirementSchema).superRefine((list, ctx) => {
  const seen = new Set<string>();
  list.forEach((r, index) => {
    const issue = (message: string) => ctx.addIssue({ code: "custom", path: [index], message });
    if (seen.has(r.id)) issue(`duplicate requirement ${r.id}`);
    seen.add(r.id);
    if (new Set(r.criteria).size !== r.criteria.length) issue(`${r.id} lists a criterion twice`);
    if (new Set(r.controlIds).size !== r.controlIds.length) issue(`${r.id} lists a control twice`);
    for (const id of r.controlIds) {
      if (!findLibraryControl(id)) issue(`${r.id} links ${id}, which is not in the control library`);
    }
  });
});

/** Parses requirement data, or fails with every problem listed. */
export const parseReadinessRequirements = (data: unknown): readonly ReadinessRequirement[] => {
  const result = ReadinessRequirementsSchema.safeParse(data);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join(".") || "requirements"}: ${i.message}`);
    throw new AppError("INTERNAL", `The readiness requirements are invalid: ${problems.join("; ")}`);
  }
  return Object.freeze(
    result.data.map((r) =>
      Object.freeze({
        ...r,
        criteria: Object.freeze([...r.criteria]),
        controlIds: Object.freeze([...r.controlIds]),
      }),
    ),
  );
};

export const READINESS_REQUIREMENTS: readonly ReadinessRequirement[] =
  parseReadinessRequirements(REQUIREMENT_DATA);

export const findReadinessRequirement = (id: string): ReadinessRequirement | undefined =>
  READINESS_REQUIREMENTS.find((r) => r.id === id);
