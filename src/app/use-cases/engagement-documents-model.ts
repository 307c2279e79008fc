/**
 * Engagement documents as the API shows them, who may see and act on them, and the engagement facts
 * each letter is built from (I/O here; the wording is in src/core/engagement-letters*.ts).
 */

import type { Kysely } from "kysely";
import { DOCUMENT_KIND_LABELS, type DocumentKind, type LetterScope } from "../../core/engagement-letters.js";
import type { RepresentationLetterInput } from "../../core/engagement-letters-representation.js";
import { AppError, forbidden, notFound } from "../../core/errors.js";
import type { QuoteResult } from "../../core/quote.js";
import type { Role } from "../../core/roles.js";
import { emptySystemDescription, SystemDescriptionSchema } from "../../core/system-description.js";
import { formatExceptionRef } from "../../core/workpaper.js";
import { findVisibleEngagementDocument } from "../../db/repositories/engagement-documents.js";
import {
  findApprovedQuote,
  findVisibleEngagement,
  listSubserviceOrgs,
} from "../../db/repositories/engagements.js";
import { listEngagementExceptions } from "../../db/repositories/exceptions.js";
import { findSystemDescription } from "../../db/repositories/system-descriptions.js";
import type { DB, EngagementRow } from "../../db/schema.js";
import type { EngagementDocumentRow } from "../../db/schema-engagement-documents.js";
import type { UserActor } from "../actor.js";
import { rolesOnEngagement, scopeOf } from "../authz.js";
import type { Deps } from "../deps.js";
import { engagementType, parseBoundary, parseCategories } from "./engagement-model.js";

/** Firm roles that generate and send letters. */
export const DOCUMENT_WRITERS: readonly Role[] = ["partner", "engagement_manager"];
/** Firm roles that read every version, drafts included. */
export const FIRM_DOCUMENT_READERS: readonly Role[] = [
  "partner",
  "engagement_manager",
  "staff_auditor",
  "firm_admin",
];
/** The organization's management: reads what was sent, accepts or declines. */
export const DOCUMENT_ACCEPTORS: readonly Role[] = ["org_admin"];

export const isFirmReader = (roles: readonly Role[]): boolean =>
  roles.some((r) => FIRM_DOCUMENT_READERS.includes(r));

/** Whether the organization has seen this version (it was sent at some point). */
export const sentToOrganization = (d: EngagementDocumentRow): boolean => d.sent_at !== null;

/**
 * What the actor may see on this engagement: "firm" (every version), "org" (versions that were
 * sent), FORBIDDEN for other organization roles (letters carry fees and management's statements).
 */
export const documentAudience = (user: UserActor, e: { firm_id: string; org_id: string }): "firm" | "org" => {
  const roles = rolesOnEngagement(user, e);
  if (isFirmReader(roles)) return "firm";
  if (roles.some((r) => DOCUMENT_ACCEPTORS.includes(r))) return "org";
  throw forbidden("Only the engagement team and the organization's admins can see engagement letters.");
};

/** A document the actor may see; NOT_FOUND for another tenant's or an unsent one seen by the organization. */
export const loadVisibleDocument = async (deps: Deps, user: UserActor, id: string) => {
  const doc = await findVisibleEngagementDocument(deps.db, id, scopeOf(user));
  if (!doc) throw notFound("Document");
  const e = await findVisibleEngagement(deps.db, doc.engagement_id, scopeOf(user));
  if (!e) throw notFound("Document");
  const audience = documentAudience(user, e);
  if (audience === "org" && !sentToOrganization(doc)) throw notFound("Document");
  return { doc, engagement: e, audience };
};

const userNames = async (db: Kysely<DB>, ids: readonly (string | null)[]) => {
  const wanted = [...new Set(ids.filter((i): i is string => i !== null))];
  if (wanted.length === 0) return new Map<string, string>();
  const rows = await db.selectFrom("users").select(["id", "name"]).where("id", "in", wanted).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
};

