/**
 * The SOC 2 report's input snapshot and its rendered-ready model (SOC2.md §2). The input is plain data
 * gathered by the app layer (no database here); the model is an ordered list of sections of simple
 * blocks, so any renderer (PDF today) only lays out what the model already decided to say.
 */
import type { CategoryCode } from "./criteria.js";
import type { OpinionAdvice } from "./opinion.js";
import type { SystemDescription } from "./system-description.js";

export type ReportType = "type1" | "type2";
export type TestMethod = "inquiry" | "inspection" | "observation" | "reperformance";

export interface ReportFirm {
  readonly name: string;
  readonly city: string;
  /** Licence or registration of the firm, e.g. "CPA firm licence 12345 (State of New York)". */
  readonly licence: string;
  /** Latest peer review, e.g. "Peer review passed, 2025". */
  readonly peerReview?: string;
  readonly partner: { readonly name: string; readonly licenceNumber: string };
}

export interface ReportOrganization {
  readonly name: string;
  /** The name of the system described, e.g. "PayRail payment processing platform". */
  readonly systemName: string;
  /** One line on the services, used on the cover and in the scope. */
  readonly services: string;
  /** Who signs management's assertion. */
  readonly assertionSigner: { readonly name: string; readonly title: string };
}

export interface ReportEngagement {
  readonly id: string;
  readonly type: ReportType;
  /** Type 1: the "as of" date (YYYY-MM-DD). */
  readonly asOfDate?: string;
  /** Type 2: the period (YYYY-MM-DD). */
  readonly periodStart?: string;
  readonly periodEnd?: string;
  /** Categories in scope; Security ("CC") is always included. */
  readonly categories: readonly CategoryCode[];
}

export interface ReportSubservice {
  readonly id: string;
  readonly name: string;
  readonly services: string;
  readonly method: "carve-out" | "inclusive";
}

export interface ReportCriterion {
  readonly id: string;
  /** Our short title (src/catalog/criteria.ts), never the AICPA text. */
  readonly title: string;
}

export interface ReportTest {
  readonly method: TestMethod;
  /** What the auditor did, in the auditor's words. */
  readonly procedure: string;
  /** Size of the population; null when not applicable (inquiry, a configuration inspected once). */
  readonly populationSize: number | null;
  /** Items tested, or "entire-population" for a full-population test. Null for inquiry. */
  readonly sampleSize: number | "entire-population" | null;
  /** Refs of the deviations this test found; none means "No exceptions noted." */
  readonly deviationRefs?: readonly string[];
}

export interface ReportDeviation {
  /** A unique reference, e.g. "EX-03". */
  readonly ref: string;
  readonly description: string;
  /** n of m: items that deviated out of items tested. */
  readonly deviations: number;
  readonly tested: number;
  readonly classification: "isolated" | "systematic";
}

export interface ReportControl {
  readonly code: string;
  readonly title: string;
  /** Management's description of the control. */
  readonly description: string;
  readonly criteria: readonly string[];
  /** Type 2 only: the auditor's tests and the deviations found. */
  readonly tests?: readonly ReportTest[];
  readonly deviations?: readonly ReportDeviation[];
  /**
   * Type 2 drafts only: the control's testing is not finished at the draft's date, so it has no
   * tests yet and the report says so. A final report refuses it.
   */
  readonly testingNotCompleted?: boolean;
}

export interface ReportManagementResponse {
  readonly deviationRef: string;
  readonly response: string;
  readonly respondent?: string;
}

export interface ReportOpinion {
  readonly kind: OpinionAdvice;
  /** Required for every modified opinion: the matter that led to it. */
  readonly basis?: string;
}

export interface ReportInput {
  readonly firm: ReportFirm;
  readonly organization: ReportOrganization;
  readonly engagement: ReportEngagement;
  readonly description: SystemDescription;
  readonly subserviceOrgs: readonly ReportSubservice[];
  readonly criteria: readonly ReportCriterion[];
  readonly controls: readonly ReportControl[];
  readonly managementResponses: readonly ReportManagementResponse[];
  /** Further paragraphs management adds to Section V (roadmap, context). */
  readonly otherInformation?: readonly string[];
  readonly opinion: ReportOpinion;
  readonly report: { readonly version: number; readonly date: string; readonly draft: boolean };
}

// ---- The model ----

export type SectionId = "I" | "II" | "III" | "IV" | "V";

export interface TableColumn {
  readonly header: string;
  /** Relative width. */
  readonly width: number;
}

export interface ControlTestRow {
  readonly method: string;
  readonly procedure: string;
  readonly tested: string;
  readonly result: string;
}

export type ReportBlock =
  | { readonly kind: "heading"; readonly text: string }
  | { readonly kind: "paragraph"; readonly text: string; readonly emphasis?: boolean }
  | { readonly kind: "list"; readonly items: readonly string[] }
  | {
      readonly kind: "table";
      readonly columns: readonly TableColumn[];
      readonly rows: readonly (readonly string[])[];
    }
  | {
      readonly kind: "control";
      readonly code: string;
      readonly title: string;
      readonly description: string;
      readonly criteria: readonly string[];
      /** Type 2 only. */
      readonly tests?: readonly ControlTestRow[];
      readonly deviations?: readonly string[];
    }
  | { readonly kind: "signature"; readonly lines: readonly string[] };

export interface ReportSection {
  readonly id: SectionId;
  readonly title: string;
  readonly blocks: readonly ReportBlock[];
}

export interface ReportModel {
  readonly meta: {
    readonly title: string;
    readonly author: string;
    readonly subject: string;
    readonly keywords: readonly string[];
    /** ISO timestamp derived from the report date, so the same input renders the same bytes. */
    readonly creationDate: string;
    readonly engagementId: string;
    readonly version: number;
    readonly draft: boolean;
  };
  /** Running header: organization, report type, period. */
  readonly header: { readonly organization: string; readonly reportKind: string; readonly period: string };
  readonly cover: {
    readonly title: string;
    readonly organization: string;
    readonly system: string;
    readonly periodLine: string;
    readonly categories: string;
    readonly firm: string;
    readonly lines: readonly string[];
  };
  readonly sections: readonly ReportSection[];
}
