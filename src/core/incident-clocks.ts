/**
 * Notification clocks of an incident (SOC2.md §8), counted from the moment the organization became
 * aware of it:
 * - CERT-In Directions (2022): a reportable cyber incident in India, to CERT-In within 6 hours.
 * - DPDP Rules 2025, rule 7: a personal data breach of data principals in India, to the Data
 *   Protection Board and to each affected data principal without delay, then a detailed report to
 *   the Board within 72 hours.
 * - GDPR art. 33: a personal data breach of people in the EU/EEA, to the supervisory authority
 *   within 72 hours.
 * RBI and SEBI deadlines are not built in: the fact base gives no figure for them, so a regulated
 * entity gets a note, not a clock. "Without delay" is due at awareness and shown as due now until
 * done. Pure: the current time is an argument.
 */
import type { IncidentClassification, IncidentJurisdiction } from "./incidents.js";

export const CLOCK_IDS = [
  "cert-in",
  "dpdp-board-intimation",
  "dpdp-principals",
  "dpdp-board-report",
  "gdpr-authority",
] as const;
export type ClockId = (typeof CLOCK_IDS)[number];

export interface ClockFacts {
  readonly classification: IncidentClassification;
  readonly personalData: boolean;
  readonly jurisdictions: readonly IncidentJurisdiction[];
  readonly certInReportable: boolean;
  readonly regulators?: readonly string[];
}

interface ClockRule {
  readonly id: ClockId;
  readonly regime: "CERT-In" | "DPDP" | "GDPR";
  readonly recipient: string;
  /** null: without delay. */
  readonly hours: number | null;
  readonly rule: string;
  readonly applies: (f: ClockFacts) => boolean;
}

const personalBreachIn = (f: ClockFacts, j: IncidentJurisdiction) =>
  f.classification === "breach" && f.personalData && f.jurisdictions.includes(j);

export const CLOCK_RULES: readonly ClockRule[] = [
  {
    id: "cert-in",
    regime: "CERT-In",
    recipient: "CERT-In",
    hours: 6,
    rule: "Report the cyber incident to CERT-In within 6 hours of becoming aware (CERT-In Directions, April 2022).",
    applies: (f) => f.certInReportable,
  },
  {
    id: "dpdp-board-intimation",
    regime: "DPDP",
    recipient: "Data Protection Board of India",
    hours: null,
    rule: "Intimate the Data Protection Board of the personal data breach without delay (DPDP Rules 2025, rule 7).",
    applies: (f) => personalBreachIn(f, "india"),
  },
  {
    id: "dpdp-principals",
    regime: "DPDP",
    recipient: "Affected data principals",
    hours: null,
    rule: "Inform each affected data principal without delay (DPDP Rules 2025, rule 7).",
    applies: (f) => personalBreachIn(f, "india"),
  },
  {
    id: "dpdp-board-report",
    regime: "DPDP",
    recipient: "Data Protection Board of India",
    hours: 72,
    rule: "Send the Board the detailed report within 72 hours of becoming aware (DPDP Rules 2025, rule 7).",
    applies: (f) => personalBreachIn(f, "india"),
  },
  {
    id: "gdpr-authority",
    regime: "GDPR",
    recipient: "Lead supervisory authority (EU/EEA)",
    hours: 72,
    rule: "Notify the supervisory authority within 72 hours of becoming aware (GDPR art. 33).",
    applies: (f) => personalBreachIn(f, "eu"),
  },
];

export const isClockId = (v: string): v is ClockId => (CLOCK_IDS as readonly string[]).includes(v);

export const applicableClocks = (f: ClockFacts): ClockId[] =>
  CLOCK_RULES.filter((r) => r.applies(f)).map((r) => r.id);

export interface SentNotification {
  readonly clock: string;
  readonly sentAt: string;
  readonly recipient: string;
  readonly reference: string;
}

