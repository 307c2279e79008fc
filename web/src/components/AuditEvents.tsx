import {
  ActionIcon,
  Autocomplete,
  Badge,
  Box,
  Button,
  Code,
  Group,
  Stack,
  Table,
  Text,
  TextInput,
  Tooltip,
} from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { IconFilterOff, IconHistory } from "@tabler/icons-react";
import { useInfiniteQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { api, withQuery } from "../api";
import { formatDateTime, humanize, personName } from "../format";
import type { AuditEvent } from "../types";
import { EmptyState, ErrorState, TableSkeleton } from "./States";

/** Events per page; a shorter page means the server has nothing older to give. */
const PAGE_SIZE = 50;

interface ParsedSummary {
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  note: string | null;
  raw: string | null;
}

const asRecord = (v: unknown): Record<string, unknown> | null =>
  v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : null;

const parseSummary = (e: AuditEvent): ParsedSummary => {
  let summary: unknown = e.summary;
  if (typeof summary === "string") {
    try {
      summary = JSON.parse(summary) as unknown;
    } catch {
      return { before: null, after: null, note: null, raw: summary as string };
    }
  }
  const s = asRecord(summary) ?? {};
  const before = s.before ?? e.before;
  const after = s.after ?? e.after;
  const note = s.note ?? e.note;
  const wrap = (v: unknown): Record<string, unknown> | null =>
    v === undefined || v === null ? null : (asRecord(v) ?? { value: v });
  return {
    before: wrap(before),
    after: wrap(after),
    note: typeof note === "string" ? note : null,
    raw: null,
  };
};

const show = (v: unknown): string => {
  if (v === undefined) return "—";
  if (v === null) return "none";
  if (typeof v === "string") return v.length > 80 ? `${v.slice(0, 77)}…` : v;
  if (Array.isArray(v) && v.every((x) => typeof x !== "object" || x === null)) {
    return v.length === 0 ? "none" : v.map(String).join(", ");
  }
  const text = JSON.stringify(v);
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
};

/** Before → after, one line per field that changed (or was set). */
export function ChangeSummary({ event }: { event: AuditEvent }) {
  const { before, after, note, raw } = parseSummary(event);
  if (raw !== null) return <Text size="xs">{raw}</Text>;
  const keys = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])];
  const rows = keys.filter((k) => JSON.stringify(before?.[k]) !== JSON.stringify(after?.[k]) || !before);
  return (
    <Stack gap={2}>
      {rows.slice(0, 6).map((k) => (
        <Text key={k} size="xs" style={{ wordBreak: "break-word" }}>
          <Text span size="xs" c="dimmed">
            {k}:{" "}
          </Text>
          {before && k in before ? (
            <>
              <Text span size="xs" td="line-through" c="red.8">
                {show(before[k])}
              </Text>
              {" → "}
            </>
          ) : null}
          <Text span size="xs" c={before ? "teal.8" : undefined}>
            {after && k in after ? show(after[k]) : "removed"}
          </Text>
        </Text>
      ))}
      {rows.length > 6 ? (
        <Text size="xs" c="dimmed">
          and {rows.length - 6} more
        </Text>
      ) : null}
      {note ? (
        <Text size="xs" fs="italic">
          {note}
        </Text>
      ) : null}
      {rows.length === 0 && !note ? (
        <Text size="xs" c="dimmed">
          —
        </Text>
      ) : null}
    </Stack>
  );
}

const actorOf = (e: AuditEvent): string => e.actorLabel ?? personName(e.actor) ?? "system";

export interface AuditFilters {
  action: string;
  from: string;
  to: string;
}

/**
 * An audit trail (tenant or engagement) with filters by action and date, newest first, with
 * "Load older" paging through `before`.
 */
