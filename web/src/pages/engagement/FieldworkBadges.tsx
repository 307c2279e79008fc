/** Labels and badges shared by the fieldwork tabs and pages. */
import { Badge, type BadgeProps, Code, Tooltip } from "@mantine/core";
import { humanize } from "../../format";

export const METHOD_LABELS: Record<string, string> = {
  inquiry: "Inquiry",
  observation: "Observation",
  inspection: "Inspection",
  reperformance: "Re-performance",
};
const METHOD_COLORS: Record<string, string> = {
  inquiry: "gray",
  observation: "cyan",
  inspection: "blue",
  reperformance: "grape",
};
export const METHOD_OPTIONS = Object.entries(METHOD_LABELS).map(([value, label]) => ({ value, label }));

export function MethodBadge({ method, ...props }: { method: string } & BadgeProps) {
  return (
    <Badge
      variant="light"
      color={METHOD_COLORS[method] ?? "gray"}
      data-testid="method-badge"
      data-method={method}
      {...props}
    >
      {METHOD_LABELS[method] ?? humanize(method)}
    </Badge>
  );
}

const PROGRAM_STATUS_COLORS: Record<string, string> = {
  draft: "yellow",
  approved: "teal",
  superseded: "gray",
};

export function ProgramStatusBadge({ status, ...props }: { status: string } & BadgeProps) {
  return (
    <Badge
      variant="light"
      color={PROGRAM_STATUS_COLORS[status] ?? "gray"}
      data-testid="program-status"
      data-status={status}
      {...props}
    >
      {humanize(status)}
    </Badge>
  );
}

export const WORKPAPER_STATUS_LABELS: Record<string, string> = {
  open: "Open",
  prepared: "Prepared, awaiting review",
  reviewed: "Reviewed",
};
const WORKPAPER_STATUS_COLORS: Record<string, string> = {
  open: "yellow",
  prepared: "blue",
  reviewed: "teal",
};

export function WorkpaperStatusBadge({ status, ...props }: { status: string } & BadgeProps) {
  return (
    <Badge
      variant="light"
      color={WORKPAPER_STATUS_COLORS[status] ?? "gray"}
      data-testid="workpaper-status"
      data-status={status}
      {...props}
    >
      {WORKPAPER_STATUS_LABELS[status] ?? humanize(status)}
    </Badge>
  );
}

export const CONCLUSION_LABELS: Record<string, string> = {
  effective: "Effective",
  "effective-with-exceptions": "Effective with exceptions",
  ineffective: "Not effective",
  "not-effective": "Not effective",
  "not-occurred": "Not occurred",
  "needs-judgement": "Needs judgement",
};
const CONCLUSION_COLORS: Record<string, string> = {
  effective: "teal",
  "effective-with-exceptions": "yellow",
  ineffective: "red",
  "not-effective": "red",
  "not-occurred": "gray",
  "needs-judgement": "orange",
};
export const CONCLUSION_OPTIONS = [
  "effective",
  "effective-with-exceptions",
  "ineffective",
  "not-occurred",
].map((value) => ({ value, label: CONCLUSION_LABELS[value] ?? value }));

export function ConclusionBadge({ conclusion, ...props }: { conclusion: string | null } & BadgeProps) {
  if (!conclusion) {
    return (
      <Badge variant="outline" color="gray" data-testid="conclusion" data-conclusion="" {...props}>
        No conclusion
      </Badge>
    );
  }
  return (
    <Badge
      variant="light"
      color={CONCLUSION_COLORS[conclusion] ?? "gray"}
      data-testid="conclusion"
      data-conclusion={conclusion}
      {...props}
    >
      {CONCLUSION_LABELS[conclusion] ?? humanize(conclusion)}
    </Badge>
  );
}

