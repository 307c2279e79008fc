import { Box, Table, Text } from "@mantine/core";
import { Link } from "react-router-dom";
import { categoryName, formatPeriod, summaryClient } from "../format";
import type { EngagementSummary } from "../types";
import { StageBadge, TypeBadge } from "./Badges";

export function EngagementsTable({
  engagements,
  showClient = true,
}: {
  engagements: readonly EngagementSummary[];
  showClient?: boolean;
}) {
  return (
    <Box style={{ overflowX: "auto" }}>
      <Table miw={680} data-testid="engagements-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Engagement</Table.Th>
            {showClient ? <Table.Th>Client</Table.Th> : null}
            <Table.Th>Type</Table.Th>
            <Table.Th>Period</Table.Th>
            <Table.Th>Stage</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {engagements.map((e) => {
            const client = summaryClient(e);
            return (
              <Table.Tr key={e.id} data-testid="engagement-row" data-stage={e.stage}>
                <Table.Td>
                  <Link className="fw-row-link" to={`/engagements/${e.id}`}>
                    {e.name}
                  </Link>
                  {e.categories && e.categories.length > 0 ? (
                    <Text size="xs" c="dimmed">
                      {e.categories.map(categoryName).join(", ")}
                    </Text>
                  ) : null}
                </Table.Td>
                {showClient ? (
                  <Table.Td>
                    {client.id ? (
                      <Link className="fw-row-link" to={`/clients/${client.id}`} style={{ fontWeight: 400 }}>
                        {client.name}
                      </Link>
                    ) : (
                      <Text size="sm">{client.name}</Text>
                    )}
                  </Table.Td>
                ) : null}
                <Table.Td>
                  <TypeBadge type={e.type} />
                </Table.Td>
                <Table.Td>
                  <Text size="sm" style={{ whiteSpace: "nowrap" }}>
                    {formatPeriod(e)}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <StageBadge stage={e.stage} />
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Box>
  );
}
