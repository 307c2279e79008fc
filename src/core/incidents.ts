/**
 * The incident register's vocabulary (issue 7 §4) and the closure rule: an incident closes only
 * once its post-incident review is recorded and every action from it is done or explicitly
 * accepted. Pure.
 */
export const INCIDENT_CLASSIFICATIONS = ["event", "incident", "breach"] as const;
export type IncidentClassification = (typeof INCIDENT_CLASSIFICATIONS)[number];

export const CLASSIFICATION_DEFINITIONS: Record<IncidentClassification, string> = {
  event: "Something observed that may matter to security, not yet shown to harm the system or its data.",
  incident:
    "An event that harmed, or threatened to harm, the confidentiality, integrity or availability of the system.",
  breach:
    "An incident in which personal or confidential data was accessed, disclosed, altered, lost or destroyed without authority.",
};

export const INCIDENT_SEVERITIES = ["SEV1", "SEV2", "SEV3", "SEV4"] as const;
export type IncidentSeverity = (typeof INCIDENT_SEVERITIES)[number];

export const SEVERITY_DEFINITIONS: Record<IncidentSeverity, string> = {
  SEV1: "Critical: a core service is down for most customers, or a large exposure of personal or payment data; all hands, leadership informed at once.",
  SEV2: "Major: a significant service degradation or a confirmed exposure of limited data; response team engaged within the hour.",
  SEV3: "Moderate: a partial degradation or a contained event with no confirmed data exposure; handled in working hours.",
  SEV4: "Minor: a low-impact event or a near miss, recorded for trend analysis.",
};

export const INCIDENT_STATUSES = ["open", "contained", "resolved", "closed"] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

export const INCIDENT_JURISDICTIONS = ["india", "eu", "other"] as const;
export type IncidentJurisdiction = (typeof INCIDENT_JURISDICTIONS)[number];
export const JURISDICTION_LABELS: Record<IncidentJurisdiction, string> = {
  india: "India",
  eu: "EU/EEA",
  other: "Other",
};

export const TIMELINE_PHASES = [
  "detection",
  "triage",
  "containment",
  "eradication",
  "recovery",
  "communication",
] as const;
export type TimelinePhase = (typeof TIMELINE_PHASES)[number];

export const ACTION_STATUSES = ["open", "done", "accepted"] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

/** The criteria an incident's closure record is evidence for (SOC2.md §1.3). */
export const INCIDENT_CRITERIA = ["CC7.3", "CC7.4", "CC7.5"] as const;

/** "INC-007". */
export const formatIncidentRef = (seq: number): string => `INC-${String(seq).padStart(3, "0")}`;

export interface ClosureFacts {
  readonly status: string;
  readonly rootCause: string;
  readonly lessons: string;
  readonly reviewCompletedAt: string | null;
  readonly actions: readonly { readonly title: string; readonly status: string }[];
}

/** Why the incident cannot be closed yet; an empty list means it can. */
export const closureProblems = (f: ClosureFacts): string[] => {
  if (f.status === "closed") return ["The incident is already closed."];
  const problems: string[] = [];
  if (f.status !== "resolved") problems.push("Resolve the incident before closing it.");
  if (!f.reviewCompletedAt || !f.rootCause.trim() || !f.lessons.trim()) {
    problems.push("Record the post-incident review (root cause and lessons learned) before closing.");
  }
  const open = f.actions.filter((a) => a.status !== "done" && a.status !== "accepted");
  if (open.length > 0) {
    problems.push(
      `Finish or explicitly accept every post-incident action first; still open: ${open.map((a) => a.title).join("; ")}.`,
    );
  }
  return problems;
};

/** Status moves through the edit form; closing has its own guarded action, reopening is not offered. */
export const statusChangeProblem = (from: string, to: string): string | null => {
  if (from === to) return null;
  if (from === "closed") return "A closed incident cannot change; its closure record is evidence.";
  if (to === "closed")
    return "Close the incident with the close action, which checks the post-incident review.";
  return null;
};

/** A disclosure in the system description needs its nature, extent and resolution (SOC2.md §2.2, DC4). */
export const disclosureProblem = (
  disclose: boolean,
  d: { readonly nature: string; readonly extent: string; readonly resolution: string },
): string | null => {
  if (!disclose) return null;
  const missing = (["nature", "extent", "resolution"] as const).filter((k) => !d[k].trim());
  return missing.length === 0
    ? null
    : `To disclose the incident in the system description, write its ${missing.join(", ")}.`;
};

/** Regulators suggested by the organization's profile (sector); informational only. */
export const regulatorsForSector = (sector: string): string[] => (sector === "fintech_bfsi" ? ["RBI"] : []);