export const EXCEPTION_KIND_LABELS: Record<string, string> = {
  "operating-deviation": "Operating deviation",
  "design-deficiency": "Design deficiency",
  "description-misstatement": "Description misstatement",
};
export const EXCEPTION_KIND_OPTIONS = Object.entries(EXCEPTION_KIND_LABELS).map(([value, label]) => ({
  value,
  label,
}));

export const EXCEPTION_STATUS_LABELS: Record<string, string> = {
  open: "Awaiting response",
  responded: "Responded",
  accepted: "Accepted",
  "asked-again": "Asked again",
};
const EXCEPTION_STATUS_COLORS: Record<string, string> = {
  open: "orange",
  responded: "blue",
  accepted: "teal",
  "asked-again": "red",
};

export function ExceptionStatusBadge({ status, ...props }: { status: string } & BadgeProps) {
  return (
    <Badge
      variant="light"
      color={EXCEPTION_STATUS_COLORS[status] ?? "gray"}
      data-testid="exception-status"
      data-status={status}
      {...props}
    >
      {EXCEPTION_STATUS_LABELS[status] ?? humanize(status)}
    </Badge>
  );
}

const CLASSIFICATION_COLORS: Record<string, string> = {
  pending: "gray",
  isolated: "yellow",
  systematic: "red",
};

export function ClassificationBadge({ classification, ...props }: { classification: string } & BadgeProps) {
  return (
    <Badge
      variant={classification === "pending" ? "outline" : "light"}
      color={CLASSIFICATION_COLORS[classification] ?? "gray"}
      data-testid="classification"
      data-classification={classification}
      {...props}
    >
      {classification === "pending" ? "Not classified" : humanize(classification)}
    </Badge>
  );
}

export const OPINION_LABELS: Record<string, string> = {
  unmodified: "Unmodified",
  qualified: "Qualified",
  adverse: "Adverse",
  disclaimer: "Disclaimer of opinion",
};
const OPINION_COLORS: Record<string, string> = {
  unmodified: "teal",
  qualified: "yellow",
  adverse: "red",
  disclaimer: "grape",
};
export const OPINION_OPTIONS = Object.entries(OPINION_LABELS).map(([value, label]) => ({ value, label }));

export function OpinionBadge({ opinion, ...props }: { opinion: string } & BadgeProps) {
  return (
    <Badge
      variant="light"
      color={OPINION_COLORS[opinion] ?? "gray"}
      data-testid="opinion-badge"
      data-opinion={opinion}
      {...props}
    >
      {OPINION_LABELS[opinion] ?? humanize(opinion)}
    </Badge>
  );
}

const CRITERION_ADVICE: Record<string, { label: string; color: string }> = {
  met: { label: "Met", color: "teal" },
  "met-with-exceptions": { label: "Met with exceptions", color: "yellow" },
  "not-met": { label: "Not met", color: "red" },
};

export function CriterionAdviceBadge({ advice }: { advice: string }) {
  const a = CRITERION_ADVICE[advice] ?? { label: humanize(advice), color: "gray" };
  return (
    <Badge variant="light" color={a.color} data-testid="criterion-advice" data-advice={advice}>
      {a.label}
    </Badge>
  );
}

/** A content hash in short form, the whole hash on hover. */
export function ShortHash({ hash, length = 12 }: { hash: string | null | undefined; length?: number }) {
  if (!hash) return null;
  return (
    <Tooltip label={hash} maw={560} multiline>
      <Code fz="xs" data-testid="short-hash">
        {hash.slice(0, length)}…
      </Code>
    </Tooltip>
  );
}

/** "EXC-001" from the sequence number when the server sends no reference. */
export const exceptionRef = (e: { ref?: string; seq?: number }): string =>
  e.ref ?? `EXC-${String(e.seq ?? 0).padStart(3, "0")}`;

/** The core's reasons and marker messages, each once (a marker often restates a reason). */
export const uniqueReasons = (s: { reasons: string[]; markers?: { message: string }[] }): string[] => [
  ...new Set([...s.reasons, ...(s.markers ?? []).map((m) => m.message)]),
];
