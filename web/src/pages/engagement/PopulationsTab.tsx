/** The populations tab: every imported population of the engagement, and importing a new one. */
import { Badge, Box, Button, Card, Group, Stack, Table, Text, Tooltip } from "@mantine/core";
import { IconDatabaseImport, IconUpload } from "@tabler/icons-react";
import { useState } from "react";
import { useNavigate } from "react-router-dom";
import { EmptyState, ErrorState, TableSkeleton } from "../../components/States";
import { useAuditProgram, usePopulations } from "../../fieldwork-queries";
import { formatDate, formatNumber, formatRange, humanize, plural } from "../../format";
import { useControls } from "../../queries";
import type { EngagementPage } from "../../types";
import { type ControlChoice, PopulationUpload } from "./PopulationUpload";

export function PopulationsTab({ page }: { page: EngagementPage }) {
  const engagement = page.engagement;
  const orgId = engagement.organization?.id ?? null;
  const navigate = useNavigate();
  const query = usePopulations(engagement.id);
  const program = useAuditProgram(engagement.id);
  const controls = useControls(orgId);
  const [uploading, setUploading] = useState(false);
  const lines = program.data?.program?.lines ?? [];
  // The program's controls first; without a program, the organization's controls.
  const choices: ControlChoice[] =
    lines.length > 0
      ? lines.map((l) => ({ id: l.controlId, code: l.code, title: l.title }))
      : (controls.data ?? []).map((c) => ({ id: c.id, code: c.code, title: c.title }));
  const list = query.data ?? [];

  return (
    <Stack gap="md" data-testid="populations">
      <Group justify="space-between" wrap="wrap">
        <Text size="sm" c="dimmed" maw={760}>
          A population is the complete list of a control's occurrences in the period, with the query or report
          that produced it. Samples and full-population tests are drawn from it and can be re-performed from
          its hash and seed.
        </Text>
        {uploading ? null : (
          <Button
            leftSection={<IconUpload size={16} />}
            onClick={() => setUploading(true)}
            data-testid="import-population"
          >
            Import a population
          </Button>
        )}
      </Group>
      {uploading ? (
        <PopulationUpload engagement={engagement} controls={choices} onClose={() => setUploading(false)} />
      ) : null}
      <Card padding="md">
        {query.isPending ? (
          <TableSkeleton rows={4} />
        ) : query.isError ? (
          <ErrorState error={query.error} onRetry={() => void query.refetch()} />
        ) : list.length === 0 ? (
          <EmptyState
            icon={<IconDatabaseImport size={22} />}
            title="No populations yet"
            testId="populations-empty"
          >
            Import the client's export of a control's occurrences (change tickets, new hires, terminations…)
            to draw a sample or test every row.
          </EmptyState>
        ) : (
          <Box style={{ overflowX: "auto" }}>
            <Table miw={980} data-testid="populations-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Population</Table.Th>
                  <Table.Th w={90}>Control</Table.Th>
                  <Table.Th>Period</Table.Th>
                  <Table.Th ta="right">Rows</Table.Th>
                  <Table.Th ta="right">In period</Table.Th>
                  <Table.Th ta="right">Excluded</Table.Th>
                  <Table.Th ta="right">Unparseable</Table.Th>
                  <Table.Th>C&amp;A</Table.Th>
                  <Table.Th>Use</Table.Th>
                  <Table.Th>Imported</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.map((p) => (
                  <Table.Tr
                    key={p.id}
                    data-testid="population-row"
                    data-id={p.id}
                    onClick={() => navigate(`/populations/${p.id}`)}
                    style={{ cursor: "pointer" }}
                  >
                    <Table.Td>
                      <Text size="sm" fw={600}>
                        {p.name}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {p.fileName}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Tooltip label={p.control?.title ?? ""} disabled={!p.control}>
                        <Text size="sm" ff="monospace" fw={600}>
                          {p.control?.code ?? p.controlCode ?? "–"}
                        </Text>
                      </Tooltip>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{formatRange(p.periodStart, p.periodEnd)}</Text>
                    </Table.Td>
                    <Table.Td ta="right">{formatNumber(p.rowCount)}</Table.Td>
                    <Table.Td ta="right">{formatNumber(p.inPeriodCount)}</Table.Td>
                    <Table.Td ta="right">{formatNumber(p.excludedCount)}</Table.Td>
                    <Table.Td ta="right">
                      <Text size="sm" c={p.unparseableCount > 0 ? "red.7" : undefined}>
                        {formatNumber(p.unparseableCount)}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Badge variant="light" color="gray">
                        {humanize(p.caMethod)}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      <Text size="xs" c="dimmed">
                        {plural(p.samples ?? 0, "sample")} · {plural(p.tests ?? 0, "test")}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{formatDate(p.createdAt)}</Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Box>
        )}
      </Card>
    </Stack>
  );
}
