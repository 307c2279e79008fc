/**
 * The engagement's exceptions (EXC-001, …): kind, control, deviations out of items tested,
 * classification and response status; a row opens the exception beside the list. The same list
 * serves the auditor (classify, accept or ask again) and the client (respond).
 */
import { Box, Card, Drawer, Group, SegmentedControl, Stack, Table, Text, Title } from "@mantine/core";
import { IconAlertOctagon } from "@tabler/icons-react";
import { useState } from "react";
import { useSearchParams } from "react-router-dom";
import { EmptyState, ErrorState, TableSkeleton } from "../../components/States";
import { useExceptions } from "../../fieldwork-queries";
import type { ExceptionSummary } from "../../fieldwork-types";
import { humanize } from "../../format";
import type { EngagementPage } from "../../types";
import { ExceptionDetail } from "./ExceptionDetail";
import {
  ClassificationBadge,
  EXCEPTION_KIND_LABELS,
  EXCEPTION_STATUS_LABELS,
  ExceptionStatusBadge,
  exceptionRef,
} from "./FieldworkBadges";

export function ExceptionsTable({
  list,
  openId,
  onOpen,
  side,
}: {
  list: ExceptionSummary[];
  openId: string | null;
  onOpen: (id: string) => void;
  side: "auditor" | "client";
}) {
  return (
    <Box style={{ overflowX: "auto" }}>
      <Table miw={880} data-testid="exceptions-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={100}>Ref</Table.Th>
            <Table.Th>Control</Table.Th>
            <Table.Th>Kind</Table.Th>
            <Table.Th ta="right">Deviations</Table.Th>
            {side === "auditor" ? <Table.Th>Classification</Table.Th> : null}
            <Table.Th>Status</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {list.map((e) => (
            <Table.Tr
              key={e.id}
              data-testid="exception-row"
              data-ref={exceptionRef(e)}
              data-status={e.status}
              onClick={() => onOpen(e.id)}
              style={{ cursor: "pointer" }}
              bg={openId === e.id ? "var(--mantine-color-brand-0)" : undefined}
            >
              <Table.Td>
                <Text size="sm" ff="monospace" fw={600}>
                  {exceptionRef(e)}
                </Text>
              </Table.Td>
              <Table.Td>
                <Group gap="xs" wrap="nowrap">
                  <Text size="sm" ff="monospace" fw={600}>
                    {e.control.code}
                  </Text>
                  <Text size="sm" truncate maw={320}>
                    {e.description || e.control.title}
                  </Text>
                </Group>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{EXCEPTION_KIND_LABELS[e.kind] ?? humanize(e.kind)}</Text>
              </Table.Td>
              <Table.Td ta="right">
                <Text size="sm" data-testid="exception-row-counts">
                  {e.deviations} of {e.tested}
                </Text>
              </Table.Td>
              {side === "auditor" ? (
                <Table.Td>
                  <ClassificationBadge classification={e.classification ?? "pending"} />
                </Table.Td>
              ) : null}
              <Table.Td>
                <ExceptionStatusBadge status={e.status} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Box>
  );
}

/** The open exception's id in the URL (`?exception=`), so a link can point at one. */
export const useOpenException = () => {
  const [params, setParams] = useSearchParams();
  const openId = params.get("exception");
  const setOpen = (id: string | null) => {
    const p = new URLSearchParams(params);
    if (id) p.set("exception", id);
    else p.delete("exception");
    setParams(p, { replace: true });
  };
  return [openId, setOpen] as const;
};

export function ExceptionsTab({ page }: { page: EngagementPage }) {
  const engagementId = page.engagement.id;
  const query = useExceptions(engagementId);
  const [openId, setOpen] = useOpenException();
  const [status, setStatus] = useState("all");
  const list = query.data ?? [];
  const filtered = list.filter((e) => status === "all" || e.status === status);
  const count = (s: string) => list.filter((e) => e.status === s).length;
  const open = list.find((e) => e.id === openId);

  return (
    <Stack gap="md" data-testid="exceptions">
      <SegmentedControl
        value={status}
        onChange={setStatus}
        data={["all", "open", "responded", "asked-again", "accepted"].map((s) => ({
          value: s,
          label: `${s === "all" ? "All" : EXCEPTION_STATUS_LABELS[s]} (${s === "all" ? list.length : count(s)})`,
        }))}
        data-testid="exception-filter"
        style={{ alignSelf: "flex-start" }}
      />
      <Card padding="md">
        {query.isPending ? (
          <TableSkeleton rows={4} />
        ) : query.isError ? (
          <ErrorState error={query.error} onRetry={() => void query.refetch()} />
        ) : filtered.length === 0 ? (
          <EmptyState icon={<IconAlertOctagon size={22} />} title="No exceptions" testId="exceptions-empty">
            A failed attribute in a workpaper's test grid becomes an exception here, numbered EXC-001 onwards,
            for classification and the client's response.
          </EmptyState>
        ) : (
          <ExceptionsTable list={filtered} openId={openId} onOpen={setOpen} side="auditor" />
        )}
      </Card>
      <Drawer
        opened={!!openId}
        onClose={() => setOpen(null)}
        position="right"
        size="lg"
        title={<Title order={3}>{open ? `${exceptionRef(open)} · exception` : "Exception"}</Title>}
      >
        {openId ? <ExceptionDetail id={openId} engagementId={engagementId} side="auditor" /> : null}
      </Drawer>
    </Stack>
  );
}
