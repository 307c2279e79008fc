/**
 * The firm's public page: a prospect answers a short scoping questionnaire, sees an indicative
 * fixed-price quote and asks for a scoping meeting. A partner converts the enquiry into a client
 * and a draft engagement.
 */
import { z } from "zod";
import { DEFAULT_RATE_CARD } from "../../catalog/rate-cards.js";
import { CATEGORY_CODES } from "../../core/criteria.js";
import { AppError, notFound } from "../../core/errors.js";
import { computeQuote, QuoteInputSchema, type QuoteResult } from "../../core/quote.js";
import { isSector, recommendCategories, SECTORS } from "../../core/scoping.js";
import { insertEngagement } from "../../db/repositories/engagements.js";
import {
  findFirmEnquiry,
  insertEnquiry,
  listFirmEnquiries,
  updateEnquiry,
} from "../../db/repositories/enquiries.js";
import { hitRateLimit } from "../../db/repositories/sessions.js";
import { findFirmBySlug, insertOrganization } from "../../db/repositories/tenants.js";
import type { EnquiryRow } from "../../db/schema.js";
import type { Actor } from "../actor.js";
import { inTransaction, recordEvent } from "../audit.js";
import { requireFirmRole, requireUser, requireWrite, scopeOf } from "../authz.js";
import { type Deps, nowIso } from "../deps.js";
import { deliverEmails, notifyUsers, usersWithRoles } from "../notify.js";
import { EMPTY_HANDLES } from "./engagement-model.js";

const HandlesSchema = z.object({
  personalData: z.boolean().default(false),
  transactionProcessing: z.boolean().default(false),
  uptimeCommitments: z.boolean().default(false),
  confidentialClientData: z.boolean().default(false),
});

const SectorSchema = z.enum(SECTORS.map((s) => s.id) as unknown as [string, ...string[]]);

export const PublicQuoteSchema = QuoteInputSchema.extend({
  sector: SectorSchema.default("other"),
  handles: HandlesSchema.default(EMPTY_HANDLES),
});
export type PublicQuoteInput = z.input<typeof PublicQuoteSchema>;

export const SubmitEnquirySchema = z.object({
  company: z.string().trim().min(1).max(200),
  contactName: z.string().trim().min(1).max(200),
  email: z.email().max(320),
  phone: z.string().trim().max(40).optional(),
  city: z.string().trim().max(100).optional(),
  answers: PublicQuoteSchema,
  requestMeeting: z.boolean().default(true),
  meetingNote: z.string().trim().max(2000).optional(),
});

const loadPublicFirm = async (deps: Deps, slug: string) => {
  const firm = await findFirmBySlug(deps.db, slug);
  if (!firm) throw notFound("Firm");
  return firm;
};

export const getPublicFirm = async (deps: Deps, slug: string) => {
  const firm = await loadPublicFirm(deps, slug);
  return {
    firm: {
      name: firm.name,
      slug: firm.slug,
      city: firm.city,
      country: firm.country,
      registrationNumber: firm.registration_number,
      defaultCurrency: firm.default_currency,
    },
    sectors: SECTORS,
    categories: CATEGORY_CODES,
  };
};

const priceAnswers = (answers: z.output<typeof PublicQuoteSchema>) => {
  const { sector, handles, ...quoteInput } = answers;
  const quote = computeQuote(quoteInput, DEFAULT_RATE_CARD);
  const recommendations = recommendCategories({ sector: isSector(sector) ? sector : "other", handles });
  return { quote, recommendations };
};

export const previewPublicQuote = async (
  deps: Deps,
  slug: string,
  answers: z.output<typeof PublicQuoteSchema>,
) => {
  await loadPublicFirm(deps, slug);
  return priceAnswers(answers);
};

const enquiryView = (e: EnquiryRow) => ({
  id: e.id,
  company: e.company,
  contactName: e.contact_name,
  email: e.email,
  phone: e.phone,
  sector: e.sector,
  city: e.city,
  answers: JSON.parse(e.answers) as Record<string, unknown>,
  quote: JSON.parse(e.quote) as QuoteResult,
  status: e.status,
  meetingRequestedAt: e.meeting_requested_at,
  meetingNote: e.meeting_note,
  convertedOrgId: e.converted_org_id,
  convertedEngagementId: e.converted_engagement_id,
  createdAt: e.created_at,
});

export type EnquiryView = ReturnType<typeof enquiryView>;

