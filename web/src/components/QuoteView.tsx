import { Alert, Box, Group, Paper, SimpleGrid, Stack, Table, Text, Tooltip } from "@mantine/core";
import { IconInfoCircle } from "@tabler/icons-react";
import { formatHours, formatMoney, humanize, PHASE_LABELS } from "../format";
import type { QuoteResult } from "../types";
import { CostClassBadge } from "./Badges";

const PHASES = ["planning", "fieldwork", "reporting"] as const;

const driverValue = (id: string, value: string): string =>
  id === "hosting" || id === "maturity" || id === "evidenceReadiness" ? humanize(value) : value;

/** The headline: fixed price, cost class and hours per phase. */
export function QuoteSummary({ quote, compact = false }: { quote: QuoteResult; compact?: boolean }) {
  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <Stack gap={2}>
          <Text size="xs" c="dimmed" tt="uppercase" fw={600} style={{ letterSpacing: "0.04em" }}>
            Indicative fixed price
          </Text>
          <Group gap="sm" align="baseline">
            <Text
              fz={compact ? 28 : 34}
              fw={700}
              lh={1.1}
              data-testid="quote-total"
              style={{ fontVariantNumeric: "tabular-nums" }}
            >
              {formatMoney(quote.total, quote.currency)}
            </Text>
            <Text size="sm" c="dimmed">
              {quote.currency}, excl. taxes
            </Text>
          </Group>
        </Stack>
        <CostClassBadge costClass={quote.costClass} size="lg" />
      </Group>
      <SimpleGrid cols={4} spacing="xs" data-testid="quote-hours">
        {PHASES.map((p) => (
          <Paper key={p} withBorder p="xs" radius="sm" bg="var(--mantine-color-gray-0)">
            <Text size="xs" c="dimmed">
              {PHASE_LABELS[p]}
            </Text>
            <Text fw={600} data-testid={`hours-${p}`}>
              {formatHours(quote.hours[p])}
            </Text>
          </Paper>
        ))}
        <Paper withBorder p="xs" radius="sm">
          <Text size="xs" c="dimmed">
            Total effort
          </Text>
          <Text fw={700} data-testid="hours-total">
            {formatHours(quote.hours.total)}
          </Text>
        </Paper>
      </SimpleGrid>
      {quote.partnerConfirmationRequired || quote.costClass === "variable" ? (
        <Alert color="orange" variant="light" icon={<IconInfoCircle size={18} />} p="sm">
          This scope is beyond the standard price list. The figure is indicative; a partner confirms the final
          price after the scoping meeting.
        </Alert>
      ) : null}
    </Stack>
  );
}

/** What drives the price: each driver with its value, hours, amount and a plain explanation. */
export function DriversTable({ quote, compact = false }: { quote: QuoteResult; compact?: boolean }) {
  if (compact) {
    return (
      <Stack gap={0} data-testid="quote-drivers">
        {quote.drivers
          .filter((d) => d.hours > 0)
          .map((d) => (
            <Group
              key={d.id}
              justify="space-between"
              align="flex-start"
              wrap="nowrap"
              gap="sm"
              py={8}
              style={{ borderBottom: "1px solid var(--mantine-color-gray-2)" }}
              data-testid={`driver-${d.id}`}
            >
              <Box style={{ minWidth: 0 }}>
                <Text size="sm" fw={500}>
                  {d.label}{" "}
                  <Text span size="xs" c="dimmed">
                    {driverValue(d.id, d.value)}
                  </Text>
                </Text>
                <Text size="xs" c="dimmed" data-testid="driver-explanation">
                  {d.explanation}
                </Text>
              </Box>
              <Stack gap={0} align="flex-end" style={{ flexShrink: 0 }}>
                <Text size="sm" fw={600} className="fw-tabular">
                  {formatMoney(d.amount, quote.currency)}
                </Text>
                <Text size="xs" c="dimmed" className="fw-tabular">
                  {formatHours(d.hours)}
                </Text>
              </Stack>
            </Group>
          ))}
      </Stack>
    );
  }
  return (
    <Box style={{ overflowX: "auto" }}>
      <Table data-testid="quote-drivers" verticalSpacing="sm" highlightOnHover={false} miw={560}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>What drives the price</Table.Th>
            <Table.Th style={{ whiteSpace: "nowrap" }}>Your scope</Table.Th>
            <Table.Th ta="right">Hours</Table.Th>
            <Table.Th ta="right">Amount</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {quote.drivers.map((d) => (
            <Table.Tr key={d.id} data-testid={`driver-${d.id}`} style={{ opacity: d.hours === 0 ? 0.6 : 1 }}>
              <Table.Td>
                <Text size="sm" fw={500}>
                  {d.label}
                </Text>
                <Text size="xs" c="dimmed" data-testid="driver-explanation">
                  {d.explanation}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{driverValue(d.id, d.value)}</Text>
              </Table.Td>
              <Table.Td ta="right" style={{ whiteSpace: "nowrap", fontVariantNumeric: "tabular-nums" }}>
                {formatHours(d.hours)}
              </Table.Td>
              <Table.Td ta="right" style={{ whiteSpace: "nowrap", fontVariantNumeric: "tabular-nums" }}>
                {formatMoney(d.amount, quote.currency)}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
        <Table.Tfoot>
          <Table.Tr>
            <Table.Th>Total</Table.Th>
            <Table.Th />
            <Table.Th ta="right">{formatHours(quote.hours.total)}</Table.Th>
            <Table.Th ta="right">
              <Tooltip label="The sum of the phase fees, rounded up to the rate card's rounding unit">
                <span>{formatMoney(quote.total, quote.currency)}</span>
              </Tooltip>
            </Table.Th>
          </Table.Tr>
        </Table.Tfoot>
      </Table>
      {quote.rateCard ? (
        <Text size="xs" c="dimmed" mt="xs">
          Priced with rate card {quote.rateCard.id} (version {quote.rateCard.version}).
        </Text>
      ) : null}
    </Box>
  );
}
