/**
 * The organization's risk register (issue 7 §1): my tasks, the heat map (inherent or residual; a
 * click filters), filters, the table and exports; the annual assessments with the trend in a tab.
 * Organization admins and control owners edit; the auditing firm reads.
 */
import {
  Anchor,
  Badge,
  Button,
  Card,
  Grid,
  Group,
  Select,
  Stack,
  Switch,
  Table,
  Tabs,
  Text,
  Title,
} from "@mantine/core";
import { IconDownload, IconFlame, IconPlus } from "@tabler/icons-react";
import { useState } from "react";
import { Link, useSearchParams } from "react-router-dom";
import { PageHeader } from "../../components/PageHeader";
import { EmptyState, ErrorState, TableSkeleton } from "../../components/States";
import { formatDate } from "../../format";
import { OrgOnly, useOrgAccess } from "../../workspace";
import { RiskAssessments } from "./RiskAssessments";
import { RiskForm } from "./RiskForm";
import { RiskHeatMap } from "./RiskHeatMap";
import { MyTasks, RatingBadge } from "./RiskParts";
import {
  BAND_LABELS,
  BANDS,
  type Basis,
  CATEGORIES,
  capitalise,
  type RiskFilters,
  riskExportPath,
  TREATMENT_LABELS,
  TREATMENTS,
  useRiskList,
} from "./risk-api";

const PARAMS = [
  "band",
  "basis",
  "likelihood",
  "impact",
  "treatment",
  "owner",
  "category",
  "overdue",
  "status",
] as const;

