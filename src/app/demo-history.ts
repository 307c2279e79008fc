/**
 * The demo's history, loaded on first start through the same use-cases as real work (so the audit
 * trail is real too):
 * - Paysetu's previous examination, "Paysetu SOC 2 Type 2 CY 2025": a Security-only scope of 21
 *   controls that together address every Security criterion, an approved program, one control
 *   sampled from the 2025 access-request population with a deviation that management answered, the
 *   rest tested once and concluded, every workpaper reviewed, an unmodified opinion, a draft the
 *   organization commented on, the representation letter accepted, the report issued and signed
 *   with the firm's certificate, and its SOC 3 published on Paysetu's trust portal. The report is
 *   current until 31 December 2026, so the currency warnings show.
 * - A second client, Kirana Ledger (Bengaluru), with a Type 1 examination at the Issuance stage and
 *   every issuance guard holding, waiting for the partner to sign.
 * It runs before the current engagement (FY 2026-27) is created, so that one stays the newest.
 */
import { Readable } from "node:stream";
import type { Actor, UserActor } from "./actor.js";
import { demoActor } from "./demo-actor.js";
import { acceptDemoRepresentationLetter } from "./demo-engagement-documents.js";
import {
  accessRequests2025,
  DRAFT_COMMENT_2025,
  EXCEPTION_2025,
  KIRANA,
  KIRANA_ADMIN,
  kiranaDescription,
  LATE_APPROVAL_REQUEST,
  PAYSETU_2025,
  paysetu2025Description,
  SAMPLE_SEED,
  SAMPLED_CONTROL,
  SECURITY_CORE_CONTROLS,
} from "./demo-history-data.js";
import type { Deps } from "./deps.js";
import { getJob, runNextJob } from "./jobs.js";
import { generateProgram } from "./use-cases/audit-program.js";
import { updateProgramLine } from "./use-cases/audit-program-lines.js";
import { approveProgram } from "./use-cases/audit-program-versions.js";
import { adoptControls } from "./use-cases/controls.js";
import {
  addSubserviceOrg,
  createEngagement,
  recordEngagementLetter,
  updateEngagementScope,
} from "./use-cases/engagements.js";
import type { UploadPart } from "./use-cases/evidence-model.js";
import {
  decideOnResponse,
  listExceptions,
  respondToException,
  updateException,
} from "./use-cases/exceptions.js";
import { moveEngagementStage } from "./use-cases/move-stage.js";
import { decideOpinion } from "./use-cases/opinion.js";
import { createPopulation, uploadPopulationFile } from "./use-cases/populations.js";
import { approveEngagementQuote, createEngagementQuote } from "./use-cases/quotes.js";
import { addReportComment, buildDraftReport, resolveComment } from "./use-cases/reports.js";
import { issueDemoReport } from "./use-cases/reports-issue.js";
import { startSample } from "./use-cases/samples.js";
import { issueSoc3 } from "./use-cases/soc3.js";
import { getSystemDescription, saveSystemDescription } from "./use-cases/system-description.js";
import { createOrganization, grantRole } from "./use-cases/tenants.js";
import { recordResults } from "./use-cases/workpaper-results.js";
import { prepareWorkpaper, reviewWorkpaper } from "./use-cases/workpaper-signoff.js";
import { getWorkpaper, openWorkpaper, updateWorkpaper } from "./use-cases/workpapers.js";

export interface HistoryDemoContext {
  readonly firmId: string;
  /** Paysetu, the demo's first client. */
  readonly orgId: string;
  /** The demo users' password, for the second client's admin. */
  readonly password: string;
}

interface Team {
  readonly partner: UserActor;
  readonly manager: UserActor;
  readonly staff: UserActor;
}

type Stage = Parameters<typeof moveEngagementStage>[3]["to"];

const moveThrough = async (deps: Deps, actor: Actor, engagementId: string, stages: readonly Stage[]) => {
  for (const to of stages) await moveEngagementStage(deps, actor, engagementId, { to });
};

