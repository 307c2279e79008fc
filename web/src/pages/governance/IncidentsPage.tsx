/**
 * The organization's incident register (issue 7 §4): my open post-incident actions, filters, the
 * table with each incident's next notification deadline (overdue in red), exports and recording a
 * new incident. Organization admins and control owners write; the auditing firm reads.
 */
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
} from "@mantine/core";
import { IconDownload, IconPlus, IconSearch, IconUrgent } from "@tabler/icons-react";
import { useState } from "react";
import { Link, useNavigate, useSearchParams } from "react-router-dom";
import { PageHeader } from "../../components/PageHeader";
import { EmptyState, ErrorState, TableSkeleton } from "../../components/States";
import { formatDate, formatDateTime } from "../../format";
import { OrgOnly, useOrgAccess } from "../../workspace";
import { clockCountdown, useNow } from "./IncidentClocks";
import { IncidentForm } from "./IncidentForm";
import {
  CLASSIFICATIONS,
  capitalise,
  type IncidentFilters,
  type IncidentListItem,
  incidentExportPath,
  liveStatus,
  SEVERITIES,
  SEVERITY_COLORS,
  STATUS_COLORS,
  STATUSES,
  useIncidentList,
  useIncidentTasks,
} from "./incident-api";

function MyTasks({ orgId }: { orgId: string }) {
  const tasks = useIncidentTasks(orgId);
  const list = tasks.data?.tasks ?? [];
  if (list.length === 0) return null;
  return (
    <Alert color="orange" title={`Your post-incident actions (${list.length})`} data-testid="incident-tasks">
      <Stack gap={4}>
        {list.map((t) => (
          <Group key={t.id} gap="xs" data-testid="incident-task">
            <Anchor component={Link} to={t.link} size="sm">
              {t.incidentRef} · {t.title}
            </Anchor>
            {t.dueDate ? (
              <Text size="xs" c={t.overdue ? "red" : "dimmed"}>
                due {formatDate(t.dueDate)}
                {t.overdue ? " (overdue)" : ""}
              </Text>
            ) : null}
          </Group>
        ))}
      </Stack>
    </Alert>
  );
}

/** The most urgent open clock of an incident, or a summary when all are done. */
function NextDeadline({ incident, now }: { incident: IncidentListItem; now: number }) {
  if (incident.clocks.length === 0)
    return (
      <Text size="sm" c="dimmed">
        —
      </Text>
    );
  const open = incident.clocks
    .filter((c) => liveStatus(c, now) !== "done")
    .sort((a, b) => a.dueAt.localeCompare(b.dueAt));
  const first = open.find((c) => liveStatus(c, now) === "overdue") ?? open[0];
  if (!first) {
    return (
      <Badge color="teal" variant="light">
        {incident.clocks.length} notified
      </Badge>
    );
  }
  const status = liveStatus(first, now);
  return (
    <Stack gap={0} data-testid="next-deadline" data-status={status}>
      <Text size="sm" fw={600} c={status === "overdue" ? "red" : status === "due_now" ? "orange" : undefined}>
        {first.regime}: {status === "due_now" ? "due now" : clockCountdown(first, now)}
      </Text>
      <Text size="xs" c="dimmed">
        {first.recipient}
        {open.length > 1 ? ` · ${open.length - 1} more open` : ""}
      </Text>
    </Stack>
  );
}

const PARAMS = ["status", "severity", "classification", "personalData", "q"] as const;

