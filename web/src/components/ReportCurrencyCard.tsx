/**
 * The firm dashboard's "Report currency" card: clients whose SOC 2 report stops being current within
 * 90 days or already has, with the level colour and what to do: roll the engagement forward to the next
 * period (the existing roll-forward dialog), and the bridge letter the client's management can issue.
 */
import { Anchor, Button, Card, Group, Stack, Table, Text, Title } from "@mantine/core";
import { IconCalendarDue, IconMail } from "@tabler/icons-react";
import { Link } from "react-router-dom";
import { formatDate } from "../format";
import { RollForwardButton } from "../pages/engagement/RollForward";
import { useTenant } from "../session";
import {
  CurrencyBadge,
  daysLeftLabel,
  type FirmCurrency,
  KIND_LABEL,
  useFirmCurrency,
} from "./ReportCurrency";
import { ErrorState, TableSkeleton } from "./States";

function BridgeState({ c }: { c: FirmCurrency["clients"][number] }) {
  if (c.bridgeLetter) {
    return (
      <Text size="xs" c={c.bridgeCoversToday ? "teal" : "dimmed"}>
        Bridge letter to {formatDate(c.bridgeLetter.coversUntil)}
      </Text>
    );
  }
  return (
    <Text size="xs" c="dimmed">
      No bridge letter
    </Text>
  );
}

export function ReportCurrencyCard({ firmId }: { firmId: string }) {
  const query = useFirmCurrency(firmId);
  const { roles } = useTenant();
  const canRoll = roles.includes("partner") || roles.includes("engagement_manager");
  const warned = query.data?.clients.filter((c) => c.warn) ?? [];
  return (
    <Card padding="md" data-testid="report-currency-card">
      <Group justify="space-between" mb="sm">
        <Stack gap={0}>
          <Title order={3}>Report currency</Title>
          <Text size="xs" c="dimmed">
            A SOC 2 report is current for 12 months after its period ends. Clients within 90 days of that, or
            past it.
          </Text>
        </Stack>
      </Group>
      {query.isPending ? <TableSkeleton rows={2} /> : null}
      {query.isError ? <ErrorState error={query.error} onRetry={() => void query.refetch()} /> : null}
      {query.isSuccess && warned.length === 0 ? (
        <Group gap="xs" data-testid="currency-empty">
          <IconCalendarDue size={18} color="var(--mantine-color-teal-6)" />
          <Text size="sm" c="dimmed">
            {query.data.clients.length === 0
              ? "No client has an issued SOC 2 report yet."
              : `No report is running out: all ${query.data.clients.length} issued reports stay current for more than 90 days.`}
          </Text>
        </Group>
      ) : null}
      {warned.length > 0 ? (
        <Table data-testid="currency-table" verticalSpacing="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Client</Table.Th>
              <Table.Th>Report</Table.Th>
              <Table.Th>Current until</Table.Th>
              <Table.Th>Level</Table.Th>
              <Table.Th>Next</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {warned.map((c) => (
              <Table.Tr key={c.report.id} data-testid="currency-row" data-level={c.level}>
                <Table.Td>
                  <Anchor component={Link} to={`/clients/${c.organization.id}`} fw={500} size="sm">
                    {c.organization.name}
                  </Anchor>
                </Table.Td>
                <Table.Td>
                  <Anchor component={Link} to={`/engagements/${c.report.engagementId}?tab=report`} size="sm">
                    {KIND_LABEL[c.report.kind]}
                  </Anchor>
                  <Text size="xs" c="dimmed">
                    {c.report.periodStart ? `${formatDate(c.report.periodStart)} – ` : "as of "}
                    {formatDate(c.report.coversUntil)}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{formatDate(c.currentUntil)}</Text>
                  <BridgeState c={c} />
                </Table.Td>
                <Table.Td>
                  <CurrencyBadge level={c.level} daysLeft={c.daysLeft} withDays={false} />
                  <Text size="xs" c="dimmed" mt={2}>
                    {daysLeftLabel(c.daysLeft)}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Stack gap={4} align="flex-start">
                    {c.offers.rollForward && canRoll ? (
                      <RollForwardButton
                        engagementId={c.report.engagementId}
                        name={c.report.engagementName}
                      />
                    ) : null}
                    {c.nextEngagement ? (
                      <Anchor component={Link} to={`/engagements/${c.nextEngagement.id}`} size="sm">
                        {c.nextEngagement.name}
                      </Anchor>
                    ) : null}
                    {c.offers.bridgeLetter ? (
                      <Button
                        component={Link}
                        to={`/engagements/${c.report.engagementId}?tab=report&builder=bridge`}
                        size="xs"
                        variant="subtle"
                        leftSection={<IconMail size={14} />}
                        title="The client's management issues the bridge letter; open it to see what they would sign"
                      >
                        Issue a bridge letter
                      </Button>
                    ) : null}
                  </Stack>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ) : null}
    </Card>
  );
}
