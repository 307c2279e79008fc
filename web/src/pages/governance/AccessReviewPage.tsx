/**
 * One access review campaign: progress overall, per system and per reviewer; launch, reminders and
 * sign-off; the accounts to decide; revocation tasks closed with evidence; the campaign's history.
 */
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Grid,
  Group,
  Progress,
  Stack,
  Table,
  Text,
  Title,
} from "@mantine/core";
import {
  IconBell,
  IconCheck,
  IconDownload,
  IconPlus,
  IconRocket,
  IconSignature,
  IconUpload,
} from "@tabler/icons-react";
import { useState } from "react";
import { Link, useParams } from "react-router-dom";
import { api, errorMessage, seg } from "../../api";
import { PageHeader } from "../../components/PageHeader";
import { ErrorState, PageLoader } from "../../components/States";
import { formatDate, formatDateTime } from "../../format";
import { useOrgAccess } from "../../workspace";
import { EntriesTable } from "./AccessReviewEntries";
import { AddSystemModal, CloseTaskModal, ImportModal } from "./AccessReviewForms";
import { StatusBadge } from "./AccessReviewsPage";
import {
  accessReviewExportPath,
  type CampaignDetail,
  type Progress as P,
  reviewApi,
  SCHEDULE_LABELS,
  type Task,
  useAccessReview,
  useCampaignMutation,
} from "./access-review-api";

function Bar({ label, progress, testId }: { label: string; progress: P; testId?: string }) {
  return (
    <div data-testid={testId} data-percent={progress.percent}>
      <Group justify="space-between" gap="xs">
        <Text size="sm">{label}</Text>
        <Text size="xs" c="dimmed">
          {progress.decided}/{progress.total} · {progress.percent}%
        </Text>
      </Group>
      <Progress value={progress.percent} color={progress.percent === 100 ? "teal" : "blue"} size="sm" />
    </div>
  );
}

function Actions({ detail }: { detail: CampaignDetail }) {
  const id = detail.campaign.id;
  const [message, setMessage] = useState<string | null>(null);
  const launch = useCampaignMutation(id, () => reviewApi.launch(id));
  const signOff = useCampaignMutation(id, () => reviewApi.signOff(id));
  const remind = useCampaignMutation(id, async () => {
    const r = await reviewApi.remind(id);
    setMessage(
      `Reminded ${r.reminded} ${r.reminded === 1 ? "person" : "people"}${r.emailed ? ` (${r.emailed} e-mailed)` : ""}.`,
    );
    return api.get<CampaignDetail>(`/api/access-reviews/${seg(id)}`);
  });
  const error = launch.error ?? signOff.error ?? remind.error;
  const p = detail.permissions;
  const access = useOrgAccess(detail.campaign.orgId);
  return (
    <Stack gap={4} align="flex-end">
      <Group gap="xs">
        <Button
          component="a"
          href={accessReviewExportPath(detail.campaign.orgId, "csv", id)}
          variant="default"
          size="xs"
          leftSection={<IconDownload size={14} />}
        >
          CSV
        </Button>
        {p.canLaunch ? (
          <Button
            size="xs"
            leftSection={<IconRocket size={14} />}
            onClick={() => launch.mutate(undefined)}
            loading={launch.isPending}
            data-testid="launch"
          >
            Launch
          </Button>
        ) : null}
        {p.canRemind ? (
          <Button
            size="xs"
            variant="default"
            leftSection={<IconBell size={14} />}
            onClick={() => remind.mutate(undefined)}
            loading={remind.isPending}
            data-testid="remind"
          >
            Send reminders
          </Button>
        ) : null}
        {detail.campaign.status !== "signed_off" && access.admin ? (
          <Button
            size="xs"
            color="green"
            leftSection={<IconSignature size={14} />}
            disabled={!p.canSignOff}
            onClick={() => signOff.mutate(undefined)}
            loading={signOff.isPending}
            data-testid="sign-off"
          >
            Sign off
          </Button>
        ) : null}
      </Group>
      {message ? (
        <Text size="xs" c="teal" data-testid="remind-result">
          {message}
        </Text>
      ) : null}
      {error ? (
        <Text size="xs" c="red" data-testid="action-error">
          {errorMessage(error)}
        </Text>
      ) : null}
    </Stack>
  );
}

