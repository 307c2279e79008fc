/**
 * The organization's access review campaigns (issue 7 §3): my open review work, the quarterly
 * schedule, campaigns with status, due date and progress, filters, exports, and a new campaign.
 */
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Progress,
  Select,
  Stack,
  Switch,
  Table,
  Text,
} from "@mantine/core";
import { IconAlertTriangle, IconDownload, IconPlus, IconUserCheck } from "@tabler/icons-react";
import { useState } from "react";
import { Link, useSearchParams } from "react-router-dom";
import { PageHeader } from "../../components/PageHeader";
import { EmptyState, ErrorState, TableSkeleton } from "../../components/States";
import { formatDate } from "../../format";
import { OrgOnly, useOrgAccess } from "../../workspace";
import { NewCampaignModal } from "./AccessReviewForms";
import {
  accessReviewExportPath,
  type CampaignStatus,
  SCHEDULE_LABELS,
  STATUS_COLORS,
  STATUS_LABELS,
  useAccessReviews,
  useAccessReviewTasks,
} from "./access-review-api";

export function StatusBadge({ status }: { status: CampaignStatus }) {
  return (
    <Badge color={STATUS_COLORS[status]} variant="light" data-testid="campaign-status" data-status={status}>
      {STATUS_LABELS[status]}
    </Badge>
  );
}

function MyTasks({ orgId }: { orgId: string }) {
  const tasks = useAccessReviewTasks(orgId);
  const list = tasks.data?.tasks ?? [];
  if (list.length === 0) return null;
  return (
    <Alert
      color="blue"
      icon={<IconUserCheck size={18} />}
      title={`Your access review tasks (${list.length})`}
      data-testid="access-review-tasks"
    >
      <Stack gap={4}>
        {list.map((t) => (
          <Group key={`${t.kind}-${t.id}`} gap="xs" data-testid="access-review-task" data-kind={t.kind}>
            <Badge size="sm" variant="light" color={t.kind === "access-review.revocation" ? "red" : "blue"}>
              {t.kind === "access-review.revocation" ? "Remove access" : "Review"}
            </Badge>
            <Anchor component={Link} to={t.link} size="sm">
              {t.title}
            </Anchor>
            <Text size="xs" c={t.overdue ? "red" : "dimmed"}>
              {t.overdue ? "overdue since" : "due"} {formatDate(t.dueDate)}
            </Text>
          </Group>
        ))}
      </Stack>
    </Alert>
  );
}

function Register({ orgId }: { orgId: string }) {
  const access = useOrgAccess(orgId);
  const [params, setParams] = useSearchParams();
  const [creating, setCreating] = useState(false);
  const status = params.get("status");
  const overdue = params.get("overdue") === "true";
  const query = useAccessReviews(orgId, { status, overdue });
  const set = (k: string, v: string | null) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    setParams(next, { replace: true });
  };
  const data = query.data;
  if (query.isError && !data) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  return (
    <Stack gap="md">
      <PageHeader
        title="Access reviews"
        subtitle="Periodic review of who can reach which system (CC6.2, CC6.3): each account is kept, changed or revoked by its manager or the system owner, and the signed-off result becomes evidence."
        actions={
          <Group gap="xs">
            <Button
              component="a"
              href={accessReviewExportPath(orgId, "csv")}
              variant="default"
              size="xs"
              leftSection={<IconDownload size={14} />}
              data-testid="export-csv"
            >
              CSV
            </Button>
            <Button
              component="a"
              href={accessReviewExportPath(orgId, "json")}
              variant="default"
              size="xs"
              data-testid="export-json"
            >
              JSON
            </Button>
            {data?.permissions.canCreate ? (
              <Button
                size="xs"
                leftSection={<IconPlus size={14} />}
                onClick={() => setCreating(true)}
                data-testid="new-campaign"
              >
                New campaign
              </Button>
            ) : null}
          </Group>
        }
      />
      {access.contributor ? <MyTasks orgId={orgId} /> : null}
      {data?.schedule.missed ? (
        <Alert
          color="red"
          icon={<IconAlertTriangle size={18} />}
          title="Quarterly review missed"
          data-testid="schedule-missed"
        >
          The next access review was due on {formatDate(data.schedule.nextDue)} and has not been started.
          Create the next campaign.
        </Alert>
      ) : data?.schedule.nextDue ? (
        <Text size="sm" c="dimmed" data-testid="schedule-next">
          Next campaign due by {formatDate(data.schedule.nextDue)} on the current schedule.
        </Text>
      ) : null}
      <Group gap="sm" align="flex-end">
        <Select
          label="Status"
          placeholder="Any"
          clearable
          w={190}
          data={(Object.keys(STATUS_LABELS) as CampaignStatus[]).map((s) => ({
            value: s,
            label: STATUS_LABELS[s],
          }))}
          value={status}
          onChange={(v) => set("status", v)}
          data-testid="filter-status"
        />
        <Switch
          label="Overdue only"
          checked={overdue}
          onChange={(e) => set("overdue", e.currentTarget.checked ? "true" : null)}
          data-testid="filter-overdue"
        />
      </Group>
      {!data ? (
        <TableSkeleton rows={4} />
      ) : data.campaigns.length === 0 ? (
        <EmptyState
          icon={<IconUserCheck size={22} />}
          title={status || overdue ? "No campaign matches these filters" : "No access review yet"}
          action={
            data.permissions.canCreate && !status && !overdue ? (
              <Button size="xs" onClick={() => setCreating(true)}>
                Start the first review
              </Button>
            ) : undefined
          }
        >
          A campaign lists the accounts of each system in scope and asks the right person to confirm them.
        </EmptyState>
      ) : (
        <Card padding={0}>
          <Table verticalSpacing="sm" highlightOnHover data-testid="campaign-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Campaign</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Due</Table.Th>
                <Table.Th w={220}>Decided</Table.Th>
                <Table.Th>Open revocations</Table.Th>
                <Table.Th>Schedule</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.campaigns.map((c) => (
                <Table.Tr key={c.id} data-testid="campaign-row" data-id={c.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/access-reviews/${c.id}`} fw={500}>
                      {c.name}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <StatusBadge status={c.status} />
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" c={c.overdue ? "red" : undefined} fw={c.overdue ? 600 : undefined}>
                      {formatDate(c.dueDate)}
                      {c.overdue ? " · overdue" : ""}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      <Progress
                        value={c.progress.percent}
                        w={110}
                        color={c.progress.percent === 100 ? "teal" : "blue"}
                      />
                      <Text size="xs" c="dimmed">
                        {c.progress.decided}/{c.progress.total} ({c.progress.percent}%)
                      </Text>
                    </Group>
                  </Table.Td>
                  <Table.Td>{c.openTasks}</Table.Td>
                  <Table.Td>
                    <Text size="sm">{SCHEDULE_LABELS[c.schedule]}</Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Card>
      )}
      {creating && data ? (
        <NewCampaignModal
          orgId={orgId}
          people={data.people}
          nextDue={data.schedule.nextDue}
          onClose={() => setCreating(false)}
        />
      ) : null}
    </Stack>
  );
}

/** The organization's access reviews. */
export function AccessReviewsPage() {
  return <OrgOnly what="access reviews">{(orgId) => <Register orgId={orgId} />}</OrgOnly>;
}