export function AuditEventsPanel({ path, queryKey }: { path: string; queryKey: readonly unknown[] }) {
  const [filters, setFilters] = useState<AuditFilters>({ action: "", from: "", to: "" });
  const [debouncedAction] = useDebouncedValue(filters.action.trim(), 350);
  const active = { action: debouncedAction, from: filters.from, to: filters.to };

  const query = useInfiniteQuery({
    queryKey: [...queryKey, "audit-events", active],
    initialPageParam: "" as string,
    queryFn: ({ pageParam, signal }) =>
      api.get<{ events: AuditEvent[] }>(
        withQuery(path, {
          action: active.action,
          from: active.from,
          to: active.to,
          before: pageParam,
          limit: PAGE_SIZE,
        }),
        signal,
      ),
    getNextPageParam: (last) => {
      const events = last.events ?? [];
      if (events.length < PAGE_SIZE) return undefined;
      const oldest = events[events.length - 1];
      return oldest ? String(oldest.seq ?? oldest.id) : undefined;
    },
  });

  const events = useMemo(() => query.data?.pages.flatMap((p) => p.events ?? []) ?? [], [query.data]);
  const actions = useMemo(() => [...new Set(events.map((e) => e.action))].sort(), [events]);
  const filtered = filters.action !== "" || filters.from !== "" || filters.to !== "";

  return (
    <Stack gap="md" data-testid="audit-events">
      <Group gap="sm" align="flex-end" wrap="wrap">
        <Autocomplete
          label="Action"
          placeholder="e.g. engagement.stage_changed"
          data={actions}
          value={filters.action}
          onChange={(action) => setFilters((f) => ({ ...f, action }))}
          w={260}
          data-testid="audit-filter-action"
        />
        <TextInput
          label="From"
          type="date"
          value={filters.from}
          onChange={(e) => setFilters((f) => ({ ...f, from: e.currentTarget.value }))}
          data-testid="audit-filter-from"
        />
        <TextInput
          label="To"
          type="date"
          value={filters.to}
          onChange={(e) => setFilters((f) => ({ ...f, to: e.currentTarget.value }))}
          data-testid="audit-filter-to"
        />
        {filtered ? (
          <Tooltip label="Clear filters">
            <ActionIcon
              variant="default"
              size="lg"
              aria-label="Clear filters"
              onClick={() => setFilters({ action: "", from: "", to: "" })}
            >
              <IconFilterOff size={16} />
            </ActionIcon>
          </Tooltip>
        ) : null}
      </Group>

      {query.isPending ? (
        <TableSkeleton rows={6} />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : events.length === 0 ? (
        <EmptyState
          icon={<IconHistory size={22} />}
          title={filtered ? "No events match these filters" : "No events yet"}
        >
          {filtered
            ? "Try a different action or a wider date range."
            : "Every change is recorded here as it happens, in a tamper-evident hash chain."}
        </EmptyState>
      ) : (
        <Box style={{ overflowX: "auto" }}>
          <Table miw={760} data-testid="audit-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={170}>Time</Table.Th>
                <Table.Th w={170}>Actor</Table.Th>
                <Table.Th w={220}>Action</Table.Th>
                <Table.Th>Before → after</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {events.map((e) => (
                <Table.Tr key={e.id} data-testid="audit-event" data-action={e.action}>
                  <Table.Td style={{ whiteSpace: "nowrap", verticalAlign: "top" }}>
                    <Text size="sm">{formatDateTime(e.at)}</Text>
                    {e.seq !== undefined ? (
                      <Text size="xs" c="dimmed">
                        #{e.seq}
                      </Text>
                    ) : null}
                  </Table.Td>
                  <Table.Td style={{ verticalAlign: "top" }}>
                    <Text size="sm">{actorOf(e)}</Text>
                  </Table.Td>
                  <Table.Td style={{ verticalAlign: "top" }}>
                    <Tooltip label={humanize(e.action)}>
                      <Code fz="xs">{e.action}</Code>
                    </Tooltip>
                    {e.targetType ? (
                      <Badge variant="transparent" color="gray" size="xs" display="block" px={0} mt={2}>
                        {e.targetType}
                      </Badge>
                    ) : null}
                  </Table.Td>
                  <Table.Td style={{ verticalAlign: "top" }}>
                    <ChangeSummary event={e} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Box>
      )}
      {query.hasNextPage ? (
        <Group justify="center">
          <Button
            variant="default"
            onClick={() => void query.fetchNextPage()}
            loading={query.isFetchingNextPage}
          >
            Load older events
          </Button>
        </Group>
      ) : null}
    </Stack>
  );
}
