/** On the organization's dashboard: overdue access reviews and a missed quarterly review. */
import { Alert, Anchor, Stack, Text } from "@mantine/core";
import { IconUserExclamation } from "@tabler/icons-react";
import { Link } from "react-router-dom";
import { formatDate } from "../../format";
import { useOrgAccess } from "../../workspace";
import { useAccessReviews } from "./access-review-api";

/** Only contributors may read the campaigns; employees never ask (the API would answer 403). */
export function AccessReviewBanner({ orgId }: { orgId: string }) {
  const access = useOrgAccess(orgId);
  return access.contributor ? <OverdueCampaigns orgId={orgId} /> : null;
}

function OverdueCampaigns({ orgId }: { orgId: string }) {
  const query = useAccessReviews(orgId, {});
  if (!query.data) return null;
  const overdue = query.data.campaigns.filter((c) => c.overdue);
  const missed = query.data.schedule.missed;
  if (overdue.length === 0 && !missed) return null;
  return (
    <Alert
      color="red"
      icon={<IconUserExclamation size={18} />}
      title="Access reviews overdue"
      data-testid="access-reviews-overdue"
    >
      <Stack gap={2}>
        {overdue.map((c) => (
          <Text size="sm" key={c.id}>
            <Anchor component={Link} to={`/access-reviews/${c.id}`}>
              {c.name}
            </Anchor>{" "}
            was due on {formatDate(c.dueDate)} ({c.progress.percent}% decided).
          </Text>
        ))}
        {missed ? (
          <Text size="sm">
            The next quarterly review was due by {formatDate(query.data.schedule.nextDue)} and has not been
            started.{" "}
            <Anchor component={Link} to="/access-reviews">
              Start it
            </Anchor>
          </Text>
        ) : null}
      </Stack>
    </Alert>
  );
}
