/** One framework's coverage: the summary with a bar, the gaps with the criteria they need, the requirements table. */
import {
  Alert,
  Badge,
  Card,
  Group,
  Progress,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
  Tooltip,
} from "@mantine/core";
import { IconInfoCircle } from "@tabler/icons-react";
import { useMemo, useState } from "react";
import { ScoreRing } from "../components/ScoreRing";
import { EmptyState } from "../components/States";
import { plural } from "../format";
import {
  COVERAGE_COLORS,
  COVERAGE_LABELS,
  type CoverageRow,
  type FrameworkCoverage,
  STATE_COLORS,
  STATE_LABELS,
} from "./FrameworkData";

function Stat({
  label,
  value,
  color,
  testId,
}: {
  label: string;
  value: number;
  color: string;
  testId: string;
}) {
  return (
    <Stack gap={0}>
      <Text fz={26} fw={700} c={color} className="fw-tabular" data-testid={testId}>
        {value}
      </Text>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
    </Stack>
  );
}

export function CoverageSummary({ data, compact = false }: { data: FrameworkCoverage; compact?: boolean }) {
  const s = data.summary;
  const mapped = Math.max(1, s.covered + s.partial + s.notCovered);
  return (
    <Card withBorder radius="md" padding="lg" data-testid="framework-summary">
      <Group align="center" gap="xl" wrap="nowrap">
        <ScoreRing score={s.percent} size={compact ? 96 : 120} label={`${data.framework.name} coverage`} />
        <Stack gap="xs" style={{ flex: 1, minWidth: 0 }}>
          <Group gap={6} wrap="wrap">
            <Title order={3}>{data.framework.name}</Title>
            <Badge variant="light" color="gray">
              {data.framework.jurisdiction}
            </Badge>
          </Group>
          <Text size="sm" c="dimmed">
            {plural(s.requirements, "requirement")} mapped to the criteria, served by{" "}
            <span data-testid="framework-control-count">{plural(data.controls, "control")}</span>
            {data.engagement ? ` · scope of ${data.engagement.name}` : ""}
          </Text>
          <Progress.Root size={14} radius="sm" aria-label="Coverage by requirement">
            <Progress.Section value={(s.covered / mapped) * 100} color="teal">
              <Progress.Label>{s.covered}</Progress.Label>
            </Progress.Section>
            <Progress.Section value={(s.partial / mapped) * 100} color="orange">
              <Progress.Label>{s.partial}</Progress.Label>
            </Progress.Section>
            <Progress.Section value={(s.notCovered / mapped) * 100} color="red.4">
              <Progress.Label>{s.notCovered}</Progress.Label>
            </Progress.Section>
          </Progress.Root>
          <Group gap="xl">
            <Stat label="Covered" value={s.covered} color="teal" testId="coverage-covered" />
            <Stat label="Partial" value={s.partial} color="orange" testId="coverage-partial" />
            <Stat label="Gaps" value={s.notCovered} color="red" testId="coverage-gaps" />
          </Group>
        </Stack>
      </Group>
      {s.criteriaOutsideScope.length > 0 && !compact ? (
        <Alert mt="md" variant="light" color="blue" icon={<IconInfoCircle size={18} />} p="xs">
          <Text size="sm">
            {plural(s.criteriaOutsideScope.length, "mapped criterion", "mapped criteria")} (
            {s.criteriaOutsideScope.slice(0, 8).join(", ")}
            {s.criteriaOutsideScope.length > 8 ? "…" : ""}) lie outside the engagement's categories: your
            controls may meet them, but the SOC 2 report will not test them.
          </Text>
        </Alert>
      ) : null}
    </Card>
  );
}

export function GapList({ data, limit }: { data: FrameworkCoverage; limit?: number }) {
  const gaps = limit ? data.gaps.slice(0, limit) : data.gaps;
  if (data.gaps.length === 0) {
    return (
      <EmptyState title="No gaps" testId="framework-no-gaps">
        Every mapped requirement of {data.framework.name} is served by implemented controls.
      </EmptyState>
    );
  }
  return (
    <Stack gap="xs" data-testid="framework-gaps">
      {gaps.map((g) => (
        <Card key={g.requirementId} withBorder radius="md" padding="sm" data-testid="framework-gap">
          <Group justify="space-between" wrap="nowrap" align="flex-start">
            <Stack gap={2} style={{ minWidth: 0 }}>
              <Text size="sm" fw={600}>
                <Text span ff="monospace" size="sm" mr={6}>
                  {g.requirementId}
                </Text>
                {g.title}
              </Text>
              <Group gap={4} wrap="wrap">
                <Text size="xs" c="dimmed">
                  Needs
                </Text>
                {g.needs.map((n) => (
                  <Tooltip
                    key={n.criterionId}
                    label={`${data.criteriaTitles[n.criterionId] ?? n.criterionId}: ${STATE_LABELS[n.state]}`}
                  >
                    <Badge size="sm" variant="light" color={STATE_COLORS[n.state]}>
                      {n.criterionId}
                    </Badge>
                  </Tooltip>
                ))}
              </Group>
            </Stack>
            <Badge color={COVERAGE_COLORS[g.coverage]} variant="light" style={{ flexShrink: 0 }}>
              {COVERAGE_LABELS[g.coverage]}
            </Badge>
          </Group>
        </Card>
      ))}
      {limit && data.gaps.length > limit ? (
        <Text size="sm" c="dimmed">
          and {plural(data.gaps.length - limit, "more gap")}.
        </Text>
      ) : null}
    </Stack>
  );
}

