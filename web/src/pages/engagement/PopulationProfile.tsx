/**
 * A population's profile: file hash, row counts (in period, excluded, unparseable with their row
 * numbers), the column mapping and the completeness-and-accuracy support.
 */
import { Alert, Box, Card, Code, Grid, Group, Stack, Table, Text, Title } from "@mantine/core";
import { IconAlertTriangle } from "@tabler/icons-react";
import type { PopulationDetail } from "../../fieldwork-types";
import { formatBytes, formatNumber, formatRange, humanize } from "../../format";

function Figure({
  label,
  value,
  testId,
  tone,
}: {
  label: string;
  value: string;
  testId: string;
  tone?: string;
}) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="xl" fw={700} c={tone} data-testid={testId} data-value={value.replace(/\D/g, "")}>
        {value}
      </Text>
    </Stack>
  );
}

export function PopulationProfile({ p }: { p: PopulationDetail }) {
  return (
    <Card padding="lg" data-testid="population-profile">
      <Stack gap="md">
        <Group justify="space-between" align="flex-start" wrap="wrap">
          <Title order={3}>Profile</Title>
          <Text size="sm" c="dimmed">
            {p.fileName} · {p.format.toUpperCase()} · {formatBytes(p.sizeBytes)}
          </Text>
        </Group>
        <Grid gutter="md">
          <Grid.Col span={{ base: 6, sm: 3 }}>
            <Figure label="Rows" value={formatNumber(p.rowCount)} testId="population-rows" />
          </Grid.Col>
          <Grid.Col span={{ base: 6, sm: 3 }}>
            <Figure label="In period" value={formatNumber(p.inPeriodCount)} testId="population-in-period" />
          </Grid.Col>
          <Grid.Col span={{ base: 6, sm: 3 }}>
            <Figure label="Excluded" value={formatNumber(p.excludedCount)} testId="population-excluded" />
          </Grid.Col>
          <Grid.Col span={{ base: 6, sm: 3 }}>
            <Figure
              label="Unparseable"
              value={formatNumber(p.unparseableCount)}
              testId="population-unparseable"
              tone={p.unparseableCount > 0 ? "red.7" : undefined}
            />
          </Grid.Col>
        </Grid>
        <Stack gap={4}>
          <Text size="sm">
            <Text span fw={500}>
              SHA-256:
            </Text>{" "}
            <Code fz="xs" data-testid="population-hash">
              {p.blobSha256}
            </Code>
          </Text>
          <Text size="sm">
            <Text span fw={500}>
              Period:
            </Text>{" "}
            {formatRange(p.periodStart, p.periodEnd)} · rows dated outside it are excluded and counted
          </Text>
          <Text size="sm">
            <Text span fw={500}>
              Mapping:
            </Text>{" "}
            date from <Code>{p.mapping?.date ?? "?"}</Code>, id from{" "}
            {p.mapping?.id ? <Code>{p.mapping.id}</Code> : "the row number"}
          </Text>
        </Stack>
        <Stack gap={4}>
          <Text size="sm" fw={500}>
            Completeness and accuracy: {humanize(p.caMethod)}
          </Text>
          <Code block fz="xs" style={{ whiteSpace: "pre-wrap" }} data-testid="population-ca-source">
            {p.caSource}
          </Code>
        </Stack>
        {p.unparseableCount > 0 ? (
          <Alert
            color="red"
            variant="light"
            icon={<IconAlertTriangle size={18} />}
            title={`${formatNumber(p.unparseableCount)} ${p.unparseableCount === 1 ? "row" : "rows"} could not be read`}
            data-testid="unparseable-rows"
          >
            <Text size="sm" mb="xs">
              They are neither tested nor sampled. Ask the client for a corrected export if they belong to the
              period.
              {p.unparseable.length < p.unparseableCount
                ? ` The first ${p.unparseable.length} are listed.`
                : ""}
            </Text>
            <Box style={{ overflowX: "auto", maxHeight: 260, overflowY: "auto" }}>
              <Table withTableBorder bg="white">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th w={90}>Row</Table.Th>
                    <Table.Th>Column</Table.Th>
                    <Table.Th>Value</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {p.unparseable.map((u) => (
                    <Table.Tr key={`${u.row}:${u.column}`} data-testid="unparseable-row" data-row={u.row}>
                      <Table.Td ff="monospace">{u.row}</Table.Td>
                      <Table.Td>{u.column}</Table.Td>
                      <Table.Td>
                        <Code fz="xs">{u.value === "" ? "(empty)" : u.value}</Code>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Box>
          </Alert>
        ) : null}
      </Stack>
    </Card>
  );
}

/** A row of an outside result (failing or unmatched row) in a readable form. */
export const rowValues = (row: unknown): { row: number | null; values: Record<string, unknown> } => {
  if (row === null || typeof row !== "object") return { row: null, values: { value: row } };
  const r = row as { row?: unknown; values?: unknown };
  const values =
    r.values !== null && typeof r.values === "object"
      ? (r.values as Record<string, unknown>)
      : Object.fromEntries(Object.entries(r).filter(([k]) => k !== "row"));
  return { row: typeof r.row === "number" ? r.row : null, values };
};

/** A table of rows with their values (failing rows, unmatched rows). */
export function RowsTable({ rows, testId, max = 200 }: { rows: unknown[]; testId: string; max?: number }) {
  const shown = rows.slice(0, max).map(rowValues);
  const columns = [...new Set(shown.flatMap((r) => Object.keys(r.values)))].slice(0, 12);
  if (shown.length === 0) return null;
  return (
    <Box style={{ overflowX: "auto", maxHeight: 420, overflowY: "auto" }}>
      <Table withTableBorder data-testid={testId} miw={Math.max(480, columns.length * 130)}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={80}>Row</Table.Th>
            {columns.map((c) => (
              <Table.Th key={c}>{c}</Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {shown.map((r, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows may lack a row number
            <Table.Tr key={i} data-testid={`${testId}-row`} data-row={r.row ?? ""}>
              <Table.Td ff="monospace">{r.row ?? "–"}</Table.Td>
              {columns.map((c) => (
                <Table.Td key={c}>
                  <Text size="sm" truncate maw={240}>
                    {r.values[c] === null || r.values[c] === undefined ? "" : String(r.values[c])}
                  </Text>
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {rows.length > max ? (
        <Text size="xs" c="dimmed" mt={4}>
          The first {max} of {rows.length} rows.
        </Text>
      ) : null}
    </Box>
  );
}
