import { Badge, type BadgeProps, Tooltip } from "@mantine/core";
import { IconLock } from "@tabler/icons-react";
import { COST_CLASS_LABELS, humanize, RECOMMENDATION_LABELS, stageLabel, typeLabel } from "../format";
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