function Register({ orgId }: { orgId: string }) {
  const access = useOrgAccess(orgId);
  const [params, setParams] = useSearchParams();
  const [adding, setAdding] = useState(false);
  const get = (k: (typeof PARAMS)[number]) => params.get(k);
  const filters: RiskFilters = {
    band: get("band"),
    basis: (get("basis") as Basis | null) ?? "residual",
    likelihood: get("likelihood") ? Number(get("likelihood")) : null,
    impact: get("impact") ? Number(get("impact")) : null,
    treatment: get("treatment"),
    owner: get("owner"),
    category: get("category"),
    overdue: get("overdue"),
    status: get("status") === "all" ? null : (get("status") ?? "open"),
  };
  const setFilter = (changes: Partial<Record<(typeof PARAMS)[number], string | null>>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v === null || v === "") next.delete(k);
      else next.set(k, v);
    }
    setParams(next, { replace: true });
  };
  const query = useRiskList(orgId, filters);
  const data = query.data;
  const filtered = PARAMS.some((k) => k !== "basis" && k !== "status" && params.get(k));
  const cell =
    filters.likelihood && filters.impact ? { likelihood: filters.likelihood, impact: filters.impact } : null;
  if (query.isError && !data) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  return (
    <Stack gap="md">
      {access.contributor ? <MyTasks orgId={orgId} /> : null}
      <Grid gutter="md">
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Card padding="md">
            <Title order={4} mb="xs">
              Heat map
            </Title>
            {data ? (
              <RiskHeatMap
                grid={data.heatMap[filters.basis ?? "residual"]}
                basis={filters.basis ?? "residual"}
                onBasis={(b) => setFilter({ basis: b === "residual" ? null : b })}
                selected={cell}
                onSelect={(c) =>
                  setFilter({
                    likelihood: c ? String(c.likelihood) : null,
                    impact: c ? String(c.impact) : null,
                  })
                }
              />
            ) : (
              <TableSkeleton rows={5} />
            )}
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Card padding="md">
            <Title order={4} mb="xs">
              Filters
            </Title>
            <Group gap="sm" align="flex-end">
              <Select
                label="Band"
                placeholder="Any"
                clearable
                w={130}
                data={BANDS.map((b) => ({ value: b, label: BAND_LABELS[b] }))}
                value={filters.band ?? null}
                onChange={(v) => setFilter({ band: v })}
                data-testid="filter-band"
              />
              <Select
                label="Treatment"
                placeholder="Any"
                clearable
                w={140}
                data={TREATMENTS.map((t) => ({ value: t, label: TREATMENT_LABELS[t] ?? t }))}
                value={filters.treatment ?? null}
                onChange={(v) => setFilter({ treatment: v })}
                data-testid="filter-treatment"
              />
              <Select
                label="Category"
                placeholder="Any"
                clearable
                w={150}
                data={CATEGORIES.map((c) => ({ value: c, label: capitalise(c) }))}
                value={filters.category ?? null}
                onChange={(v) => setFilter({ category: v })}
                data-testid="filter-category"
              />
              <Select
                label="Owner"
                placeholder="Anyone"
                clearable
                w={190}
                data={[
                  { value: "me", label: "Me" },
                  ...(data?.people ?? []).map((p) => ({ value: p.id, label: p.name })),
                ]}
                value={filters.owner ?? null}
                onChange={(v) => setFilter({ owner: v })}
                data-testid="filter-owner"
              />
              <Select
                label="Status"
                w={120}
                data={[
                  { value: "open", label: "Open" },
                  { value: "closed", label: "Closed" },
                  { value: "all", label: "All" },
                ]}
                value={get("status") ?? "open"}
                onChange={(v) => setFilter({ status: v === "open" ? null : v })}
                allowDeselect={false}
                data-testid="filter-status"
              />
              <Switch
                label="Review overdue"
                checked={filters.overdue === "true"}
                onChange={(e) => setFilter({ overdue: e.currentTarget.checked ? "true" : null })}
                data-testid="filter-overdue"
              />
            </Group>
            <Group mt="md" gap="xs">
              {filtered ? (
                <Button
                  size="xs"
                  variant="subtle"
                  onClick={() => setParams(new URLSearchParams(), { replace: true })}
                  data-testid="filter-clear"
                >
                  Clear filters
                </Button>
              ) : null}
              <Button
                size="xs"
                variant="default"
                component="a"
                href={riskExportPath(orgId, "csv", filters)}
                leftSection={<IconDownload size={14} />}
                data-testid="export-csv"
              >
                CSV
              </Button>
              <Button
                size="xs"
                variant="default"
                component="a"
                href={riskExportPath(orgId, "json", filters)}
                leftSection={<IconDownload size={14} />}
                data-testid="export-json"
              >
                JSON
              </Button>
              {data?.permissions.canEdit ? (
                <Button
                  size="xs"
                  leftSection={<IconPlus size={14} />}
                  onClick={() => setAdding(true)}
                  data-testid="risk-add"
                >
                  Add risk
                </Button>
              ) : null}
            </Group>
          </Card>
        </Grid.Col>
      </Grid>
      <Card padding="md">
        {!data ? (
          <TableSkeleton rows={6} />
        ) : data.risks.length === 0 ? (
          <EmptyState
            icon={<IconFlame size={22} />}
            title={data.total === 0 ? "No risks yet" : "No risk matches these filters"}
            testId="risks-empty"
          >
            {data.total === 0
              ? "Record what could stop you meeting your commitments: outages, fraud, vendor failures, legal change."
              : "Clear a filter or pick another heat-map cell."}
          </EmptyState>
        ) : (
          <Table
            highlightOnHover
            verticalSpacing="xs"
            data-testid="risks-table"
            data-count={data.risks.length}
          >
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Ref</Table.Th>
                <Table.Th>Risk</Table.Th>
                <Table.Th>Inherent</Table.Th>
                <Table.Th>Residual</Table.Th>
                <Table.Th>Treatment</Table.Th>
                <Table.Th>Owner</Table.Th>
                <Table.Th>Review</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.risks.map((r) => (
                <Table.Tr key={r.id} data-testid="risk-row" data-ref={r.ref}>
                  <Table.Td>
                    <Anchor component={Link} to={`/risks/${r.id}`} size="sm" fw={600}>
                      {r.ref}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{r.title}</Text>
                    <Group gap={4}>
                      <Text size="xs" c="dimmed">
                        {capitalise(r.category)} · {r.asset}
                      </Text>
                      {r.fraud ? (
                        <Badge size="xs" color="grape" variant="light">
                          Fraud
                        </Badge>
                      ) : null}
                      {r.status === "closed" ? (
                        <Badge size="xs" color="gray">
                          Closed
                        </Badge>
                      ) : null}
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <RatingBadge rating={r.inherent} />
                  </Table.Td>
                  <Table.Td>
                    <RatingBadge rating={r.residual} testId="risk-residual" />
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{TREATMENT_LABELS[r.treatment] ?? r.treatment}</Text>
                    {r.acceptance && !r.acceptance.approvedAt ? (
                      <Text size="xs" c="orange.8">
                        awaiting approval
                      </Text>
                    ) : null}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{r.owner.name ?? "—"}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text
                      size="sm"
                      c={r.reviewOverdue ? "red.7" : undefined}
                      fw={r.reviewOverdue ? 600 : undefined}
                      data-testid={r.reviewOverdue ? "review-overdue" : undefined}
                    >
                      {formatDate(r.reviewDate)}
                      {r.reviewOverdue ? " · overdue" : ""}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Card>
      {adding && data ? (
        <RiskForm
          orgId={orgId}
          opened
          onClose={() => setAdding(false)}
          people={data.people}
          userId={access.userId}
        />
      ) : null}
    </Stack>
  );
}

function OrgRisks({ orgId }: { orgId: string }) {
  const access = useOrgAccess(orgId);
  const [params, setParams] = useSearchParams();
  const tab = params.get("tab") === "assessments" ? "assessments" : "register";
  const header = (
    <PageHeader
      title="Risk register"
      subtitle="Risks to your service commitments rated for likelihood and impact, their treatment, and the annual assessment management approves (CC3)."
    />
  );
  if (access.employeeOnly) {
    return (
      <>
        {header}
        <EmptyState icon={<IconFlame size={22} />} title="Not for your role">
          Organization admins and control owners keep the risk register.
        </EmptyState>
      </>
    );
  }
  return (
    <Stack gap={0}>
      {header}
      <Tabs
        value={tab}
        onChange={(v) => setParams(v === "assessments" ? { tab: "assessments" } : {}, { replace: true })}
        keepMounted={false}
      >
        <Tabs.List mb="md">
          <Tabs.Tab value="register" data-testid="tab-register">
            Register
          </Tabs.Tab>
          <Tabs.Tab value="assessments" data-testid="tab-assessments">
            Annual assessments
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="register">
          <Register orgId={orgId} />
        </Tabs.Panel>
        <Tabs.Panel value="assessments">
          <RiskAssessments orgId={orgId} />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

export function RisksPage() {
  return <OrgOnly what="risk register">{(orgId) => <OrgRisks orgId={orgId} />}</OrgOnly>;
}
