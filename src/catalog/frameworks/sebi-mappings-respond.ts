/** SEBI CSCRF → criteria, Detect, Respond, Recover and Evolve functions. One rationale of ours per link. */
import type { FrameworkMapping } from "../../core/frameworks.js";
import { link } from "./india-build.js";

export const SEBI_RESPONSE_LINKS: readonly FrameworkMapping[] = [
  // Detect
  link("DE.CM.S1", "CC7.2", "A SOC monitors networks, endpoints and providers for attacks."),
  link("DE.CM.S2", "CC7.2", "Continuous monitoring detects anomalous or malicious activity.", "subset-of"),
  link("DE.CM.S3", "CC7.3", "Alerts are investigated to decide whether they are incidents."),
  link("DE.CM.S4", "A1.1", "Usage of critical systems is watched to plan capacity.", "subset-of"),
  link("DE.CM.S5", "CC7.1", "Audits and VAPT uncover vulnerabilities and unauthorised changes."),
  link("DE.CM.S5", "CC4.1", "These audits are separate evaluations of how controls work."),
  link("DE.DP.S1", "CC1.3", "Someone is accountable for each detection task."),
  link("DE.DP.S2", "CC7.2", "Use cases and playbooks define and prove the monitoring rules."),
  link("DE.DP.S3", "CC7.3", "Detected events are escalated for evaluation under policy."),
  link("DE.DP.S3", "CC2.3", "Some events must be reported to regulators."),
  link("DE.DP.S4", "CC4.1", "Red-team exercises are an independent test of cyber defences."),
  link("DE.DP.S5", "CC7.2", "Threat hunting looks for attacks that monitoring missed."),
  // Respond
  link(
    "RS.AN.S1",
    "CC7.1",
    "Vulnerabilities reported by researchers or bulletins are received and analysed.",
  ),
  link("RS.AN.S1", "CC7.3", "Disclosed incidents are assessed before response."),
  link("RS.AN.S2", "CC7.3", "Incidents are classified by the crisis plan's categories.", "subset-of"),
  link("RS.AN.S3", "CC7.4", "Investigation and forensics are steps of incident response."),
  link("RS.AN.S4", "CC7.5", "Root causes are found and fixed to prevent recurrence."),
  link("RS.AN.S5", "CC7.3", "Each incident's impact is analysed."),
  link("RS.CO.S1", "CC7.4", "Response roles are set in a written procedure."),
  link("RS.CO.S2", "CC2.3", "Incidents are reported to SEBI, CERT-In and NCIIPC within deadlines."),
  link("RS.CO.S2", "CC7.4", "Regulatory notice deadlines are part of the response plan."),
  link("RS.CO.S3", "CC7.4", "Stakeholders are coordinated during an incident as the plan says."),
  link("RS.IM.S1", "CC7.5", "Lessons from incidents improve plans, training and tests."),
  link("RS.IM.S2", "CC2.2", "Key personnel are told when the response plan changes."),
  link("RS.MA.S1", "CC7.4", "A crisis plan with scenario procedures is the response programme."),
  link("RS.MA.S2", "CC7.4", "Responding in time limits the consequences of attacks."),
  link("RS.MA.S2", "CC9.1", "Keeping operations going under stress mitigates disruption."),
  link("RS.MA.S3", "CC9.1", "Contingency and continuity plans address business disruption."),
  link("RS.MA.S3", "A1.3", "The plans include exercises that test recovery."),
  link("RS.MA.S4", "CC7.4", "Incidents are contained and mitigated."),
  link("RS.MA.S5", "CC7.2", "Botnet and vulnerable-service alerts from CSK add a detection source."),
  // Recover
  link("RC.CO.S1", "CC2.3", "Public communication during an incident is external communication."),
  link("RC.CO.S2", "CC7.5", "Recovery includes telling management and others what is being restored."),
  link("RC.CO.S3", "CC2.3", "Stakeholders are told what recovery actions were taken."),
  link("RC.IM.S1", "CC7.5", "Recovery plans improve with lessons from incidents."),
  link("RC.IM.S2", "A1.3", "Periodic drills test and improve restoration."),
  link("RC.RP.S1", "CC7.5", "Plans for recovery from different cyber scenarios."),
  link("RC.RP.S2", "A1.2", "Recovery infrastructure must meet the regulator's RTO and RPO."),
  link("RC.RP.S3", "A1.3", "Drills test the recovery scenarios.", "subset-of"),
  link("RC.RP.S4", "A1.2", "Backups are planned so data is not lost."),
  // Evolve
  link("EV.ST.S1", "CC3.2", "Emerging threats are risks to identify and answer with new controls."),
  link("EV.ST.S2", "CC9.1", "Diverse systems limit how far one exploited weakness can disrupt."),
  link("EV.ST.S3", "CC7.5", "Business processes are changed after an incident to resist the next."),
  link("EV.ST.S4", "CC3.4", "Changing threats are changes that require controls to be revisited."),
  link("EV.ST.S5", "CC4.1", "Periodic self-evaluation of cyber resilience."),
];
