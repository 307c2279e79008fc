import {
  Alert,
  Anchor,
  Badge,
  Box,
  Button,
  Card,
  Group,
  Progress,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  Tooltip,
} from "@mantine/core";
import {
  IconAlertTriangle,
  IconDownload,
  IconListDetails,
  IconSearch,
  IconShieldCheck,
  IconTarget,
} from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { Link, useSearchParams } from "react-router-dom";
import { api, seg } from "../api";
import { ControlStatusBadge, FreshnessBadge } from "../components/Badges";
import { PageHeader } from "../components/PageHeader";
import { EmptyState, ErrorState, TableSkeleton } from "../components/States";
import {
  CONTROL_DOMAINS,
  CONTROL_STATUS_OPTIONS,
  categoryName,
  domainLabel,
  FRESHNESS_LABELS,
  formatDate,
  plural,
} from "../format";
import { notifySuccess } from "../notify";
import { keys, useControls, useCoverage, useFreshness } from "../queries";
import type { Control, ControlFreshness, CoverageRow } from "../types";
import { EngagementSelect, OrgOnly, useOrgAccess, useWorkspaceEngagement } from "../workspace";

const UNASSIGNED = "__none__";

function AdoptButton({
  orgId,
  engagementId,
  engagementName,
  size = "sm",
}: {
  orgId: string;
  engagementId: string | null;
  engagementName?: string;
  size?: "sm" | "xs";
}) {
  const queryClient = useQueryClient();
  const adopt = useMutation({
    mutationFn: () =>
      api.post<{ adopted: number; skipped: number }>(`/api/organizations/${seg(orgId)}/controls/adopt`, {
        engagementId,
      }),
    meta: { errorTitle: "Controls not adopted" },
    onSuccess: (res) => {
      notifySuccess(
        res.adopted === 0
          ? `Every library control for the scope was already adopted (${res.skipped}).`
          : `${plural(res.adopted, "control")} adopted${res.skipped > 0 ? `; ${res.skipped} were already adopted` : ""}.`,
        "Controls adopted",
      );
      void queryClient.invalidateQueries({ queryKey: keys.controls(orgId) });
      void queryClient.invalidateQueries({ queryKey: keys.freshness(orgId) });
      void queryClient.invalidateQueries({ queryKey: ["coverage", orgId] });
      void queryClient.invalidateQueries({ queryKey: ["readiness", orgId] });
    },
  });
  const button = (
    <Button
      leftSection={<IconDownload size={16} />}
      onClick={() => adopt.mutate()}
      loading={adopt.isPending}
      disabled={!engagementId}
      size={size}
      data-testid="adopt-controls"
    >
      Adopt controls for the engagement scope
    </Button>
  );
  if (!engagementId) {
    return (
      <Tooltip label="Create an engagement first: its categories decide which controls apply.">
        <span>{button}</span>
      </Tooltip>
    );
  }
  return engagementName ? (
    <Tooltip
      label={`Adds every library control for the categories of ${engagementName}; adopted ones are skipped.`}
    >
      {button}
    </Tooltip>
  ) : (
    button
  );
}

