/**
 * Rules of the trust portal that need no I/O: which e-mail domains an organization may allow-list
 * (real domain names, never a personal mailbox provider), whether a requester's address falls under
 * the list, and when a download link expires.
 */
import { AppError } from "./errors.js";

/** Days a download link stays valid when the organization has not chosen otherwise. */
export const DEFAULT_LINK_DAYS = 7;
export const MAX_LINK_DAYS = 90;
export const MAX_ALLOWED_DOMAINS = 100;

/** Personal mailboxes: the NDA binds a company, so neither requests nor the allow-list accept them. */
const PERSONAL_DOMAINS: ReadonlySet<string> = new Set([
  "gmail.com",
  "googlemail.com",
  "yahoo.com",
  "yahoo.co.in",
  "ymail.com",
  "hotmail.com",
  "outlook.com",
  "live.com",
  "msn.com",
  "icloud.com",
  "me.com",
  "aol.com",
  "proton.me",
  "protonmail.com",
  "rediffmail.com",
  "zoho.com",
  "gmx.com",
  "mail.com",
  "yandex.com",
]);

export const isPersonalDomain = (domain: string): boolean => PERSONAL_DOMAINS.has(domain.toLowerCase());

/** The domain of an e-mail address, lower-cased; "" when there is no "@". */
export const emailDomain = (email: string): string => {
  const at = email.lastIndexOf("@");
  return at < 0 ? "" : email.slice(at + 1).toLowerCase();
};

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const TOP_LEVEL = /^[a-z](?:[a-z0-9-]{0,61}[a-z0-9])$/;

/** A domain as the allow-list stores it: lower case, no "@" or trailing dot, at least two labels. */
export const normalizeDomain = (input: string): string => {
  const domain = input.trim().toLowerCase().replace(/^@/, "").replace(/\.$/, "");
  const labels = domain.split(".");
  const valid =
    domain.length > 0 &&
    domain.length <= 253 &&
    labels.length >= 2 &&
    labels.every((l) => LABEL.test(l)) &&
    TOP_LEVEL.test(labels.at(-1) ?? "");
  if (!valid) {
    throw new AppError(
      "VALIDATION",
      `"${input.slice(0, 100)}" is not a domain name; enter it like acme-payments.com (no https:// and no address).`,
    );
  }
  if (isPersonalDomain(domain)) {
    throw new AppError(
      "VALIDATION",
      `${domain} is a personal mailbox provider; allow-list a company's own domain instead.`,
    );
  }
  return domain;
};

/** Normalized, without duplicates, sorted; the details of a refusal name the offending entry. */
export const normalizeAllowList = (domains: readonly string[]): string[] => {
  if (domains.length > MAX_ALLOWED_DOMAINS) {
    throw new AppError("VALIDATION", `Allow at most ${MAX_ALLOWED_DOMAINS} domains.`, {
      field: "allowedDomains",
    });
  }
  const out = new Set<string>();
  domains.forEach((value, index) => {
    try {
      out.add(normalizeDomain(value));
    } catch (error) {
      if (error instanceof AppError) {
        throw new AppError(error.code, error.message, { field: "allowedDomains", index, value });
      }
      throw error;
    }
  });
  return [...out].sort();
};

/** True when the address's domain is on the list or is a subdomain of an entry. */
export const isAllowListed = (email: string, allowed: readonly string[]): boolean => {
  const domain = emailDomain(email);
  if (domain === "") return false;
  return allowed.some((entry) => domain === entry || domain.endsWith(`.${entry}`));
};

/** When a link decided at `decidedAt` (ISO) stops working, `days` whole days later. */
export const linkExpiresAt = (decidedAt: string, days: number): string => {
  if (!Number.isInteger(days) || days < 1 || days > MAX_LINK_DAYS) {
    throw new AppError("VALIDATION", `A download link lasts 1 to ${MAX_LINK_DAYS} whole days.`, {
      field: "days",
    });
  }
  return new Date(Date.parse(decidedAt) + days * 86_400_000).toISOString();
};
