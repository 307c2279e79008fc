import { Badge, type BadgeProps, Tooltip } from "@mantine/core";
import {
  IconAlertTriangle,
  IconCircleCheck,
  IconCircleX,
  IconCloudUpload,
  IconGitBranch,
  IconLock,
  IconPlugConnected,
  IconSparkles,
} from "@tabler/icons-react";
import {
  COST_CLASS_LABELS,
  controlStatusLabel,
  EVIDENCE_SOURCE_LABELS,
  FRESHNESS_LABELS,
  humanize,
  POLICY_STATUS_LABELS,
  RECOMMENDATION_LABELS,
  REQUEST_STATUS_LABELS,
  stageLabel,
  typeLabel,
} from "../format";
import type { CostClass, RecommendationLevel, Stage } from "../types";

const STAGE_COLORS: Record<Stage, string> = {
  scoping: "gray",
  audit_program: "indigo",
  description_review: "indigo",
  design_assessment: "violet",
  observation_period: "cyan",
  control_testing: "blue",
  exceptions: "orange",
  management_response: "orange",
  draft_review: "grape",
  issuance: "teal",
};

export function StageBadge({ stage, ...props }: { stage: string } & BadgeProps) {
  return (
    <Badge
      variant="light"
      color={STAGE_COLORS[stage as Stage] ?? "gray"}
      data-testid="stage-badge"
      {...props}
    >
      {stageLabel(stage)}
    </Badge>
  );
}

export function TypeBadge({ type, ...props }: { type: string } & BadgeProps) {
  return (
    <Badge variant="outline" color={type === "type2" ? "brand" : "gray"} data-testid="type-badge" {...props}>
      {typeLabel(type)}
    </Badge>
  );
}

const COST_COLORS: Record<CostClass, string> = {
  lower: "teal",
  moderate: "blue",
  higher: "orange",
  variable: "red",
};

export function CostClassBadge({ costClass, ...props }: { costClass: string } & BadgeProps) {
  return (
    <Badge
      variant="light"
      color={COST_COLORS[costClass as CostClass] ?? "gray"}
      data-testid="cost-class"
      {...props}
    >
      {COST_CLASS_LABELS[costClass as CostClass] ?? humanize(costClass)}
    </Badge>
  );
}

const ENQUIRY_COLORS: Record<string, string> = {
  new: "blue",
  open: "blue",
  received: "blue",
  meeting_requested: "violet",
  contacted: "yellow",
  converted: "teal",
  declined: "gray",
};

export function EnquiryStatusBadge({ status, ...props }: { status: string } & BadgeProps) {
  return (
    <Badge variant="light" color={ENQUIRY_COLORS[status] ?? "gray"} data-testid="enquiry-status" {...props}>
      {humanize(status)}
    </Badge>
  );
}

const REC_COLORS: Record<RecommendationLevel, string> = {
  required: "brand",
  recommended: "teal",
  consider: "yellow",
  optional: "gray",
};

export function RecommendationBadge({ level, ...props }: { level: string } & BadgeProps) {
  return (
    <Badge
      variant={level === "required" ? "filled" : "light"}
      color={REC_COLORS[level as RecommendationLevel] ?? "gray"}
      size="sm"
      data-testid="recommendation-level"
      {...props}
    >
      {RECOMMENDATION_LABELS[level as RecommendationLevel] ?? humanize(level)}
    </Badge>
  );
}

export function QuoteStatusBadge({ approved }: { approved: boolean }) {
  return approved ? (
    <Tooltip label="Approved quotes are frozen and can no longer change">
      <Badge color="teal" variant="light" leftSection={<IconLock size={12} />} data-testid="quote-status">
        Approved
      </Badge>
    </Tooltip>
  ) : (
    <Badge color="yellow" variant="light" data-testid="quote-status">
      Draft
    </Badge>
  );
}

const CONTROL_STATUS_COLORS: Record<string, string> = {
  not_started: "gray",
  in_progress: "yellow",
  implemented: "teal",
  not_applicable: "dark",
};