/** Scope, subservice organizations (carve-out), an approved fixed-price quote and the signed letter. */
const setUpEngagement = async (
  deps: Deps,
  team: Team,
  engagementId: string,
  input: {
    scope: Parameters<typeof updateEngagementScope>[3];
    subservice: readonly { name: string; service: string }[];
    quote: { employees: number; systems: number; locations: number; vendors: number };
  },
): Promise<string[]> => {
  await updateEngagementScope(deps, team.manager, engagementId, input.scope);
  const ids: string[] = [];
  for (const s of input.subservice) {
    await addSubserviceOrg(deps, team.manager, engagementId, { ...s, method: "carve-out" });
    const row = await deps.db
      .selectFrom("subservice_orgs")
      .select("id")
      .where("engagement_id", "=", engagementId)
      .where("name", "=", s.name)
      .executeTakeFirstOrThrow();
    ids.push(row.id);
  }
  const quote = await createEngagementQuote(deps, team.manager, engagementId, {
    ...input.quote,
    hosting: "cloud",
    maturity: "medium",
    evidenceReadiness: "medium",
    currency: "INR",
  });
  await approveEngagementQuote(deps, team.partner, engagementId, quote.id);
  await recordEngagementLetter(deps, team.partner, engagementId);
  await moveThrough(deps, team.partner, engagementId, ["audit_program"]);
  return ids;
};

/** Results for every item and attribute, a conclusion, the preparer's and the reviewer's sign-off. */
const concludeWorkpaper = async (
  deps: Deps,
  team: Team,
  workpaperId: string,
  input: {
    result: (itemLabel: string, attributeIndex: number) => "pass" | "fail" | "na";
    note: string;
    conclusion: "effective" | "effective-with-exceptions";
    conclusionNote: string;
  },
  /** Runs between the results and the conclusion (the exception's classification and response). */
  afterResults: () => Promise<void> = async () => {},
) => {
  const wp = (await getWorkpaper(deps, team.staff, workpaperId)).workpaper;
  await recordResults(deps, team.staff, wp.id, {
    cells: wp.items.flatMap((item) =>
      wp.attributes.map((a, i) => ({
        itemKey: item.key,
        attributeId: a.id,
        result: input.result(`${item.label} ${JSON.stringify(item.values ?? {})}`, i),
        note: input.note,
      })),
    ),
  });
  await afterResults();
  await updateWorkpaper(deps, team.staff, wp.id, {
    conclusion: input.conclusion,
    conclusionNote: input.conclusionNote,
  });
  await prepareWorkpaper(deps, team.staff, wp.id);
  await reviewWorkpaper(deps, team.manager, wp.id);
};

/** Runs queued jobs to the end and returns the result of `jobId`. */
const finish = async (deps: Deps, actor: UserActor, jobId: string): Promise<Record<string, unknown>> => {
  while (await runNextJob(deps, "demo-loader")) {
    // until the queue is empty
  }
  const job = await getJob(deps, actor, jobId);
  if (job.status !== "succeeded") throw new Error(`demo job ${job.kind} ended ${job.status}: ${job.error}`);
  return job.result as Record<string, unknown>;
};

async function* csvParts(fileName: string, body: string): AsyncIterable<UploadPart> {
  yield {
    kind: "file",
    name: "file",
    filename: fileName,
    stream: Readable.from([Buffer.from(body, "utf8")]),
  };
}

/** The 2025 access requests imported and sampled (with a recorded seed) for IAM-04. */
const sampleAccessRequests = async (deps: Deps, team: Team, engagementId: string, controlId: string) => {
  const file = await uploadPopulationFile(
    deps,
    team.staff,
    engagementId,
    csvParts("jira-access-requests-2025.csv", accessRequests2025()),
  );
  const { job } = await createPopulation(deps, team.staff, engagementId, {
    fileSha256: file.fileSha256,
    fileName: file.fileName,
    controlId,
    name: "Access requests for joiners, 2025 (Jira)",
    periodStart: PAYSETU_2025.periodStart,
    periodEnd: PAYSETU_2025.periodEnd,
    mapping: { date: "granted_at", id: "request_id" },
    caMethod: "query",
    caSource:
      "Jira JQL project = ACC AND type = 'Access request' AND created >= 2025-01-01 AND created <= 2025-12-31, exported by the IT administrator on 2026-01-12 with the auditor watching; count agreed to the HRMS joiners report (42).",
  });
  const populationId = (await finish(deps, team.staff, job.id)).populationId as string;
  const sample = await startSample(deps, team.staff, populationId, { method: "random", seed: SAMPLE_SEED });
  return (await finish(deps, team.staff, sample.job.id)).sampleId as string;
};

