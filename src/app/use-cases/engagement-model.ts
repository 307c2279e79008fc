/** Turning stored engagement rows into the shapes use-cases and the API work with. */
import type { CategoryCode } from "../../core/criteria.js";
import { notFound } from "../../core/errors.js";
import { type EngagementFacts, STAGES, type Stage } from "../../core/lifecycle.js";
import { validateEngagementPeriod } from "../../core/scoping.js";
import { findVisibleEngagement } from "../../db/repositories/engagements.js";
import type { EngagementRow } from "../../db/schema.js";
import type { UserActor } from "../actor.js";
import { scopeOf } from "../authz.js";
import type { Deps } from "../deps.js";

export interface ServiceHandles {
  personalData: boolean;
  transactionProcessing: boolean;
  uptimeCommitments: boolean;
  confidentialClientData: boolean;
}

export interface SystemBoundary {
  services: string[];
  infrastructure: string[];
  locations: string[];
  handles: ServiceHandles;
}

export const EMPTY_HANDLES: ServiceHandles = {
  personalData: false,
  transactionProcessing: false,
  uptimeCommitments: false,
  confidentialClientData: false,
};

export const parseBoundary = (json: string): SystemBoundary => {
  const raw = JSON.parse(json) as Partial<SystemBoundary>;
  return {
    services: raw.services ?? [],
    infrastructure: raw.infrastructure ?? [],
    locations: raw.locations ?? [],
    handles: { ...EMPTY_HANDLES, ...(raw.handles ?? {}) },
  };
};

export const parseCategories = (json: string): CategoryCode[] => JSON.parse(json) as CategoryCode[];

export const engagementType = (row: Pick<EngagementRow, "type">): "type1" | "type2" =>
  row.type === "type1" ? "type1" : "type2";

export const engagementStage = (row: Pick<EngagementRow, "stage">): Stage =>
  (STAGES as readonly string[]).includes(row.stage) ? (row.stage as Stage) : "scoping";

export const periodCheckOf = (row: EngagementRow) =>
  validateEngagementPeriod({
    type: engagementType(row),
    firstReport: row.first_report === 1,
    ...(row.as_of_date ? { asOfDate: row.as_of_date } : {}),
    ...(row.period_start ? { periodStart: row.period_start } : {}),
    ...(row.period_end ? { periodEnd: row.period_end } : {}),
  });

/** Whole months of a Type 2 period for quoting (3–12), or 12 when unknown. */
export const quotedPeriodMonths = (row: EngagementRow): number => {
  const months = periodCheckOf(row).months;
  if (months === null) return 12;
  return Math.min(12, Math.max(3, Math.round(months)));
};

export interface StoredFacts {
  readonly quoteApproved: boolean;
  readonly subserviceCount: number;
  readonly systemDescriptionComplete: boolean;
  readonly controlsInScope: number;
  /** A version of the audit program is approved (the current one). */
  readonly auditProgramApproved: boolean;
  /** From workpapers and exceptions (countFieldworkFacts in src/db/repositories/workpapers.ts). */
  readonly controlsDesignAssessed: number;
  readonly controlsConcluded: number;
  readonly workpapersAwaitingReview: number;
  readonly exceptionsOpen: number;
  readonly exceptionsWithoutResponse: number;
  /** From the reports (countReportFacts in src/db/repositories/reports.ts). */
  readonly draftSharedWithClient: boolean;
  readonly draftCommentsOpen: number;
  readonly reportIssued: boolean;
  /** Management accepted the representation letter (src/app/use-cases/engagement-documents.ts). */
  readonly representationLetterSigned: boolean;
}

/** The lifecycle facts of an engagement from its row and the counts stored elsewhere. */
export const factsFor = (row: EngagementRow, stored: StoredFacts, today: string): EngagementFacts => {
  const type = engagementType(row);
  const boundary = parseBoundary(row.boundary);
  return {
    type,
    stage: engagementStage(row),
    today,
    periodValid: periodCheckOf(row).ok,
    periodEnd: type === "type1" ? row.as_of_date : row.period_end,
    categoriesIncludeSecurity: parseCategories(row.categories).includes("CC"),
    servicesInScope: boundary.services.length,
    quoteApproved: stored.quoteApproved,
    engagementLetterSigned: row.engagement_letter_signed_at !== null,
    auditProgramApproved: stored.auditProgramApproved,
    systemDescriptionComplete: stored.systemDescriptionComplete,
    controlsInScope: stored.controlsInScope,
    controlsDesignAssessed: stored.controlsDesignAssessed,
    controlsConcluded: stored.controlsConcluded,
    workpapersAwaitingReview: stored.workpapersAwaitingReview,
    exceptionsOpen: stored.exceptionsOpen,
    exceptionsWithoutResponse: stored.exceptionsWithoutResponse,
    draftCommentsOpen: stored.draftCommentsOpen,
    draftSharedWithClient: stored.draftSharedWithClient,
    representationLetterSigned: stored.representationLetterSigned,
    reportIssued: stored.reportIssued,
  };
};

/** The engagement if the actor can see it (through the firm or the organization); NOT_FOUND otherwise. */
export const loadEngagement = async (deps: Deps, actor: UserActor, id: string): Promise<EngagementRow> => {
  const row = await findVisibleEngagement(deps.db, id, scopeOf(actor));
  if (!row) throw notFound("Engagement");
  return row;
};