function RequirementRow({ row, titles }: { row: CoverageRow; titles: Record<string, string> }) {
  return (
    <Table.Tr data-testid="framework-requirement" data-requirement={row.requirementId}>
      <Table.Td style={{ whiteSpace: "nowrap" }}>
        <Text ff="monospace" size="sm">
          {row.requirementId}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{row.title}</Text>
      </Table.Td>
      <Table.Td>
        <Stack gap={4}>
          {row.criteria.length === 0 ? (
            <Text size="xs" c="dimmed">
              {row.unmappedReason ?? "Not mapped to the criteria."}
            </Text>
          ) : null}
          {row.criteria.map((c) => (
            <Group key={c.criterionId} gap={6} wrap="nowrap">
              <Tooltip
                label={`${titles[c.criterionId] ?? ""} — ${c.relationship}: ${c.rationale}`}
                multiline
                w={360}
              >
                <Badge
                  size="sm"
                  variant={c.inScope ? "light" : "outline"}
                  color={STATE_COLORS[c.state]}
                  style={{ flexShrink: 0 }}
                >
                  {c.criterionId}
                </Badge>
              </Tooltip>
              <Text size="xs" c="dimmed" lineClamp={1} data-testid="requirement-controls">
                {c.controls.length > 0 ? c.controls.join(", ") : "no control"}
              </Text>
            </Group>
          ))}
        </Stack>
      </Table.Td>
      <Table.Td>
        <Badge color={COVERAGE_COLORS[row.coverage]} variant="light">
          {COVERAGE_LABELS[row.coverage]}
        </Badge>
      </Table.Td>
    </Table.Tr>
  );
}

type Filter = "all" | "gaps" | "covered";

export function RequirementsTable({ data }: { data: FrameworkCoverage }) {
  const [filter, setFilter] = useState<Filter>("all");
  const groups = useMemo(() => {
    const rows = data.requirements.filter((r) =>
      filter === "all" ? true : filter === "covered" ? r.coverage === "covered" : r.coverage !== "covered",
    );
    const map = new Map<string, CoverageRow[]>();
    for (const r of rows) map.set(r.group, [...(map.get(r.group) ?? []), r]);
    return [...map.entries()];
  }, [data, filter]);
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={4}>Requirements</Title>
        <SegmentedControl
          size="xs"
          value={filter}
          onChange={(v) => setFilter(v as Filter)}
          data={[
            { value: "all", label: "All" },
            { value: "gaps", label: "Not covered" },
            { value: "covered", label: "Covered" },
          ]}
        />
      </Group>
      {groups.length === 0 ? <EmptyState title="No requirements match this filter" /> : null}
      {groups.map(([group, rows]) => (
        <Card key={group} withBorder radius="md" padding={0}>
          <Text fw={600} size="sm" px="md" py="xs" bg="var(--mantine-color-gray-0)">
            {group}
          </Text>
          <Table.ScrollContainer minWidth={640}>
            <Table verticalSpacing="xs" data-testid="framework-requirements">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={170}>Requirement</Table.Th>
                  <Table.Th>Title</Table.Th>
                  <Table.Th w="38%">Criteria and controls</Table.Th>
                  <Table.Th w={110}>Coverage</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((r) => (
                  <RequirementRow key={r.requirementId} row={r} titles={data.criteriaTitles} />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Card>
      ))}
    </Stack>
  );
}

export function CoverageDetail({ data }: { data: FrameworkCoverage }) {
  return (
    <Stack gap="lg">
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg">
        <CoverageSummary data={data} />
        <Stack gap="xs">
          <Title order={4}>Gaps</Title>
          <GapList data={data} limit={6} />
        </Stack>
      </SimpleGrid>
      <RequirementsTable data={data} />
    </Stack>
  );
}
