/**
 * The demo engagement's fieldwork, done through the same use-cases as the UI: an approved audit
 * program and the request list generated from it; interim populations (production changes, HR
 * leavers, identity-provider deactivations) imported and profiled by DuckDB; a full-population test of
 * change approvals that finds two deviations, answered by management, accepted and signed off by
 * preparer and reviewer; and a leaver sample with a late deactivation whose exception still waits for
 * management's response.
 */
import { Readable } from "node:stream";
import type { UserActor } from "./actor.js";
import {
  DEMO_CHANGE_PERIOD,
  demoChangeTickets,
  demoIdpDeactivations,
  demoLeavers,
} from "./demo-fieldwork-data.js";
import type { Deps } from "./deps.js";
import { getJob, runNextJob } from "./jobs.js";
import { generateProgram } from "./use-cases/audit-program.js";
import { updateProgramLine } from "./use-cases/audit-program-lines.js";
import { generateRequestList } from "./use-cases/audit-program-requests.js";
import { approveProgram } from "./use-cases/audit-program-versions.js";
import type { UploadPart } from "./use-cases/evidence-model.js";
import {
  decideOnResponse,
  listExceptions,
  respondToException,
  updateException,
} from "./use-cases/exceptions.js";
import {
  createPopulation,
  startPopulationTest,
  startReconciliation,
  uploadPopulationFile,
} from "./use-cases/populations.js";
import { startSample } from "./use-cases/samples.js";
import { recordResults } from "./use-cases/workpaper-results.js";
import { prepareWorkpaper, reviewWorkpaper } from "./use-cases/workpaper-signoff.js";
import { getWorkpaper, openWorkpaper, updateWorkpaper } from "./use-cases/workpapers.js";

export interface FieldworkDemoContext {
  readonly engagementId: string;
  readonly manager: UserActor;
  readonly staff: UserActor;
  readonly orgAdmin: UserActor;
}

async function* fileParts(fileName: string, body: string): AsyncIterable<UploadPart> {
  yield {
    kind: "file",
    name: "file",
    filename: fileName,
    stream: Readable.from([Buffer.from(body, "utf8")]),
  };
}

/** Runs queued jobs to the end and returns the result of `jobId`. */
const finish = async (deps: Deps, actor: UserActor, jobId: string): Promise<Record<string, unknown>> => {
  while (await runNextJob(deps, "demo-loader")) {
    // keep going until the queue is empty
  }
  const job = await getJob(deps, actor, jobId);
  if (job.status !== "succeeded") throw new Error(`demo job ${job.kind} ended ${job.status}: ${job.error}`);
  return job.result as Record<string, unknown>;
};

const importPopulation = async (
  deps: Deps,
  ctx: FieldworkDemoContext,
  file: { name: string; body: string },
  input: { controlId: string; name: string; date: string; id: string; caSource: string },
): Promise<string> => {
  const uploaded = await uploadPopulationFile(
    deps,
    ctx.staff,
    ctx.engagementId,
    fileParts(file.name, file.body),
  );
  const { job } = await createPopulation(deps, ctx.staff, ctx.engagementId, {
    fileSha256: uploaded.fileSha256,
    fileName: uploaded.fileName,
    controlId: input.controlId,
    name: input.name,
    periodStart: DEMO_CHANGE_PERIOD.start,
    periodEnd: DEMO_CHANGE_PERIOD.end,
    mapping: { date: input.date, id: input.id },
    caMethod: "query",
    caSource: input.caSource,
  });
  return (await finish(deps, ctx.staff, job.id)).populationId as string;
};

const lineOf = (program: Awaited<ReturnType<typeof generateProgram>>, code: string) => {
  const line = program.program?.lines.find((l) => l.code === code);
  if (!line) throw new Error(`demo program has no line for ${code}`);
  return line;
};

