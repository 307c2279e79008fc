/**
 * Fixed-price quotes on an engagement. Type, categories and period come from the engagement's
 * scope; the other cost drivers from the form. An approved quote is frozen: it keeps its inputs,
 * result and rate-card version, so a later rate-card change never alters it.
 */
import { z } from "zod";
import { DEFAULT_RATE_CARD } from "../../catalog/rate-cards.js";
import { AppError } from "../../core/errors.js";
import {
  CURRENCIES,
  computeQuote,
  HOSTING_MODELS,
  LEVELS,
  QUOTE_LIMITS,
  type QuoteResult,
} from "../../core/quote.js";
import { approveQuote, findQuote, insertQuote } from "../../db/repositories/engagements.js";
import type { QuoteRow } from "../../db/schema.js";
import type { Actor } from "../actor.js";
import { inTransaction, recordEvent } from "../audit.js";
import { requireEngagementRole, requireWrite } from "../authz.js";
import { type Deps, nowIso } from "../deps.js";
import { engagementType, loadEngagement, parseCategories, quotedPeriodMonths } from "./engagement-model.js";

const int = (l: { min: number; max: number; default: number }) =>
  z.number().int().min(l.min).max(l.max).default(l.default);

export const EngagementQuoteSchema = z.object({
  employees: int(QUOTE_LIMITS.employees),
  systems: int(QUOTE_LIMITS.systems),
  locations: int(QUOTE_LIMITS.locations),
  vendors: int(QUOTE_LIMITS.vendors),
  hosting: z.enum(HOSTING_MODELS).default("cloud"),
  maturity: z.enum(LEVELS).default("medium"),
  evidenceReadiness: z.enum(LEVELS).default("medium"),
  currency: z.enum(CURRENCIES).default("INR"),
});

export const quoteView = (q: QuoteRow) => ({
  id: q.id,
  status: q.status as "draft" | "approved",
  currency: q.currency,
  total: Number(q.total),
  costClass: q.cost_class,
  inputs: JSON.parse(q.inputs) as Record<string, unknown>,
  result: JSON.parse(q.result) as QuoteResult,
  rateCard: { id: q.rate_card_id, version: q.rate_card_version },
  approvedBy: q.approved_by,
  approvedAt: q.approved_at,
  createdAt: q.created_at,
});

export const createEngagementQuote = async (
  deps: Deps,
  actor: Actor,
  engagementId: string,
  input: z.infer<typeof EngagementQuoteSchema>,
) => {
  const user = requireWrite(actor);
  const row = await loadEngagement(deps, user, engagementId);
  requireEngagementRole(user, row, ["partner", "engagement_manager"], "prepare a quote");
  const inputs = {
    type: engagementType(row),
    categories: parseCategories(row.categories),
    periodMonths: quotedPeriodMonths(row),
    ...input,
  };
  const rateCard = DEFAULT_RATE_CARD;
  const result = computeQuote(inputs, rateCard);
  const quote: QuoteRow = {
    id: deps.newId(),
    firm_id: row.firm_id,
    org_id: row.org_id,
    engagement_id: row.id,
    inputs: JSON.stringify(inputs),
    result: JSON.stringify(result),
    rate_card_id: rateCard.id,
    rate_card_version: rateCard.version,
    currency: result.currency,
    total: result.total,
    cost_class: result.costClass,
    status: "draft",
    approved_by: null,
    approved_at: null,
    created_by: user.userId,
    created_at: nowIso(deps),
  };
  await inTransaction(deps, async (trx) => {
    await insertQuote(trx, quote);
    await recordEvent(trx, deps, actor, {
      action: "quote.created",
      targetType: "quote",
      targetId: quote.id,
      firmId: row.firm_id,
      orgId: row.org_id,
      engagementId: row.id,
      after: {
        total: result.total,
        currency: result.currency,
        costClass: result.costClass,
        rateCard: rateCard.version,
      },
    });
  });
  return quoteView(quote);
};

export const approveEngagementQuote = async (
  deps: Deps,
  actor: Actor,
  engagementId: string,
  quoteId: string,
) => {
  const user = requireWrite(actor);
  const row = await loadEngagement(deps, user, engagementId);
  requireEngagementRole(user, row, ["partner"], "approve a quote");
  return inTransaction(deps, async (trx) => {
    const quote = await findQuote(trx, row.id, quoteId);
    if (!quote) throw new AppError("NOT_FOUND", "Quote was not found on this engagement.");
    if (quote.status === "approved")
      throw new AppError("CONFLICT", "This quote is already approved and frozen.");
    const at = nowIso(deps);
    const r = await approveQuote(trx, quote.id, user.userId, at);
    if (Number(r.numUpdatedRows) !== 1)
      throw new AppError("CONFLICT", "This quote was approved by someone else.");
    await recordEvent(trx, deps, actor, {
      action: "quote.approved",
      targetType: "quote",
      targetId: quote.id,
      firmId: row.firm_id,
      orgId: row.org_id,
      engagementId: row.id,
      before: { status: "draft" },
      after: { status: "approved", total: Number(quote.total), currency: quote.currency },
    });
    return quoteView({ ...quote, status: "approved", approved_by: user.userId, approved_at: at });
  });
};