export type ClockStatus = "pending" | "due_now" | "overdue" | "done";

export interface NotificationClock {
  readonly id: ClockId;
  readonly regime: ClockRule["regime"];
  readonly recipient: string;
  readonly rule: string;
  readonly hours: number | null;
  readonly withoutDelay: boolean;
  /** ISO timestamp: awareness + hours (awareness itself for "without delay"). */
  readonly dueAt: string;
  readonly status: ClockStatus;
  /** Milliseconds to the deadline (negative when passed); null once done or for "without delay". */
  readonly msLeft: number | null;
  /** The first notification recorded for this clock. */
  readonly sentAt: string | null;
  readonly reference: string | null;
  /** Done after the deadline (never for "without delay", which has no fixed hour). */
  readonly late: boolean;
  /** False when the facts no longer call for it but a notification was recorded before. */
  readonly applies: boolean;
}

const HOUR_MS = 3_600_000;

/** The clocks that apply to the facts (and any clock already notified), in rule order. */
export const notificationClocks = (
  facts: ClockFacts,
  awareAt: string,
  sent: readonly SentNotification[],
  now: Date,
): NotificationClock[] => {
  const aware = Date.parse(awareAt);
  const applicable = new Set(applicableClocks(facts));
  return CLOCK_RULES.filter((r) => applicable.has(r.id) || sent.some((s) => s.clock === r.id)).map((r) => {
    const due = r.hours === null ? aware : aware + r.hours * HOUR_MS;
    const first = sent
      .filter((s) => s.clock === r.id)
      .sort((a, b) => Date.parse(a.sentAt) - Date.parse(b.sentAt))[0];
    const base = {
      id: r.id,
      regime: r.regime,
      recipient: r.recipient,
      rule: r.rule,
      hours: r.hours,
      withoutDelay: r.hours === null,
      dueAt: new Date(due).toISOString(),
      applies: applicable.has(r.id),
    };
    if (first) {
      return {
        ...base,
        status: "done" as const,
        msLeft: null,
        sentAt: first.sentAt,
        reference: first.reference,
        late: r.hours !== null && Date.parse(first.sentAt) > due,
      };
    }
    const msLeft = due - now.getTime();
    const status: ClockStatus = r.hours === null ? "due_now" : msLeft >= 0 ? "pending" : "overdue";
    return {
      ...base,
      status,
      msLeft: r.hours === null ? null : msLeft,
      sentAt: null,
      reference: null,
      late: false,
    };
  });
};

/** Advice beside the clocks: facts that suggest a clock may be missing. */
export const clockNotes = (f: ClockFacts): string[] => {
  const notes: string[] = [];
  if (f.personalData && f.classification !== "breach") {
    notes.push(
      "Personal data is involved but the incident is not classified as a breach: if personal data was accessed, disclosed, altered or lost, classify it as a breach to start the DPDP and GDPR clocks.",
    );
  }
  if (f.classification === "breach" && f.personalData && f.jurisdictions.length === 0) {
    notes.push("Say whose personal data was involved (India, EU/EEA, other) so the right clocks apply.");
  }
  if (f.classification !== "event" && !f.certInReportable) {
    notes.push(
      "Not marked reportable to CERT-In: check the incident types listed in the CERT-In Directions before deciding.",
    );
  }
  for (const reg of f.regulators ?? []) {
    notes.push(
      `${reg}-regulated: Fieldwork has no built-in deadline for ${reg}; follow the reporting timeline in the direction that applies to you and record it on the timeline.`,
    );
  }
  return notes;
};

/** "5 h 12 min", "2 d 3 h", "45 min" for a duration in milliseconds (sign ignored). */
export const formatDuration = (ms: number): string => {
  const minutes = Math.floor(Math.abs(ms) / 60_000);
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  if (d > 0) return `${d} d ${h} h`;
  if (h > 0) return `${h} h ${m} min`;
  return `${m} min`;
};