function Register({ orgId }: { orgId: string }) {
  const access = useOrgAccess(orgId);
  const navigate = useNavigate();
  const now = useNow();
  const [params, setParams] = useSearchParams();
  const [adding, setAdding] = useState(false);
  const filters: IncidentFilters = Object.fromEntries(PARAMS.map((k) => [k, params.get(k)]));
  const setFilter = (k: (typeof PARAMS)[number], v: string | null) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    setParams(next, { replace: true });
  };
  const query = useIncidentList(orgId, filters);
  const data = query.data;
  if (query.isError && !data) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  const filtered = PARAMS.some((k) => params.get(k));
  return (
    <Stack gap="md">
      <PageHeader
        title="Incidents"
        subtitle="Security events, incidents and breaches with their notification deadlines, response and review."
        actions={
          <Group gap="xs">
            <Button
              component="a"
              href={incidentExportPath(orgId, "csv")}
              variant="default"
              size="xs"
              leftSection={<IconDownload size={14} />}
              data-testid="export-csv"
            >
              CSV
            </Button>
            <Button
              component="a"
              href={incidentExportPath(orgId, "json")}
              variant="default"
              size="xs"
              leftSection={<IconDownload size={14} />}
              data-testid="export-json"
            >
              JSON
            </Button>
            {data?.permissions.canCreate ? (
              <Button
                size="xs"
                leftSection={<IconPlus size={14} />}
                onClick={() => setAdding(true)}
                data-testid="new-incident"
              >
                Record incident
              </Button>
            ) : null}
          </Group>
        }
      />
      {access.contributor ? <MyTasks orgId={orgId} /> : null}
      <Group gap="sm" data-testid="incident-filters">
        <TextInput
          placeholder="Search"
          leftSection={<IconSearch size={14} />}
          value={filters.q ?? ""}
          onChange={(e) => setFilter("q", e.currentTarget.value)}
          w={220}
        />
        <Select
          placeholder="Status"
          clearable
          data={[
            { value: "active", label: "Not closed" },
            ...STATUSES.map((s) => ({ value: s, label: capitalise(s) })),
          ]}
          value={filters.status ?? null}
          onChange={(v) => setFilter("status", v)}
          w={150}
          data-testid="filter-status"
        />
        <Select
          placeholder="Severity"
          clearable
          data={[...SEVERITIES]}
          value={filters.severity ?? null}
          onChange={(v) => setFilter("severity", v)}
          w={130}
        />
        <Select
          placeholder="Classification"
          clearable
          data={CLASSIFICATIONS.map((c) => ({ value: c, label: capitalise(c) }))}
          value={filters.classification ?? null}
          onChange={(v) => setFilter("classification", v)}
          w={160}
        />
        <Select
          placeholder="Personal data"
          clearable
          data={[
            { value: "yes", label: "Personal data" },
            { value: "no", label: "No personal data" },
          ]}
          value={filters.personalData ?? null}
          onChange={(v) => setFilter("personalData", v)}
          w={180}
        />
      </Group>
      {!data ? (
        <TableSkeleton />
      ) : data.incidents.length === 0 ? (
        <EmptyState
          icon={<IconUrgent size={22} />}
          title={filtered ? "No incidents match these filters" : "No incidents recorded"}
          testId="incidents-empty"
          action={
            data.permissions.canCreate && !filtered ? (
              <Button size="xs" onClick={() => setAdding(true)}>
                Record the first incident
              </Button>
            ) : undefined
          }
        >
          {filtered
            ? "Clear a filter to see more."
            : "Record security events as they are triaged; the register keeps the notification clocks, response timeline and post-incident review together."}
        </EmptyState>
      ) : (
        <Card padding={0}>
          <Table highlightOnHover verticalSpacing="sm" data-testid="incidents-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Incident</Table.Th>
                <Table.Th>Severity</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Aware</Table.Th>
                <Table.Th>Next notification</Table.Th>
                <Table.Th>Owner</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.incidents.map((i) => (
                <Table.Tr
                  key={i.id}
                  data-testid="incident-row"
                  style={{ cursor: "pointer" }}
                  onClick={() => navigate(`/incidents/${i.id}`)}
                >
                  <Table.Td>
                    <Anchor
                      component={Link}
                      to={`/incidents/${i.id}`}
                      fw={600}
                      size="sm"
                      onClick={(e) => e.stopPropagation()}
                    >
                      {i.ref} · {i.title}
                    </Anchor>
                    <Group gap={4} mt={2}>
                      <Badge
                        size="xs"
                        variant="outline"
                        color={i.classification === "breach" ? "red" : "gray"}
                      >
                        {i.classification}
                      </Badge>
                      {i.personalData ? (
                        <Badge size="xs" variant="outline" color="grape">
                          personal data
                        </Badge>
                      ) : null}
                      {i.disclose ? (
                        <Badge size="xs" variant="outline" color="blue">
                          DC4
                        </Badge>
                      ) : null}
                      {i.openActions > 0 ? (
                        <Text size="xs" c="dimmed">
                          {i.openActions} open action{i.openActions === 1 ? "" : "s"}
                        </Text>
                      ) : null}
                    </Group>
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: "nowrap" }}>
                    <Badge color={SEVERITY_COLORS[i.severity]}>{i.severity}</Badge>
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: "nowrap" }}>
                    <Badge color={STATUS_COLORS[i.status]} variant="light">
                      {i.status}
                    </Badge>
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: "nowrap" }}>
                    <Text size="sm">{formatDateTime(i.awareAt)}</Text>
                  </Table.Td>
                  <Table.Td>
                    <NextDeadline incident={i} now={now} />
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{i.owner?.name ?? "—"}</Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Card>
      )}
      {adding && data ? (
        <IncidentForm
          orgId={orgId}
          people={data.people}
          userId={access.userId}
          definitions={data.definitions}
          onClose={() => setAdding(false)}
          onSaved={(id) => navigate(`/incidents/${id}`)}
        />
      ) : null}
    </Stack>
  );
}

/** The organization's incidents. */
export function IncidentsPage() {
  return <OrgOnly what="incidents">{(orgId) => <Register orgId={orgId} />}</OrgOnly>;
}