export function ControlStatusBadge({ status, ...props }: { status: string } & BadgeProps) {
  return (
    <Badge
      variant={status === "not_applicable" ? "outline" : "light"}
      color={CONTROL_STATUS_COLORS[status] ?? "gray"}
      data-testid="control-status"
      miw="max-content"
      data-status={status}
      {...props}
    >
      {controlStatusLabel(status)}
    </Badge>
  );
}

const FRESHNESS_COLORS: Record<string, string> = {
  current: "teal",
  due_soon: "yellow",
  overdue: "red",
  missing: "orange",
  unscheduled: "gray",
};

export function FreshnessBadge({ status, ...props }: { status: string } & BadgeProps) {
  return (
    <Badge
      variant={status === "overdue" ? "filled" : "light"}
      color={FRESHNESS_COLORS[status] ?? "gray"}
      data-testid="freshness"
      miw="max-content"
      data-status={status}
      {...props}
    >
      {FRESHNESS_LABELS[status] ?? humanize(status)}
    </Badge>
  );
}

const SOURCE_ICONS: Record<string, typeof IconCloudUpload> = {
  upload: IconCloudUpload,
  importer: IconPlugConnected,
  pipeline: IconGitBranch,
  generated: IconSparkles,
};

const SOURCE_COLORS: Record<string, string> = {
  upload: "gray",
  importer: "violet",
  pipeline: "cyan",
  generated: "teal",
};

export function EvidenceSourceBadge({ source, ...props }: { source: string } & BadgeProps) {
  const Icon = SOURCE_ICONS[source] ?? IconCloudUpload;
  return (
    <Badge
      variant="light"
      color={SOURCE_COLORS[source] ?? "gray"}
      leftSection={<Icon size={12} />}
      data-testid="evidence-source"
      miw="max-content"
      data-source={source}
      {...props}
    >
      {EVIDENCE_SOURCE_LABELS[source] ?? humanize(source)}
    </Badge>
  );
}

const CHECK_COLORS: Record<string, string> = { pass: "teal", fail: "red", warn: "yellow" };

export function CheckStatusBadge({ status, ...props }: { status: string } & BadgeProps) {
  const Icon = status === "pass" ? IconCircleCheck : status === "fail" ? IconCircleX : IconAlertTriangle;
  return (
    <Badge
      variant={status === "fail" ? "filled" : "light"}
      color={CHECK_COLORS[status] ?? "gray"}
      leftSection={<Icon size={12} />}
      miw="max-content"
      {...props}
    >
      {status === "pass"
        ? "Pass"
        : status === "fail"
          ? "Fail"
          : status === "warn"
            ? "Warning"
            : humanize(status)}
    </Badge>
  );
}

const POLICY_COLORS: Record<string, string> = {
  draft: "yellow",
  approved: "blue",
  published: "teal",
  superseded: "gray",
};

export function PolicyStatusBadge({ status, ...props }: { status: string } & BadgeProps) {
  return (
    <Badge
      variant="light"
      color={POLICY_COLORS[status] ?? "gray"}
      data-testid="policy-status"
      miw="max-content"
      data-status={status}
      {...props}
    >
      {POLICY_STATUS_LABELS[status] ?? humanize(status)}
    </Badge>
  );
}

const REQUEST_COLORS: Record<string, string> = {
  open: "blue",
  submitted: "violet",
  accepted: "teal",
  returned: "orange",
};

export function RequestStatusBadge({ status, ...props }: { status: string } & BadgeProps) {
  return (
    <Badge
      variant="light"
      color={REQUEST_COLORS[status] ?? "gray"}
      data-testid="request-status"
      miw="max-content"
      data-status={status}
      {...props}
    >
      {REQUEST_STATUS_LABELS[status] ?? humanize(status)}
    </Badge>
  );
}

/** A member's two-factor status: on, off, or unknown (—). */
export function MfaBadge({ enabled }: { enabled: boolean | undefined }) {
  if (enabled === undefined) return <>—</>;
  return (
    <Badge color={enabled ? "teal" : "gray"} variant="light">
      {enabled ? "On" : "Off"}
    </Badge>
  );
}
