import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AppError } from "./errors.js";
import {
  DEFAULT_LINK_DAYS,
  emailDomain,
  isAllowListed,
  isPersonalDomain,
  linkExpiresAt,
  MAX_ALLOWED_DOMAINS,
  MAX_LINK_DAYS,
  normalizeAllowList,
  normalizeDomain,
} from "./trust-portal.js";

const refusal = (fn: () => unknown): AppError => {
  try {
    fn();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("expected an AppError");
};

describe("normalizeDomain", () => {
  it("lower-cases, trims and drops a leading @ or trailing dot", () => {
    expect(normalizeDomain("  Acme-Payments.EXAMPLE ")).toBe("acme-payments.example");
    expect(normalizeDomain("@razorpay.com")).toBe("razorpay.com");
    expect(normalizeDomain("hdfcbank.co.in.")).toBe("hdfcbank.co.in");
  });

  it("refuses what is not a domain name, naming the input", () => {
    for (const bad of [
      "",
      "acme",
      "acme..com",
      "-acme.com",
      "acme-.com",
      "acme.c",
      "acme.com/path",
      "http://acme.com",
      "asha@acme.com",
      "acme .com",
      "acme.123",
      `${"a".repeat(64)}.com`,
      `${"abcdefghi.".repeat(26)}com`,
    ]) {
      const error = refusal(() => normalizeDomain(bad));
      expect(error.code, bad).toBe("VALIDATION");
      expect(error.message).toContain("not a domain name");
    }
  });

  it("refuses personal mailbox providers: the NDA binds a company", () => {
    for (const personal of ["gmail.com", "GMAIL.COM", "yahoo.co.in", "rediffmail.com", "outlook.com"]) {
      const error = refusal(() => normalizeDomain(personal));
      expect(error.code).toBe("VALIDATION");
      expect(error.message).toMatch(/personal/);
    }
  });
});

describe("normalizeAllowList", () => {
  it("normalizes, removes duplicates and sorts", () => {
    expect(normalizeAllowList(["Zeta.example", "acme.example", "ACME.example", "@zeta.example"])).toEqual([
      "acme.example",
      "zeta.example",
    ]);
    expect(normalizeAllowList([])).toEqual([]);
  });

  it("says which entry is wrong", () => {
    const error = refusal(() => normalizeAllowList(["acme.example", "gmail.com"]));
    expect(error.details).toEqual({ field: "allowedDomains", index: 1, value: "gmail.com" });
  });

  it("caps the list length", () => {
    const many = Array.from({ length: MAX_ALLOWED_DOMAINS + 1 }, (_, i) => `d${i}.example`);
    expect(refusal(() => normalizeAllowList(many)).code).toBe("VALIDATION");
    expect(normalizeAllowList(many.slice(0, MAX_ALLOWED_DOMAINS))).toHaveLength(MAX_ALLOWED_DOMAINS);
  });

  it("is idempotent", () => {
    const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,8}[a-z0-9])?$/);
    const domain = fc
      .tuple(label, fc.constantFrom("com", "in", "example", "co.in"))
      .map(([l, t]) => `${l}.${t}`);
    fc.assert(
      fc.property(fc.array(domain, { maxLength: 20 }), (list) => {
        const once = normalizeAllowList(list);
        expect(normalizeAllowList(once)).toEqual(once);
      }),
    );
  });
});

describe("isAllowListed", () => {
  const list = ["acme-payments.example", "hdfcbank.co.in"];

  it("matches the domain and its subdomains, whatever the case", () => {
    expect(isAllowListed("asha@acme-payments.example", list)).toBe(true);
    expect(isAllowListed("Asha@ACME-Payments.Example", list)).toBe(true);
    expect(isAllowListed("risk@vendor-mgmt.hdfcbank.co.in", list)).toBe(true);
  });

  it("does not match look-alikes or an empty list", () => {
    expect(isAllowListed("asha@evilacme-payments.example", list)).toBe(false);
    expect(isAllowListed("asha@acme-payments.example.attacker.test", list)).toBe(false);
    expect(isAllowListed("asha@co.in", list)).toBe(false);
    expect(isAllowListed("asha@acme-payments.example", [])).toBe(false);
    expect(isAllowListed("not-an-address", list)).toBe(false);
  });
});

describe("emailDomain and isPersonalDomain", () => {
  it("takes the part after the last @, lower-cased", () => {
    expect(emailDomain("Asha.Rao@Acme.Example")).toBe("acme.example");
    expect(emailDomain("no-at-sign")).toBe("");
    expect(isPersonalDomain("gmail.com")).toBe(true);
    expect(isPersonalDomain("acme.example")).toBe(false);
  });
});

describe("linkExpiresAt", () => {
  it("adds whole days to the decision time", () => {
    expect(linkExpiresAt("2026-11-20T10:00:00.000Z", DEFAULT_LINK_DAYS)).toBe("2026-11-27T10:00:00.000Z");
    expect(linkExpiresAt("2027-02-27T23:30:00.000Z", 2)).toBe("2027-03-01T23:30:00.000Z");
  });

  it("refuses a number of days outside 1..MAX_LINK_DAYS", () => {
    for (const days of [0, -1, 1.5, MAX_LINK_DAYS + 1]) {
      expect(refusal(() => linkExpiresAt("2026-11-20T10:00:00.000Z", days)).code).toBe("VALIDATION");
    }
    expect(linkExpiresAt("2026-11-20T10:00:00.000Z", MAX_LINK_DAYS)).toBe("2027-02-18T10:00:00.000Z");
  });
});