function Tasks({ detail }: { detail: CampaignDetail }) {
  const [closing, setClosing] = useState<Task | null>(null);
  if (detail.tasks.length === 0) return null;
  return (
    <Card padding="md">
      <Title order={4} mb="xs">
        Revocations
      </Title>
      <Table verticalSpacing="xs" data-testid="tasks-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Account</Table.Th>
            <Table.Th>Reason</Table.Th>
            <Table.Th>Owner</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>Evidence of removal</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {detail.tasks.map((t) => (
            <Table.Tr key={t.id} data-testid="task-row" data-account={t.account} data-status={t.status}>
              <Table.Td>
                <Text size="sm" fw={500}>
                  {t.account}
                </Text>
                <Text size="xs" c="dimmed">
                  {t.systemName}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{t.reason}</Text>
              </Table.Td>
              <Table.Td>{t.assignee?.name ?? "—"}</Table.Td>
              <Table.Td>
                <Badge
                  color={t.status === "closed" ? "teal" : "red"}
                  variant="light"
                  tt="none"
                  style={{ overflow: "visible" }}
                >
                  {t.status === "closed" ? `Removed ${formatDate(t.closedAt)}` : "To remove"}
                </Badge>
              </Table.Td>
              <Table.Td>
                {t.evidenceId ? (
                  <Anchor
                    component={Link}
                    to={`/evidence/${t.evidenceId}`}
                    size="sm"
                    data-testid="task-evidence"
                  >
                    Evidence item
                  </Anchor>
                ) : t.canClose ? (
                  <Button size="compact-xs" onClick={() => setClosing(t)} data-testid="close-task">
                    Close with evidence
                  </Button>
                ) : (
                  <Text size="xs" c="dimmed">
                    Waiting for {t.assignee?.name ?? "the owner"}
                  </Text>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {closing ? (
        <CloseTaskModal campaignId={detail.campaign.id} task={closing} onClose={() => setClosing(null)} />
      ) : null}
    </Card>
  );
}

const ACTIONS: Record<string, string> = {
  "access_review.created": "Created",
  "access_review.updated": "Edited",
  "access_review.system_added": "System added",
  "access_review.accounts_imported": "Accounts imported",
  "access_review.launched": "Launched",
  "access_review.decided": "Decided",
  "access_review.revocation_closed": "Access removed",
  "access_review.reminded": "Reminders sent",
  "access_review.signed_off": "Signed off",
};

const describe = (summary: Record<string, unknown>): string => {
  const after = (summary.after ?? {}) as Record<string, unknown>;
  if (Array.isArray(after.entries))
    return `${String(after.decision)}: ${(after.entries as { account: string }[]).map((e) => e.account).join(", ")}`;
  if (after.system && after.added !== undefined)
    return `${String(after.system)}: ${String(after.added)} added, ${String(after.skipped)} already listed`;
  if (after.account) return `${String(after.account)} on ${String(after.system)}`;
  if (after.automatic !== undefined) return after.automatic ? "automatic (overdue)" : "on request";
  if (after.resultSha256) return `result SHA-256 ${String(after.resultSha256).slice(0, 16)}…`;
  return Object.entries(after)
    .map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(", ") : String(v)}`)
    .join("; ");
};

function History({ detail }: { detail: CampaignDetail }) {
  return (
    <Card padding="md" data-testid="history">
      <Title order={4} mb="xs">
        History
      </Title>
      <Stack gap={6}>
        {detail.history.map((h) => (
          <Group key={h.seq} gap="xs" wrap="nowrap" align="flex-start">
            <Text size="xs" c="dimmed" w={140} style={{ flexShrink: 0 }}>
              {formatDateTime(h.at)}
            </Text>
            <Badge size="sm" variant="light" color="gray" style={{ flexShrink: 0 }}>
              {ACTIONS[h.action] ?? h.action}
            </Badge>
            <Text size="xs">
              {h.actor} · {describe(h.summary)}
            </Text>
          </Group>
        ))}
      </Stack>
    </Card>
  );
}

function Campaign({ detail }: { detail: CampaignDetail }) {
  const c = detail.campaign;
  const [adding, setAdding] = useState(false);
  const [importing, setImporting] = useState<{ id: string; name: string } | null>(null);
  return (
    <Stack gap="md">
      <PageHeader
        crumbs={[{ label: "Access reviews", to: "/access-reviews" }, { label: c.name }]}
        title={c.name}
        badges={<StatusBadge status={c.status} />}
        subtitle={
          <Text size="sm" c={c.overdue ? "red" : "dimmed"} span>
            Due {formatDate(c.dueDate)}
            {c.overdue ? " · overdue" : ""} · {SCHEDULE_LABELS[c.schedule]}
            {c.nextDueDate ? `, next due ${formatDate(c.nextDueDate)}` : ""}
          </Text>
        }
        actions={<Actions detail={detail} />}
      />
      {c.status === "signed_off" ? (
        <Alert color="green" icon={<IconCheck size={18} />} title="Signed off" data-testid="signed-off">
          Signed off by {c.signedOffBy?.name} on {formatDateTime(c.signedOffAt)}. The result is evidence for
          CC6.2 and CC6.3 (SHA-256 {c.resultSha256?.slice(0, 16)}…) and can no longer change.{" "}
          {c.evidenceId ? (
            <Anchor component={Link} to={`/evidence/${c.evidenceId}`}>
              Open the evidence item
            </Anchor>
          ) : null}
        </Alert>
      ) : detail.signOffBlockers.length > 0 && c.status !== "draft" ? (
        <Alert color="gray" title="Before sign-off" data-testid="blockers">
          {detail.signOffBlockers.join(" ")}
        </Alert>
      ) : null}
      <Grid gutter="md">
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Card padding="md" h="100%">
            <Title order={4} mb="xs">
              Completion
            </Title>
            <Text fz={36} fw={700} data-testid="completion" data-percent={c.progress.percent}>
              {c.progress.percent}%
            </Text>
            <Text size="sm" c="dimmed">
              {c.progress.decided} of {c.progress.total} accounts decided · {c.openTasks} revocation
              {c.openTasks === 1 ? "" : "s"} open
            </Text>
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Card padding="md" h="100%">
            <Group justify="space-between" mb="xs">
              <Title order={4}>Systems</Title>
              {detail.permissions.canManage ? (
                <Button
                  size="compact-xs"
                  variant="default"
                  leftSection={<IconPlus size={12} />}
                  onClick={() => setAdding(true)}
                  data-testid="add-system"
                >
                  Add
                </Button>
              ) : null}
            </Group>
            <Stack gap="xs">
              {detail.systems.map((s) => (
                <div key={s.id} data-testid="system" data-name={s.name}>
                  <Bar label={`${s.name} · ${s.owner?.name ?? "—"}`} progress={s.progress} />
                  {detail.permissions.canImport ? (
                    <Button
                      size="compact-xs"
                      variant="subtle"
                      leftSection={<IconUpload size={12} />}
                      onClick={() => setImporting(s)}
                      data-testid="import"
                    >
                      {s.importedAt ? "Import more" : "Import accounts"}
                    </Button>
                  ) : null}
                </div>
              ))}
            </Stack>
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Card padding="md" h="100%">
            <Title order={4} mb="xs">
              Reviewers
            </Title>
            <Stack gap="xs">
              {detail.reviewers.map((r) => (
                <Bar
                  key={r.reviewer?.id}
                  label={r.reviewer?.name ?? "—"}
                  progress={r.progress}
                  testId="reviewer-progress"
                />
              ))}
            </Stack>
          </Card>
        </Grid.Col>
      </Grid>
      <EntriesTable key={c.status} detail={detail} />
      <Tasks detail={detail} />
      <History detail={detail} />
      {adding ? <AddSystemModal detail={detail} onClose={() => setAdding(false)} /> : null}
      {importing ? (
        <ImportModal campaignId={c.id} system={importing} onClose={() => setImporting(null)} />
      ) : null}
    </Stack>
  );
}

export function AccessReviewPage() {
  const { id = "" } = useParams();
  const query = useAccessReview(id);
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  if (!query.data) return <PageLoader />;
  return <Campaign detail={query.data} />;
}