export const submitEnquiry = async (
  deps: Deps,
  actor: Actor,
  slug: string,
  input: z.output<typeof SubmitEnquirySchema>,
) => {
  const firm = await loadPublicFirm(deps, slug);
  const ip = actor.kind === "public" ? actor.ip : null;
  const hour = new Date(Math.floor(deps.clock().getTime() / 3_600_000) * 3_600_000).toISOString();
  if ((await hitRateLimit(deps.db, `enquiry:${ip ?? "unknown"}`, hour)) > 10) {
    throw new AppError(
      "RATE_LIMITED",
      "Too many enquiries from this address in the last hour. Please try again later.",
    );
  }
  const { quote } = priceAnswers(input.answers);
  const now = nowIso(deps);
  const row: EnquiryRow = {
    id: deps.newId(),
    firm_id: firm.id,
    company: input.company,
    contact_name: input.contactName,
    email: input.email.toLowerCase(),
    phone: input.phone ?? null,
    sector: input.answers.sector,
    city: input.city ?? null,
    answers: JSON.stringify(input.answers),
    quote: JSON.stringify(quote),
    status: "new",
    meeting_requested_at: input.requestMeeting ? now : null,
    meeting_note: input.meetingNote ?? null,
    converted_org_id: null,
    converted_engagement_id: null,
    created_at: now,
    updated_at: now,
  };
  const notificationIds = await inTransaction(deps, async (trx) => {
    await insertEnquiry(trx, row);
    await recordEvent(trx, deps, actor, {
      action: "enquiry.received",
      targetType: "enquiry",
      targetId: row.id,
      firmId: firm.id,
      after: { company: row.company, sector: row.sector, total: quote.total, currency: quote.currency },
    });
    const recipients = await usersWithRoles(trx, "firm", firm.id, ["partner", "firm_admin"]);
    return notifyUsers(trx, deps, recipients, {
      kind: "enquiry.received",
      title: `New enquiry from ${row.company}`,
      body: `${row.contact_name} (${row.email}) asked for a ${input.answers.type === "type1" ? "Type 1" : "Type 2"} quote; indicative fee ${quote.currency} ${quote.total.toLocaleString("en-IN")}.${input.requestMeeting ? " They asked for a scoping meeting." : ""}`,
      link: `/enquiries?open=${row.id}`,
      firmId: firm.id,
    });
  });
  await deliverEmails(deps, notificationIds);
  return { id: row.id, quote };
};

export const listEnquiries = async (deps: Deps, actor: Actor, firmId: string) => {
  const user = requireUser(actor);
  requireFirmRole(user, firmId, ["firm_admin", "partner", "engagement_manager"], "Firm", "see enquiries");
  return (await listFirmEnquiries(deps.db, firmId)).map(enquiryView);
};

const loadEnquiry = async (deps: Deps, actor: Actor, id: string) => {
  const user = requireWrite(actor);
  const enquiry = await findFirmEnquiry(deps.db, scopeOf(user).firmIds, id);
  if (!enquiry) throw notFound("Enquiry");
  return { user, enquiry };
};

/** A partner turns an enquiry into a client organization and a draft engagement in Scoping. */
export const convertEnquiry = async (deps: Deps, actor: Actor, id: string) => {
  const { user, enquiry } = await loadEnquiry(deps, actor, id);
  requireFirmRole(user, enquiry.firm_id, ["partner"], "Enquiry", "convert an enquiry into a client");
  if (enquiry.status === "converted") throw new AppError("CONFLICT", "This enquiry was already converted.");
  const answers = PublicQuoteSchema.parse(JSON.parse(enquiry.answers));
  const orgId = deps.newId();
  const engagementId = deps.newId();
  const now = nowIso(deps);
  const name = `${enquiry.company} SOC 2 ${answers.type === "type1" ? "Type 1" : "Type 2"}`;
  await inTransaction(deps, async (trx) => {
    await insertOrganization(trx, {
      id: orgId,
      firm_id: enquiry.firm_id,
      name: enquiry.company,
      sector: enquiry.sector,
      employees: answers.employees,
      city: enquiry.city,
      country: "India",
      website: null,
      created_at: now,
    });
    await insertEngagement(trx, {
      id: engagementId,
      firm_id: enquiry.firm_id,
      org_id: orgId,
      name,
      type: answers.type,
      as_of_date: null,
      period_start: null,
      period_end: null,
      first_report: 1,
      categories: JSON.stringify(answers.categories),
      stage: "scoping",
      boundary: JSON.stringify({ services: [], infrastructure: [], locations: [], handles: answers.handles }),
      engagement_letter_signed_at: null,
      previous_engagement_id: null,
      created_by: user.userId,
      created_at: now,
      updated_at: now,
    });
    await updateEnquiry(trx, enquiry.id, {
      status: "converted",
      converted_org_id: orgId,
      converted_engagement_id: engagementId,
      updated_at: now,
    });
    const common = { firmId: enquiry.firm_id, orgId };
    await recordEvent(trx, deps, actor, {
      ...common,
      action: "organization.created",
      targetType: "organization",
      targetId: orgId,
      after: { name: enquiry.company, sector: enquiry.sector, fromEnquiry: enquiry.id },
    });
    await recordEvent(trx, deps, actor, {
      ...common,
      engagementId,
      action: "engagement.created",
      targetType: "engagement",
      targetId: engagementId,
      after: { name, type: answers.type, categories: answers.categories, stage: "scoping" },
    });
    await recordEvent(trx, deps, actor, {
      ...common,
      action: "enquiry.converted",
      targetType: "enquiry",
      targetId: enquiry.id,
      before: { status: enquiry.status },
      after: { status: "converted", organizationId: orgId, engagementId },
    });
  });
  return { organizationId: orgId, engagementId };
};

export const declineEnquiry = async (deps: Deps, actor: Actor, id: string, reason: string) => {
  const { user, enquiry } = await loadEnquiry(deps, actor, id);
  requireFirmRole(user, enquiry.firm_id, ["partner", "firm_admin"], "Enquiry", "decline an enquiry");
  if (enquiry.status !== "new") throw new AppError("CONFLICT", `This enquiry is already ${enquiry.status}.`);
  await inTransaction(deps, async (trx) => {
    await updateEnquiry(trx, enquiry.id, { status: "declined", updated_at: nowIso(deps) });
    await recordEvent(trx, deps, actor, {
      action: "enquiry.declined",
      targetType: "enquiry",
      targetId: enquiry.id,
      firmId: enquiry.firm_id,
      before: { status: enquiry.status },
      after: { status: "declined" },
      note: reason,
    });
  });
};
