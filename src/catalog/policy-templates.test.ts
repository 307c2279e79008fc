import { describe, expect, it } from "vitest";
import { findLibraryControl } from "./control-library.js";
import {
  findPolicyTemplate,
  headingsOf,
  ORGANIZATION_PLACEHOLDER,
  POLICY_AUDIENCES,
  POLICY_SECTIONS,
  POLICY_TEMPLATES,
  parsePolicyTemplates,
  policyTemplateWords,
  TEMPLATE_CONTROLS,
} from "./policy-templates.js";

const REQUIRED_TOPICS = [
  "information-security",
  "acceptable-use",
  "access-control",
  "change-management",
  "incident-response",
  "business-continuity",
  "vendor-management",
  "data-classification",
  "encryption",
  "privacy",
  "risk-assessment",
  "secure-development",
  "logging-monitoring",
  "vulnerability-management",
  "hr-security",
];

const valid = () => {
  const t = findPolicyTemplate("risk-assessment");
  if (!t) throw new Error("missing template");
  return { ...t, controls: [...t.controls] };
};

describe("policy templates", () => {
  it("cover the fifteen topics, once each", () => {
    expect(POLICY_TEMPLATES.length).toBeGreaterThanOrEqual(15);
    expect(POLICY_TEMPLATES.map((t) => t.id).sort()).toEqual([...REQUIRED_TOPICS].sort());
    expect(Object.keys(TEMPLATE_CONTROLS).sort()).toEqual([...REQUIRED_TOPICS].sort());
  });

  it("each has the six sections in order, 300–700 words and numbered statements", () => {
    for (const t of POLICY_TEMPLATES) {
      expect(headingsOf(t.body), t.id).toEqual([...POLICY_SECTIONS]);
      const words = policyTemplateWords(t);
      expect(words, t.id).toBeGreaterThanOrEqual(300);
      expect(words, t.id).toBeLessThanOrEqual(700);
      expect(t.body, t.id).toMatch(/^## Policy statements\n\n1\. .+\n2\. .+\n3\. /m);
      expect(t.body, t.id).toContain(ORGANIZATION_PLACEHOLDER);
      expect(t.reviewCycleMonths, t.id).toBe(12);
      expect(Object.keys(POLICY_AUDIENCES), t.id).toContain(t.audience);
    }
  });

  it("every control id exists in the control library", () => {
    const missing = POLICY_TEMPLATES.flatMap((t) =>
      t.controls.filter((id) => !findLibraryControl(id)).map((id) => `${t.id}: ${id}`),
    );
    expect(missing).toEqual([]);
  });

  it("carry the Indian regulatory specifics where they belong", () => {
    const body = (id: string) => findPolicyTemplate(id)?.body ?? "";
    expect(body("incident-response")).toMatch(/CERT-In within 6 hours/);
    expect(body("incident-response")).toMatch(/Data Protection Board of India/);
    expect(body("incident-response")).toMatch(/72 hours/);
    expect(body("logging-monitoring")).toMatch(/at least 180 days/);
    expect(body("logging-monitoring")).toMatch(/CERT-In Directions/);
    const vuln = body("vulnerability-management");
    for (const severity of ["Critical", "High", "Medium", "Low"]) {
      expect(vuln).toMatch(new RegExp(`\\*\\*${severity}\\*\\* \\d+ days`));
    }
  });

  it("engineering-only policies are acknowledged by engineering, the rest by everyone or management", () => {
    expect(findPolicyTemplate("secure-development")?.audience).toBe("engineering");
    expect(findPolicyTemplate("acceptable-use")?.audience).toBe("all_personnel");
    expect(findPolicyTemplate("risk-assessment")?.audience).toBe("management");
    expect(POLICY_AUDIENCES.all_personnel.roles).toEqual(["org_admin", "control_owner", "employee"]);
  });

  it("refuses broken template data with a message naming the template", () => {
    expect(() =>
      parsePolicyTemplates([{ ...valid(), body: valid().body.replace("## Exceptions", "## Waivers") }]),
    ).toThrow(/risk-assessment: body sections must be/);
    expect(() => parsePolicyTemplates([{ ...valid(), body: "## Purpose\n\nToo short." }])).toThrow(
      /risk-assessment/,
    );
    expect(() => parsePolicyTemplates([{ ...valid(), controls: ["iam-3"] }])).toThrow(/controls/);
    expect(() => parsePolicyTemplates([valid(), valid()])).toThrow(/listed twice/);
    const padded = { ...valid(), body: `${valid().body}\n${"word ".repeat(400)}` };
    expect(() => parsePolicyTemplates([padded])).toThrow(/keep it to 300–700/);
  });
});
