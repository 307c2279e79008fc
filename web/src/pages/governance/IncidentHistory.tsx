/** An incident's history: every audit event on it, newest first, with what changed. */
import { Table, Text } from "@mantine/core";
import { formatDateTime } from "../../format";
import type { IncidentDetail } from "./incident-api";

type Detail = IncidentDetail;

const ACTION_LABELS: Record<string, string> = {
  "incident.created": "Recorded",
  "incident.updated": "Edited",
  "incident.status_changed": "Status changed",
  "incident.timeline_added": "Timeline entry",
  "incident.notification_recorded": "Notification recorded",
  "incident.review_recorded": "Review recorded",
  "incident.action_added": "Action added",
  "incident.action_updated": "Action updated",
  "incident.closed": "Closed",
};

const describe = (summary: Record<string, unknown>): string => {
  const after = summary.after as Record<string, unknown> | undefined;
  if (!after) return "";
  return Object.entries(after)
    .filter(([k]) => !["id", "seq", "actionId"].includes(k))
    .slice(0, 4)
    .map(
      ([k, v]) =>
        `${k}: ${typeof v === "string" ? (v.length > 60 ? `${v.slice(0, 57)}…` : v) : JSON.stringify(v)}`,
    )
    .join(" · ");
};

export function History({ detail }: { detail: Detail }) {
  return (
    <Table data-testid="incident-history">
      <Table.Tbody>
        {[...detail.incident.history].reverse().map((h) => (
          <Table.Tr key={h.seq}>
            <Table.Td w={170}>
              <Text size="sm">{formatDateTime(h.at)}</Text>
            </Table.Td>
            <Table.Td w={200}>
              <Text size="sm" fw={600}>
                {ACTION_LABELS[h.action] ?? h.action}
              </Text>
              <Text size="xs" c="dimmed">
                {h.actor}
              </Text>
            </Table.Td>
            <Table.Td>
              <Text size="xs" c="dimmed">
                {describe(h.summary)}
              </Text>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
