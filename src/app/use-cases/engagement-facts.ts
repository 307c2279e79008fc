/** Gathers the lifecycle facts of an engagement from the database (the core decides with them). */
import type { Kysely } from "kysely";
import type { EngagementFacts } from "../../core/lifecycle.js";
import { hasApprovedProgram } from "../../db/repositories/audit-programs.js";
import { listOrgControls } from "../../db/repositories/controls.js";
import { hasAcceptedDocument } from "../../db/repositories/engagement-documents.js";
import { findApprovedQuote } from "../../db/repositories/engagements.js";
import { countReportFacts } from "../../db/repositories/reports.js";
import { countFieldworkFacts } from "../../db/repositories/workpapers.js";
import type { DB, EngagementRow } from "../../db/schema.js";
import { engagementType, factsFor } from "./engagement-model.js";
import { describeCompleteness } from "./system-description.js";

export const loadEngagementFacts = async (
  db: Kysely<DB>,
  row: EngagementRow,
  today: string,
): Promise<EngagementFacts> => {
  const [approved, description, controls, programApproved, fieldwork, reports, representation] =
    await Promise.all([
      findApprovedQuote(db, row.id),
      describeCompleteness(db, row),
      listOrgControls(db, row.org_id),
      hasApprovedProgram(db, row.id),
      countFieldworkFacts(db, row.id, engagementType(row)),
      countReportFacts(db, row.id),
      hasAcceptedDocument(db, row.id, "representation-letter", today),
    ]);
  return factsFor(
    row,
    {
      quoteApproved: approved !== undefined,
      subserviceCount: description.subserviceOrgs.length,
      systemDescriptionComplete: description.complete,
      controlsInScope: controls.filter((c) => c.status !== "not_applicable").length,
      auditProgramApproved: programApproved,
      ...fieldwork,
      ...reports,
      representationLetterSigned: representation,
    },
    today,
  );
};
