/** Small pieces shared by the risk pages: the rating badge and the signed-in user's risk tasks. */
import { Alert, Anchor, Badge, Group, Stack, Text } from "@mantine/core";
import { Link } from "react-router-dom";
import { formatDate } from "../../format";
import { BAND_COLORS, BAND_LABELS, type Rating, useRiskTasks } from "./risk-api";

export function RatingBadge({ rating, testId }: { rating: Rating; testId?: string }) {
  return (
    <Badge color={BAND_COLORS[rating.band]} variant="light" data-testid={testId} data-band={rating.band}>
      {BAND_LABELS[rating.band]} · {rating.score}
    </Badge>
  );
}

const TASK_LABELS = {
  review_overdue: "Review overdue",
  acceptance_expired: "Acceptance expired",
  approve_acceptance: "Approve acceptance",
} as const;

export function MyTasks({ orgId }: { orgId: string }) {
  const tasks = useRiskTasks(orgId);
  const list = tasks.data?.tasks ?? [];
  if (list.length === 0) return null;
  return (
    <Alert color="orange" title={`Your risk tasks (${list.length})`} data-testid="risk-tasks">
      <Stack gap={4}>
        {list.map((t) => (
          <Group key={`${t.kind}-${t.riskId}`} gap="xs" data-testid="risk-task" data-kind={t.kind}>
            <Badge size="sm" color={t.kind === "approve_acceptance" ? "blue" : "orange"} variant="light">
              {TASK_LABELS[t.kind]}
            </Badge>
            <Anchor component={Link} to={t.link} size="sm">
              {t.ref} · {t.title}
            </Anchor>
            {t.due ? (
              <Text size="xs" c="dimmed">
                {t.kind === "approve_acceptance" ? "until" : "due"} {formatDate(t.due)}
              </Text>
            ) : null}
          </Group>
        ))}
      </Stack>
    </Alert>
  );
}