export const documentView = (d: EngagementDocumentRow, names: ReadonlyMap<string, string>) => ({
  id: d.id,
  engagementId: d.engagement_id,
  kind: d.kind as DocumentKind,
  kindLabel: DOCUMENT_KIND_LABELS[d.kind as DocumentKind] ?? d.kind,
  version: d.version,
  status: d.status as "draft" | "sent" | "accepted" | "declined" | "superseded",
  title: d.title,
  letterDate: d.letter_date,
  documentSha256: d.pdf_sha256,
  size: d.pdf_size,
  facts: JSON.parse(d.facts) as Record<string, unknown>,
  generatedBy: d.generated_by ? { id: d.generated_by, name: names.get(d.generated_by) ?? "" } : null,
  generatedAt: d.generated_at,
  sentAt: d.sent_at,
  sentBy: d.sent_by ? { id: d.sent_by, name: names.get(d.sent_by) ?? "" } : null,
  acceptance:
    d.accepted_at === null
      ? null
      : {
          name: d.accepted_name ?? "",
          title: d.accepted_title ?? "",
          userId: d.accepted_by,
          ip: d.accepted_ip,
          userAgent: d.accepted_user_agent,
          at: d.accepted_at,
          confirmation: d.accepted_confirmation,
          acceptedSha256: d.accepted_pdf_sha256,
          evidenceId: d.evidence_id,
        },
  decline:
    d.declined_at === null
      ? null
      : {
          by: d.declined_by ? { id: d.declined_by, name: names.get(d.declined_by) ?? "" } : null,
          at: d.declined_at,
          reason: d.decline_reason ?? "",
        },
  supersededAt: d.superseded_at,
});

export type DocumentView = ReturnType<typeof documentView>;

export const documentViews = async (db: Kysely<DB>, docs: readonly EngagementDocumentRow[]) => {
  const names = await userNames(
    db,
    docs.flatMap((d) => [d.generated_by, d.sent_by, d.declined_by]),
  );
  return docs.map((d) => documentView(d, names));
};

/** The engagement's scope as the letters state it. */
export const letterScope = async (db: Kysely<DB>, e: EngagementRow): Promise<LetterScope> => {
  const subs = await listSubserviceOrgs(db, e.id);
  return {
    id: e.id,
    name: e.name,
    type: engagementType(e),
    asOfDate: e.as_of_date,
    periodStart: e.period_start,
    periodEnd: e.period_end,
    categories: parseCategories(e.categories),
    services: parseBoundary(e.boundary).services,
    subserviceOrgs: subs.map((s) => ({ name: s.name, method: s.method })),
  };
};

/** The firm, the organization, the approved quote and the partner who approved it. */
export const engagementLetterFacts = async (db: Kysely<DB>, e: EngagementRow) => {
  const [firm, org, quote] = await Promise.all([
    db
      .selectFrom("firms")
      .select(["name", "registration_number", "city", "country"])
      .where("id", "=", e.firm_id)
      .executeTakeFirst(),
    db
      .selectFrom("organizations")
      .select(["name", "city", "country"])
      .where("id", "=", e.org_id)
      .executeTakeFirst(),
    findApprovedQuote(db, e.id),
  ]);
  if (!firm || !org) throw notFound("Engagement");
  if (!quote) {
    throw new AppError(
      "GUARD_FAILED",
      "The engagement letter states the fee of the approved quote, and no quote is approved yet. A partner approves the quote on the engagement's Quote tab first.",
      { failures: [{ guard: "quote-approved", message: "No approved quote." }] },
    );
  }
  const partner = quote.approved_by
    ? await db.selectFrom("users").select("name").where("id", "=", quote.approved_by).executeTakeFirst()
    : undefined;
  const result = JSON.parse(quote.result) as QuoteResult;
  return {
    firm: {
      name: firm.name,
      registrationNumber: firm.registration_number,
      city: firm.city,
      country: firm.country,
      partner: partner?.name ?? null,
    },
    organization: { name: org.name, city: org.city, country: org.country },
    fee: { currency: quote.currency, total: Number(quote.total), phases: result.fees },
    quoteId: quote.id,
  };
};

/** Exceptions by number and the incidents the description discloses, for the representation letter. */
export const representationFacts = async (
  db: Kysely<DB>,
  e: EngagementRow,
): Promise<Omit<RepresentationLetterInput, "engagement" | "letterDate" | "version">> => {
  const [firm, org, exceptions, descriptionRow] = await Promise.all([
    db.selectFrom("firms").select("name").where("id", "=", e.firm_id).executeTakeFirst(),
    db.selectFrom("organizations").select("name").where("id", "=", e.org_id).executeTakeFirst(),
    listEngagementExceptions(db, e.id),
    findSystemDescription(db, e.id),
  ]);
  if (!firm || !org) throw notFound("Engagement");
  const d = descriptionRow
    ? SystemDescriptionSchema.parse(JSON.parse(descriptionRow.content))
    : emptySystemDescription();
  return {
    firm: { name: firm.name },
    organization: { name: org.name },
    exceptions: exceptions.map((x) => ({
      ref: formatExceptionRef(x.seq),
      control: x.control_code,
      summary: x.description,
    })),
    incidents: d.noIncidents ? [] : d.incidents.map((i) => ({ date: i.date, nature: i.nature })),
    cuecCount: d.noCuecs ? 0 : d.cuecs.length,
  };
};
