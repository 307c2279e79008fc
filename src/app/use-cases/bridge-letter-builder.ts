/**
 * What the bridge-letter builder shows before the organization admin issues (issue 5 §4, §7): the
 * covered report, the dates the letter may cover today (src/core/report-currency.ts agrees with the
 * core letter rules), the organization's records of the gap that the letter includes on its own, the
 * complementary user entity controls it reminds of, and the letters already issued; then a preview of
 * the letter exactly as it would be issued. Nothing is stored.
 */
import { AppError } from "../../core/errors.js";
import { bridgeLetterWindow } from "../../core/report-currency.js";
import { emptySystemDescription, SystemDescriptionSchema } from "../../core/system-description.js";
import { listEngagementReports } from "../../db/repositories/reports.js";
import { findSystemDescription } from "../../db/repositories/system-descriptions.js";
import type { Actor } from "../actor.js";
import { requireEngagementRole, requireUser } from "../authz.js";
import { type Deps, todayIso } from "../deps.js";
import { gapRecords } from "./bridge-letter-records.js";
import {
  type BridgeLetterRequest,
  coveredPeriodEnd,
  coveredSoc2Report,
  prepareBridgeLetter,
} from "./bridge-letters.js";
import { engagementType, loadEngagement } from "./engagement-model.js";
import { ISSUED_KIND_READERS, storedReportView } from "./soc3.js";

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The builder's starting point; `coversUntil` (optional) picks the gap whose records are listed. */
export const bridgeLetterDraft = async (
  deps: Deps,
  actor: Actor,
  engagementId: string,
  coversUntil?: string,
) => {
  const user = requireUser(actor);
  const e = await loadEngagement(deps, user, engagementId);
  requireEngagementRole(user, e, ISSUED_KIND_READERS, "see the engagement's bridge letters");
  const [reports, descriptionRow, firm, me] = await Promise.all([
    listEngagementReports(deps.db, e.id),
    findSystemDescription(deps.db, e.id),
    deps.db.selectFrom("firms").select("name").where("id", "=", e.firm_id).executeTakeFirst(),
    deps.db.selectFrom("users").select("name").where("id", "=", user.userId).executeTakeFirst(),
  ]);
  const signers = new Map(
    (
      await deps.db
        .selectFrom("users")
        .select(["id", "name"])
        .where("id", "in", ["", ...reports.map((r) => r.signed_by ?? "")])
        .execute()
    ).map((u) => [u.id, u.name]),
  );
  const issued = reports
    .filter((r) => r.kind === "bridge-letter" && r.status === "issued")
    .map((r) => ({
      ...storedReportView(r),
      signedBy: r.signed_by ? (signers.get(r.signed_by) ?? null) : null,
    }));
  const base = {
    engagement: { id: e.id, orgId: e.org_id, name: e.name, type: engagementType(e) },
    auditor: firm?.name ?? "",
    signerName: me?.name ?? "",
    issued,
  };
  let covered: ReturnType<typeof coveredSoc2Report>;
  try {
    covered = coveredSoc2Report(reports);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return {
      ...base,
      coveredReport: null,
      window: null,
      coversUntil: null,
      records: { changes: [], incidents: [] },
      cuecs: [],
      failures: [{ guard: "soc2-issued", message: error.message }],
    };
  }
  const periodEnd = coveredPeriodEnd(covered, e);
  const window = bridgeLetterWindow(periodEnd, todayIso(deps));
  const until = coversUntil && DATE.test(coversUntil) ? coversUntil : (window?.to ?? periodEnd);
  const d = descriptionRow
    ? SystemDescriptionSchema.parse(JSON.parse(descriptionRow.content))
    : emptySystemDescription();
  const failures = window
    ? []
    : [
        {
          guard: "window",
          message:
            "The report is no longer current or its period has not ended: there is no gap a letter may cover today.",
        },
      ];
  return {
    ...base,
    coveredReport: {
      id: covered.id,
      kind: covered.kind,
      version: Number(covered.version),
      periodStart: covered.kind === "soc2-type2" ? e.period_start : null,
      periodEnd,
      issuedOn: covered.signed_at ? covered.signed_at.slice(0, 10) : null,
    },
    window,
    coversUntil: until,
    records: await gapRecords(deps, e.org_id, d, periodEnd, until),
    cuecs: d.noCuecs ? [] : d.cuecs.map((c) => c.text),
    failures,
  };
};

/** The letter as it would be issued now, without storing it (organization admin). */
export const previewBridgeLetter = async (
  deps: Deps,
  actor: Actor,
  engagementId: string,
  request: BridgeLetterRequest,
) => {
  const user = requireUser(actor);
  const e = await loadEngagement(deps, user, engagementId);
  requireEngagementRole(user, e, ["org_admin"], "write a bridge letter for the organization's management");
  const { model, changes, incidents, version } = await prepareBridgeLetter(deps, e, request);
  return {
    version,
    letterhead: model.letterhead,
    date: model.date,
    title: model.title,
    blocks: model.blocks,
    signature: model.signature,
    footnote: model.footnote,
    changes,
    incidents,
  };
};