/** The deviation of 2025: classified isolated with its cause, answered by management, accepted. */
const settleException = async (deps: Deps, team: Team, engagementId: string, orgAdmin: UserActor) => {
  const exception = (await listExceptions(deps, team.staff, engagementId)).exceptions[0];
  if (!exception) throw new Error("demo exception of 2025 missing");
  await updateException(deps, team.staff, exception.id, {
    cause: EXCEPTION_2025.cause,
    classification: "isolated",
    markers: [],
  });
  await respondToException(deps, orgAdmin, exception.id, {
    response: EXCEPTION_2025.response,
    remediation: EXCEPTION_2025.remediation,
    remediationDate: EXCEPTION_2025.remediationDate,
  });
  await decideOnResponse(deps, team.manager, exception.id, { decision: "accepted" });
};

/** Program lines of a Type 2: the sampled control keeps its rule; the others are tested once. */
const testPaysetu2025 = async (deps: Deps, team: Team, engagementId: string, orgAdmin: UserActor) => {
  const program = await generateProgram(deps, team.staff, engagementId);
  const lines = program.program?.lines ?? [];
  for (const line of lines.filter((l) => l.code !== SAMPLED_CONTROL)) {
    await updateProgramLine(deps, team.staff, engagementId, line.id, { sampleRule: { kind: "test-of-one" } });
  }
  await approveProgram(deps, team.manager, engagementId, {});
  for (const line of lines) {
    const sampled = line.code === SAMPLED_CONTROL;
    const sampleId = sampled ? await sampleAccessRequests(deps, team, engagementId, line.controlId) : null;
    const opened = await openWorkpaper(deps, team.staff, engagementId, {
      controlId: line.controlId,
      ...(sampleId ? { sampleId } : {}),
    });
    const late = (label: string) => label.includes(LATE_APPROVAL_REQUEST);
    if (
      sampled &&
      !opened.workpaper.items.some((item) => late(`${item.label} ${JSON.stringify(item.values)}`))
    ) {
      throw new Error(`demo sample of ${SAMPLED_CONTROL} does not hold ${LATE_APPROVAL_REQUEST}`);
    }
    const settle = sampled ? () => settleException(deps, team, engagementId, orgAdmin) : undefined;
    await concludeWorkpaper(
      deps,
      team,
      opened.workpaper.id,
      {
        result: (label, i) => (sampled && i === 0 && late(label) ? "fail" : "pass"),
        note: sampled
          ? "Agreed the Jira approval time stamps to the Okta assignment log."
          : "Inspected the configuration and one occurrence of the control during the period; it operated as described.",
        conclusion: sampled ? "effective-with-exceptions" : "effective",
        conclusionNote: sampled
          ? "One of the sampled requests was granted before approval; isolated, answered by management and remediated."
          : "The control operated effectively throughout the period.",
      },
      settle,
    );
  }
};

/** Opinion, draft (with the organization's comments resolved), representation letter, Issuance. */
const readyForIssuance = async (
  deps: Deps,
  team: Team,
  engagementId: string,
  orgAdmin: UserActor,
  comment: { location: string; body: string; resolution: string } | null,
) => {
  await decideOpinion(deps, team.partner, engagementId, {
    opinion: "unmodified",
    basis: "",
    scopeLimitation: "none",
  });
  const draft = await buildDraftReport(deps, team.staff, engagementId);
  if (comment) {
    const added = await addReportComment(deps, orgAdmin, draft.id, comment);
    await resolveComment(deps, team.manager, added.id, { resolution: comment.resolution });
  }
  await acceptDemoRepresentationLetter(deps, { engagementId, firmUser: team.manager, orgAdmin });
  await moveThrough(deps, team.partner, engagementId, ["issuance"]);
};

const saveDescription = async (
  deps: Deps,
  orgAdmin: UserActor,
  engagementId: string,
  content: Parameters<typeof saveSystemDescription>[3]["content"],
) => {
  const { revision } = await getSystemDescription(deps, orgAdmin, engagementId);
  await saveSystemDescription(deps, orgAdmin, engagementId, { revision, content });
};