export const loadFieldworkDemo = async (deps: Deps, ctx: FieldworkDemoContext): Promise<void> => {
  const { engagementId, manager, staff, orgAdmin } = ctx;

  // The program: generated from the scope; the two population-tested controls get their rules.
  const program = await generateProgram(deps, staff, engagementId);
  const changes = lineOf(program, "CHG-01");
  const leavers = lineOf(program, "IAM-05");
  await updateProgramLine(deps, staff, engagementId, changes.id, {
    sampleRule: { kind: "census" },
    populationSource:
      "Deployment log of the production pipeline joined to pull-request approvals (GitHub), all production changes in the period",
  });
  await updateProgramLine(deps, staff, engagementId, leavers.id, {
    sampleRule: { kind: "frequency", frequency: "event", risk: "low" },
    populationSource: "HRMS termination report for the period, reconciled to the Okta deactivation log",
  });
  await approveProgram(deps, manager, engagementId, {});
  await generateRequestList(deps, manager, engagementId, {});

  // Populations for interim testing (April to October 2026).
  const changePopulation = await importPopulation(
    deps,
    ctx,
    { name: "production-changes-2026-04-to-10.csv", body: demoChangeTickets() },
    {
      controlId: changes.controlId,
      name: "Production changes, April–October 2026",
      date: "deployed_at",
      id: "ticket_id",
      caSource:
        "Re-run by the auditor on 2026-11-05 with Paysetu's DevOps lead watching: deployment log export of the prod pipeline for 2026-04-01..2026-10-31 joined to GitHub pull-request reviews; 2 rows outside the period are excluded by the date filter.",
    },
  );
  const leaverPopulation = await importPopulation(
    deps,
    ctx,
    { name: "hrms-leavers-2026-04-to-10.csv", body: demoLeavers() },
    {
      controlId: leavers.controlId,
      name: "Leavers, April–October 2026 (HRMS)",
      date: "termination_date",
      id: "employee_id",
      caSource:
        "HRMS report 'Separations by last working day', run by HR on 2026-11-04; reconciled to Okta below.",
    },
  );
  const idpPopulation = await importPopulation(
    deps,
    ctx,
    { name: "okta-deactivations-2026-04-to-10.csv", body: demoIdpDeactivations() },
    {
      controlId: leavers.controlId,
      name: "Okta deactivations, April–October 2026",
      date: "deactivated_at",
      id: "email",
      caSource: 'Okta System Log query eventType eq "user.lifecycle.deactivate", exported 2026-11-04.',
    },
  );

  // Completeness of the leaver list: reconciled to the identity provider.
  const reconciliation = await startReconciliation(deps, staff, leaverPopulation, {
    otherPopulationId: idpPopulation,
    key: "email",
    otherKey: "email",
  });
  await finish(deps, staff, reconciliation.job.id);

  // CHG-01 tested over the whole population: approved by someone else before deployment.
  const test = await startPopulationTest(deps, staff, changePopulation, {
    rule: {
      id: "CHG-01-approved-by-other-before-deploy",
      description:
        "Every production change was approved by someone other than its author before it was deployed",
      where: { column: "environment", op: "eq", value: "production" },
      require: [
        { column: "approved_at", op: "not_empty" },
        { column: "approver", op: "ne_column", other: "author" },
        { column: "approved_at", op: "before_column", other: "deployed_at" },
      ],
    },
  });
  const testId = (await finish(deps, staff, test.job.id)).testId as string;
  const changeWp = await openWorkpaper(deps, staff, engagementId, {
    controlId: changes.controlId,
    populationTestId: testId,
  });
  const changeDetail = changeWp.workpaper;
  await recordResults(deps, staff, changeDetail.id, {
    cells: changeDetail.items.flatMap((item) =>
      changeDetail.attributes.map((a, i) => ({
        itemKey: item.key,
        attributeId: a.id,
        result: i === 0 ? ("fail" as const) : ("pass" as const),
        note:
          i === 0
            ? "Re-performed over every production change: CHG-2026-0107 was approved by its author; CHG-2026-0233 was deployed the evening before its approval."
            : "Re-performed over the whole population; no deviation.",
      })),
    ),
  });
  const exceptions = await listExceptions(deps, staff, engagementId);
  const changeException = exceptions.exceptions.find((x) => x.control.id === changes.controlId);
  if (!changeException) throw new Error("demo change exception missing");
  await updateException(deps, staff, changeException.id, {
    cause:
      "Branch protection on the settlement-engine repository was relaxed for a hotfix in June and restored late; the September change was deployed by a manual pipeline run.",
    classification: "isolated",
    markers: [],
  });
  await respondToException(deps, orgAdmin, changeException.id, {
    response:
      "Management agrees. Both changes were reviewed after the fact and found appropriate; neither affected customer funds.",
    remediation:
      "Branch protection is now enforced by organization-wide rulesets that repository admins cannot bypass, and manual pipeline runs require a second approver.",
    remediationDate: "2026-10-15",
  });
  await decideOnResponse(deps, manager, changeException.id, { decision: "accepted" });
  await updateWorkpaper(deps, staff, changeDetail.id, {
    conclusion: "effective-with-exceptions",
    conclusionNote:
      "Two deviations in the population, isolated with identified causes and remediated; the control operated effectively with the exceptions noted.",
  });
  await prepareWorkpaper(deps, staff, changeDetail.id);
  await reviewWorkpaper(deps, manager, changeDetail.id);

  // IAM-05: every leaver (ten, so the whole population) tested; one late deactivation, awaiting response.
  const sample = await startSample(deps, staff, leaverPopulation, { method: "random" });
  const sampleId = (await finish(deps, staff, sample.job.id)).sampleId as string;
  const leaverWp = await openWorkpaper(deps, staff, engagementId, { controlId: leavers.controlId, sampleId });
  const leaverDetail = (await getWorkpaper(deps, staff, leaverWp.workpaper.id)).workpaper;
  const late = (item: { label: string; values: unknown }) =>
    item.label.includes("E0988") || JSON.stringify(item.values ?? {}).includes("E0988");
  await recordResults(deps, staff, leaverDetail.id, {
    cells: leaverDetail.items.flatMap((item) =>
      leaverDetail.attributes.map((a, i) => ({
        itemKey: item.key,
        attributeId: a.id,
        result: i === 0 && late(item) ? ("fail" as const) : i === 2 ? ("na" as const) : ("pass" as const),
        note:
          i === 0 && late(item)
            ? "Last working day 2026-05-29; Okta deactivated 2026-06-01 11:20 UTC, three days late."
            : "",
      })),
    ),
  });
};
