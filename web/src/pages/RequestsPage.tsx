import { Anchor, Stack, Text } from "@mantine/core";
import { IconChecklist } from "@tabler/icons-react";
import { Link } from "react-router-dom";
import { PageHeader } from "../components/PageHeader";
import { EmptyState, ErrorState, TableSkeleton } from "../components/States";
import { formatPeriod } from "../format";
import { EngagementSelect, OrgOnly, useWorkspaceEngagement } from "../workspace";
import { RequestsPanel } from "./engagement/RequestsTab";

function OrgRequests({ orgId }: { orgId: string }) {
  const ws = useWorkspaceEngagement(orgId);
  const header = (
    <PageHeader
      title="Requests"
      subtitle={
        ws.engagement ? (
          <>
            What your auditor asked for in{" "}
            <Anchor component={Link} to={`/engagements/${ws.engagement.id}`} size="sm">
              {ws.engagement.name}
            </Anchor>{" "}
            · {formatPeriod(ws.engagement)}
          </>
        ) : (
          "What your auditor asks for, with due dates"
        )
      }
      actions={
        <EngagementSelect
          engagements={ws.engagements}
          value={ws.engagementId}
          onChange={ws.setEngagementId}
        />
      }
    />
  );
  if (ws.isPending) {
    return (
      <>
        {header}
        <TableSkeleton rows={6} />
      </>
    );
  }
  if (ws.error) {
    return (
      <>
        {header}
        <ErrorState error={ws.error} />
      </>
    );
  }
  if (!ws.engagementId) {
    return (
      <>
        {header}
        <EmptyState icon={<IconChecklist size={22} />} title="No engagement yet">
          <Text size="sm" c="dimmed" span>
            Evidence requests belong to an engagement with your auditor.
          </Text>
        </EmptyState>
      </>
    );
  }
  return (
    <Stack gap={0}>
      {header}
      <RequestsPanel key={ws.engagementId} engagementId={ws.engagementId} orgId={orgId} />
    </Stack>
  );
}

export function RequestsPage() {
  return <OrgOnly what="requests">{(orgId) => <OrgRequests orgId={orgId} />}</OrgOnly>;
}