function ControlsTable({
  controls,
  freshness,
  showFreshness,
}: {
  controls: Control[];
  freshness: Map<string, ControlFreshness>;
  showFreshness: boolean;
}) {
  return (
    <Box style={{ overflowX: "auto" }}>
      <Table miw={showFreshness ? 1040 : 760} data-testid="controls-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={92}>Code</Table.Th>
            <Table.Th>Control</Table.Th>
            <Table.Th>Domain</Table.Th>
            <Table.Th>Owner</Table.Th>
            <Table.Th>Status</Table.Th>
            {showFreshness ? (
              <>
                <Table.Th style={{ whiteSpace: "nowrap" }}>Last evidence</Table.Th>
                <Table.Th style={{ whiteSpace: "nowrap" }}>Next due</Table.Th>
                <Table.Th>Freshness</Table.Th>
              </>
            ) : null}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {controls.map((c) => {
            const f = freshness.get(c.id);
            const overdue = f?.status === "overdue";
            return (
              <Table.Tr
                key={c.id}
                data-testid="control-row"
                data-code={c.code}
                data-status={c.status}
                data-freshness={f?.status ?? ""}
              >
                <Table.Td>
                  <Link className="fw-row-link" to={`/controls/${c.id}`}>
                    <Text span ff="monospace" size="sm" fw={600}>
                      {c.code}
                    </Text>
                  </Link>
                </Table.Td>
                <Table.Td maw={360}>
                  <Link className="fw-row-link" to={`/controls/${c.id}`}>
                    {c.title}
                  </Link>
                  <Text size="xs" c="dimmed" lineClamp={1}>
                    {c.criteria.join(", ")}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{domainLabel(c.domain)}</Text>
                </Table.Td>
                <Table.Td style={{ whiteSpace: "nowrap" }}>
                  {c.ownerName ? (
                    <Text size="sm">{c.ownerName}</Text>
                  ) : (
                    <Text size="sm" c="orange.8">
                      Unassigned
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <ControlStatusBadge status={c.status} />
                </Table.Td>
                {showFreshness ? (
                  <>
                    <Table.Td style={{ whiteSpace: "nowrap" }}>
                      <Text size="sm" className="fw-tabular">
                        {f?.lastEffectiveDate ? formatDate(f.lastEffectiveDate) : "—"}
                      </Text>
                    </Table.Td>
                    <Table.Td style={{ whiteSpace: "nowrap" }}>
                      <Text
                        size="sm"
                        className="fw-tabular"
                        c={overdue ? "red.7" : undefined}
                        fw={overdue ? 600 : undefined}
                        data-testid="next-due"
                        data-overdue={overdue ? "true" : "false"}
                      >
                        {f?.nextDue ? formatDate(f.nextDue) : "—"}
                        {overdue ? ` (${f?.daysOverdue} d late)` : ""}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      {f ? <FreshnessBadge status={f.status} /> : <Text c="dimmed">—</Text>}
                    </Table.Td>
                  </>
                ) : null}
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Box>
  );
}

function CoverageView({ orgId, engagementId }: { orgId: string; engagementId: string | null }) {
  const query = useCoverage(orgId, engagementId);
  const [onlyGaps, setOnlyGaps] = useState(false);
  if (query.isPending) return <TableSkeleton rows={8} />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  const c = query.data;
  const total = c.criteria.length;
  const covered = total - c.uncovered.length;
  const byCategory = new Map<string, CoverageRow[]>();
  for (const row of c.criteria) {
    if (onlyGaps && row.covered) continue;
    byCategory.set(row.category, [...(byCategory.get(row.category) ?? []), row]);
  }
  return (
    <Stack gap="lg" data-testid="coverage">
      <Card padding="md">
        <Group justify="space-between" align="flex-end" wrap="wrap">
          <Stack gap={4} style={{ flex: 1, minWidth: 260 }}>
            <Text size="xs" c="dimmed" tt="uppercase" fw={700} style={{ letterSpacing: "0.06em" }}>
              Criteria covered
            </Text>
            <Group gap="xs" align="baseline">
              <Text fz={28} fw={700} className="fw-tabular" data-testid="coverage-covered">
                {covered}
              </Text>
              <Text c="dimmed">of {total} criteria in scope</Text>
            </Group>
            <Progress
              value={total === 0 ? 0 : (covered / total) * 100}
              color={c.uncovered.length ? "orange" : "teal"}
            />
            <Text size="xs" c="dimmed">
              {c.categories.map(categoryName).join(", ")} · {plural(c.controlsInScope, "applicable control")}
            </Text>
          </Stack>
          <SegmentedControl
            value={onlyGaps ? "gaps" : "all"}
            onChange={(v) => setOnlyGaps(v === "gaps")}
            data={[
              { value: "all", label: "All criteria" },
              { value: "gaps", label: `Gaps only (${c.uncovered.length})` },
            ]}
          />
        </Group>
        {c.uncovered.length > 0 ? (
          <Alert
            color="red"
            variant="light"
            mt="md"
            icon={<IconAlertTriangle size={18} />}
            data-testid="uncovered"
          >
            <Text size="sm" fw={600}>
              {plural(c.uncovered.length, "criterion", "criteria")} in scope{" "}
              {c.uncovered.length === 1 ? "has" : "have"} no applicable control:
            </Text>
            <Text size="sm" ff="monospace">
              {c.uncovered.join(", ")}
            </Text>
            <Text size="xs" mt={4}>
              Adopt or write a control for each, or mark the criterion not relevant in the system description
              (DC8), with the reason.
            </Text>
          </Alert>
        ) : null}
      </Card>
      {[...byCategory.entries()].map(([category, rows]) => (
        <Card key={category} padding="md">
          <Title order={3} mb="sm">
            {categoryName(category)}{" "}
            <Text span c="dimmed" size="sm">
              ({category})
            </Text>
          </Title>
          <Table data-testid={`coverage-${category}`}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={90}>Criterion</Table.Th>
                <Table.Th>What it asks</Table.Th>
                <Table.Th>Controls</Table.Th>
                <Table.Th w={120}>Coverage</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((row) => (
                <Table.Tr
                  key={row.criterionId}
                  data-testid="coverage-row"
                  data-criterion={row.criterionId}
                  data-covered={row.covered ? "true" : "false"}
                  bg={row.covered ? undefined : "var(--mantine-color-red-0)"}
                >
                  <Table.Td>
                    <Text ff="monospace" size="sm" fw={600} c={row.covered ? undefined : "red.8"}>
                      {row.criterionId}
                    </Text>
                  </Table.Td>
                  <Table.Td maw={420}>
                    <Text size="sm" lineClamp={2}>
                      {row.title}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    {row.controls.length === 0 ? (
                      <Text size="sm" c="red.8" fw={500}>
                        No control
                      </Text>
                    ) : (
                      <Group gap={4}>
                        {row.controls.map((k) => (
                          <Tooltip key={k.id} label={`${k.title} · ${k.status.replace("_", " ")}`}>
                            <Badge
                              component={Link}
                              to={`/controls/${k.id}`}
                              variant={k.status === "implemented" ? "light" : "outline"}
                              color={
                                k.status === "implemented"
                                  ? "teal"
                                  : k.status === "not_applicable"
                                    ? "gray"
                                    : "yellow"
                              }
                              style={{ cursor: "pointer", textTransform: "none" }}
                            >
                              {k.code}
                            </Badge>
                          </Tooltip>
                        ))}
                      </Group>
                    )}
                  </Table.Td>
                  <Table.Td>
                    {row.covered ? (
                      <Badge color="teal" variant="light" miw="max-content">
                        Covered
                      </Badge>
                    ) : (
                      <Badge color="red" variant="filled" miw="max-content">
                        Not covered
                      </Badge>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Card>
      ))}
    </Stack>
  );
}

/** The organization's controls with owners, status and evidence freshness, and criteria coverage. */
export function ControlsView({ orgId, embedded = false }: { orgId: string; embedded?: boolean }) {
  const access = useOrgAccess(orgId);
  const ws = useWorkspaceEngagement(orgId);
  const controls = useControls(orgId);
  const freshness = useFreshness(orgId, !access.employeeOnly);
  const [params, setParams] = useSearchParams();
  const view = params.get("view") === "coverage" ? "coverage" : "list";
  const setView = (v: string) => {
    const p = new URLSearchParams(params);
    if (v === "coverage") p.set("view", "coverage");
    else p.delete("view");
    setParams(p, { replace: true });
  };
  const [search, setSearch] = useState("");
  const [domain, setDomain] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [owner, setOwner] = useState<string | null>(params.get("owner"));
  const [fresh, setFresh] = useState<string | null>(params.get("freshness"));

  const list = controls.data ?? [];
  const freshById = useMemo(
    () => new Map((freshness.data?.controls ?? []).map((f) => [f.controlId, f])),
    [freshness.data],
  );
  const owners = useMemo(() => {
    const seen = new Map<string, string>();
    for (const c of list) if (c.ownerUserId) seen.set(c.ownerUserId, c.ownerName ?? "Unknown");
    return [...seen.entries()].sort((a, b) => a[1].localeCompare(b[1]));
  }, [list]);
  const domains = CONTROL_DOMAINS.filter((d) => list.some((c) => c.domain === d.value));
  const q = search.trim().toLowerCase();
  const filtered = list.filter(
    (c) =>
      (!q ||
        c.code.toLowerCase().includes(q) ||
        c.title.toLowerCase().includes(q) ||
        c.criteria.some((id) => id.toLowerCase() === q)) &&
      (!domain || c.domain === domain) &&
      (!status || c.status === status) &&
      (!owner || (owner === UNASSIGNED ? !c.ownerUserId : c.ownerUserId === owner)) &&
      (!fresh || freshById.get(c.id)?.status === fresh),
  );
  const implemented = list.filter((c) => c.status === "implemented").length;
  const needNow = (freshness.data?.controls ?? []).filter(
    (f) => f.status === "overdue" || f.status === "missing",
  );
  const overdueCount = needNow.filter((f) => f.status === "overdue").length;
  const showFreshness = !access.employeeOnly && !freshness.isError;

  const adopt =
    access.admin && view === "list" ? (
      <AdoptButton orgId={orgId} engagementId={ws.engagementId} engagementName={ws.engagement?.name} />
    ) : null;
  const toolbar = (
    <Group justify="space-between" wrap="wrap" gap="sm">
      <SegmentedControl
        value={view}
        onChange={setView}
        data={[
          {
            value: "list",
            label: (
              <Group gap={6} wrap="nowrap">
                <IconListDetails size={16} />
                <span>Controls</span>
              </Group>
            ),
          },
          {
            value: "coverage",
            label: (
              <Group gap={6} wrap="nowrap" data-testid="coverage-tab">
                <IconTarget size={16} />
                <span>Coverage</span>
              </Group>
            ),
          },
        ]}
      />
      <Group gap="sm">
        <EngagementSelect
          engagements={ws.engagements}
          value={ws.engagementId}
          onChange={ws.setEngagementId}
        />
        {embedded ? adopt : null}
      </Group>
    </Group>
  );

  return (
    <>
      {embedded ? null : (
        <PageHeader
          title="Controls"
          subtitle={
            list.length > 0
              ? `${plural(list.length, "control")} · ${implemented} implemented${overdueCount > 0 ? ` · ${overdueCount} with overdue evidence` : ""}`
              : "What you do to meet the trust services criteria, who owns it, and its evidence"
          }
          actions={adopt}
        />
      )}
      <Stack gap="lg">
        {toolbar}
        {view === "coverage" ? (
          <CoverageView orgId={orgId} engagementId={ws.engagementId} />
        ) : controls.isPending ? (
          <Card>
            <TableSkeleton rows={8} />
          </Card>
        ) : controls.isError ? (
          <ErrorState error={controls.error} onRetry={() => void controls.refetch()} />
        ) : list.length === 0 ? (
          <EmptyState
            icon={<IconShieldCheck size={22} />}
            title="No controls adopted yet"
            testId="controls-empty"
            action={
              access.admin ? (
                <AdoptButton orgId={orgId} engagementId={ws.engagementId} size="xs" />
              ) : undefined
            }
          >
            Fieldwork's control library maps controls to every trust services criterion. Adopting copies the
            controls for your engagement's categories (
            {ws.engagement?.categories?.map(categoryName).join(", ") ?? "Security"}) into your workspace,
            where you assign owners, set their status and collect evidence.{" "}
            {access.admin
              ? "Controls already adopted are skipped, so you can adopt again after widening the scope."
              : "Your organization admin adopts them."}
          </EmptyState>
        ) : (
          <>
            {showFreshness && needNow.length > 0 ? (
              <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }} spacing="sm">
                {(freshness.data?.overdueByOwner ?? []).slice(0, 4).map((g) => (
                  <Card
                    key={g.owner?.userId ?? "none"}
                    padding="sm"
                    style={{ cursor: "pointer" }}
                    onClick={() => {
                      setOwner(g.owner?.userId ?? UNASSIGNED);
                      setFresh(null);
                    }}
                    data-testid="overdue-owner"
                  >
                    <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
                      Evidence needed
                    </Text>
                    <Text fw={600} size="sm" truncate>
                      {g.owner?.name ?? "No owner"}
                    </Text>
                    <Text size="xs" c={g.controls.some((c) => c.status === "overdue") ? "red.7" : "orange.8"}>
                      {plural(g.controls.length, "control")}:{" "}
                      {g.controls
                        .slice(0, 3)
                        .map((c) => c.code)
                        .join(", ")}
                      {g.controls.length > 3 ? "…" : ""}
                    </Text>
                  </Card>
                ))}
              </SimpleGrid>
            ) : null}
            <Card padding="md">
              <Group gap="sm" mb="md" wrap="wrap" data-testid="control-filters">
                <TextInput
                  placeholder="Search code, title or criterion"
                  leftSection={<IconSearch size={16} />}
                  value={search}
                  onChange={(e) => setSearch(e.currentTarget.value)}
                  w={260}
                  aria-label="Search controls"
                />
                <Select
                  placeholder="All domains"
                  data={domains}
                  value={domain}
                  onChange={setDomain}
                  clearable
                  w={210}
                  aria-label="Domain"
                  data-testid="filter-domain"
                />
                <Select
                  placeholder="Any status"
                  data={CONTROL_STATUS_OPTIONS}
                  value={status}
                  onChange={setStatus}
                  clearable
                  w={170}
                  aria-label="Status"
                  data-testid="filter-status"
                />
                <Select
                  placeholder="Any owner"
                  data={[
                    ...owners.map(([value, label]) => ({ value, label })),
                    { value: UNASSIGNED, label: "Unassigned" },
                  ]}
                  value={owner}
                  onChange={setOwner}
                  clearable
                  w={200}
                  aria-label="Owner"
                  data-testid="filter-owner"
                />
                {showFreshness ? (
                  <Select
                    placeholder="Any freshness"
                    data={Object.entries(FRESHNESS_LABELS).map(([value, label]) => ({ value, label }))}
                    value={fresh}
                    onChange={setFresh}
                    clearable
                    w={170}
                    aria-label="Freshness"
                    data-testid="filter-freshness"
                  />
                ) : null}
                <Text size="sm" c="dimmed" ml="auto">
                  {filtered.length === list.length
                    ? plural(list.length, "control")
                    : `${filtered.length} of ${list.length}`}
                </Text>
              </Group>
              {filtered.length === 0 ? (
                <EmptyState title="No control matches these filters">
                  <Anchor
                    component="button"
                    size="sm"
                    onClick={() => {
                      setSearch("");
                      setDomain(null);
                      setStatus(null);
                      setOwner(null);
                      setFresh(null);
                    }}
                  >
                    Clear the filters
                  </Anchor>
                </EmptyState>
              ) : (
                <ControlsTable controls={filtered} freshness={freshById} showFreshness={showFreshness} />
              )}
            </Card>
          </>
        )}
      </Stack>
    </>
  );
}

export function ControlsPage() {
  return <OrgOnly what="controls">{(orgId) => <ControlsView orgId={orgId} />}</OrgOnly>;
}