const loadPaysetu2025 = async (deps: Deps, team: Team, ctx: HistoryDemoContext) => {
  const orgAdmin = await demoActor(deps, "compliance@paysetu.example");
  const { id } = await createEngagement(deps, team.manager, ctx.orgId, {
    name: PAYSETU_2025.name,
    type: "type2",
    periodStart: PAYSETU_2025.periodStart,
    periodEnd: PAYSETU_2025.periodEnd,
    firstReport: true,
    categories: ["CC"],
  });
  const [aws = "", okta = ""] = await setUpEngagement(deps, team, id, {
    scope: PAYSETU_2025.scope,
    subservice: [
      { name: "Amazon Web Services", service: "Cloud hosting (IaaS/PaaS) in ap-south-1" },
      { name: "Okta", service: "Workforce identity and single sign-on" },
    ],
    quote: PAYSETU_2025.quote,
  });
  await adoptControls(deps, orgAdmin, ctx.orgId, { libraryIds: [...SECURITY_CORE_CONTROLS] });
  await saveDescription(deps, orgAdmin, id, paysetu2025Description({ aws, okta }));
  await testPaysetu2025(deps, team, id, orgAdmin);
  await moveThrough(deps, team.manager, id, [
    "description_review",
    "design_assessment",
    "observation_period",
    "control_testing",
    "exceptions",
    "management_response",
    "draft_review",
  ]);
  await readyForIssuance(deps, team, id, orgAdmin, DRAFT_COMMENT_2025);
  await issueDemoReport(deps, team.partner, id);
  await issueSoc3(deps, team.partner, id);
};

const loadKiranaLedger = async (deps: Deps, team: Team, ctx: HistoryDemoContext) => {
  const { id: orgId } = await createOrganization(deps, team.manager, ctx.firmId, { ...KIRANA.org });
  await grantRole(
    deps,
    { kind: "system", label: "demo data" },
    "org",
    orgId,
    { firmId: ctx.firmId, orgId },
    { email: KIRANA_ADMIN.email, name: KIRANA_ADMIN.name, role: KIRANA_ADMIN.role, password: ctx.password },
  );
  const orgAdmin = await demoActor(deps, KIRANA_ADMIN.email);
  const { id } = await createEngagement(deps, team.manager, orgId, {
    name: KIRANA.engagement.name,
    type: "type1",
    asOfDate: KIRANA.engagement.asOfDate,
    firstReport: true,
    categories: ["CC"],
  });
  const [aws = ""] = await setUpEngagement(deps, team, id, {
    scope: KIRANA.scope,
    subservice: [{ name: "Amazon Web Services", service: "Cloud hosting (ECS, Aurora, S3) in ap-south-1" }],
    quote: KIRANA.quote,
  });
  await adoptControls(deps, orgAdmin, orgId, { libraryIds: [...SECURITY_CORE_CONTROLS] });
  await saveDescription(deps, orgAdmin, id, kiranaDescription(aws));
  const program = await generateProgram(deps, team.staff, id);
  await approveProgram(deps, team.manager, id, {});
  await moveThrough(deps, team.manager, id, ["description_review", "design_assessment"]);
  for (const line of program.program?.lines ?? []) {
    const opened = await openWorkpaper(deps, team.staff, id, { controlId: line.controlId });
    await concludeWorkpaper(deps, team, opened.workpaper.id, {
      result: () => "pass",
      note: "Walked through one occurrence with the control owner and inspected the configuration as of 31 October 2026.",
      conclusion: "effective",
      conclusionNote: "The control is suitably designed and implemented as of the date.",
    });
  }
  await moveThrough(deps, team.manager, id, [
    "control_testing",
    "exceptions",
    "management_response",
    "draft_review",
  ]);
  await readyForIssuance(deps, team, id, orgAdmin, null);
};

export const loadHistoryDemo = async (deps: Deps, ctx: HistoryDemoContext): Promise<void> => {
  const team: Team = {
    partner: await demoActor(deps, "partner@mehtaraman.example"),
    manager: await demoActor(deps, "manager@mehtaraman.example"),
    staff: await demoActor(deps, "staff@mehtaraman.example"),
  };
  await loadPaysetu2025(deps, team, ctx);
  await loadKiranaLedger(deps, team, ctx);
};
