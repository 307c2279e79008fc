/**
 * The workpapers tab: one workpaper per control with its status, conclusion, exceptions and
 * sign-offs; the review queue (prepared, awaiting a senior reviewer); opening a new workpaper.
 */
import {
  Alert,
  Badge,
  Box,
  Button,
  Card,
  Group,
  Modal,
  SegmentedControl,
  Select,
  Stack,
  Table,
  Text,
} from "@mantine/core";
import { IconNotebook, IconPlus } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useNavigate } from "react-router-dom";
import { api, errorMessage, seg } from "../../api";
import { EmptyState, ErrorState, TableSkeleton } from "../../components/States";
import { fwKeys, usePopulation, usePopulations, useWorkpapers } from "../../fieldwork-queries";
import type { WorkpaperList, WorkpaperPage } from "../../fieldwork-types";
import { formatDate, plural } from "../../format";
import type { EngagementPage } from "../../types";
import { ConclusionBadge, WorkpaperStatusBadge } from "./FieldworkBadges";

const FILTERS = [
  { value: "all", label: "All" },
  { value: "prepared", label: "Review queue" },
  { value: "open", label: "Open" },
  { value: "reviewed", label: "Reviewed" },
];

function OpenWorkpaperModal({
  engagementId,
  unopened,
  onClose,
}: {
  engagementId: string;
  unopened: WorkpaperList["unopened"];
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const populations = usePopulations(engagementId);
  const [controlId, setControlId] = useState<string | null>(null);
  const [populationId, setPopulationId] = useState<string | null>(null);
  const [source, setSource] = useState<string | null>(null);
  const population = usePopulation(populationId ?? undefined);
  const pops = (populations.data ?? []).filter((p) => p.controlId === controlId);
  const sources = [
    ...(population.data?.samples ?? []).map((s) => ({
      value: `sample:${s.id}`,
      label: `Sample of ${s.size} (${s.method}${s.extendsSampleId ? ", extension" : ""}) · ${formatDate(s.createdAt)}`,
    })),
    ...(population.data?.tests ?? []).map((t) => ({
      value: `test:${t.id}`,
      label: `Full-population test: ${t.rowsFailing} of ${t.rowsTested} failing · ${formatDate(t.createdAt)}`,
    })),
  ];
  const create = useMutation({
    mutationFn: () => {
      const [kind, id] = (source ?? "").split(":");
      return api.post<WorkpaperPage>(`/api/engagements/${seg(engagementId)}/workpapers`, {
        controlId,
        ...(kind === "sample" ? { sampleId: id } : kind === "test" ? { populationTestId: id } : {}),
      });
    },
    meta: { quiet: true },
    onSuccess: (res) => {
      void queryClient.invalidateQueries({ queryKey: fwKeys.workpapers(engagementId) });
      navigate(`/workpapers/${res.workpaper.id}`);
    },
  });
  return (
    <Modal opened onClose={onClose} title="Open a workpaper" size="lg">
      <Stack gap="sm">
        <Select
          label="Control"
          description="A control of the audit program without a workpaper yet"
          data={unopened.map((l) => ({ value: l.controlId, label: `${l.code} · ${l.title}` }))}
          value={controlId}
          onChange={(v) => {
            setControlId(v);
            setPopulationId(null);
            setSource(null);
          }}
          searchable
          comboboxProps={{ withinPortal: true }}
          nothingFoundMessage="Every program line has a workpaper"
          data-testid="workpaper-control"
        />
        <Select
          label="Population"
          description="Optional: the population whose sample or full-population test it records"
          data={pops.map((p) => ({ value: p.id, label: `${p.name} (${p.inPeriodCount} in period)` }))}
          value={populationId}
          onChange={(v) => {
            setPopulationId(v);
            setSource(null);
          }}
          clearable
          disabled={!controlId || pops.length === 0}
          placeholder={controlId && pops.length === 0 ? "No population for this control" : undefined}
          comboboxProps={{ withinPortal: true }}
        />
        <Select
          label="Items tested"
          description="Without a sample or test the workpaper records a single walkthrough or test of one"
          data={sources}
          value={source}
          onChange={setSource}
          clearable
          disabled={!populationId}
          comboboxProps={{ withinPortal: true }}
        />
        {create.isError ? (
          <Alert color="red" variant="light">
            {errorMessage(create.error)}
          </Alert>
        ) : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button
            onClick={() => create.mutate()}
            disabled={!controlId}
            loading={create.isPending}
            data-testid="workpaper-create"
          >
            Open workpaper
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

export function WorkpapersTab({ page }: { page: EngagementPage }) {
  const engagementId = page.engagement.id;
  const navigate = useNavigate();
  const [filter, setFilter] = useState("all");
  const query = useWorkpapers(engagementId, filter === "all" ? undefined : filter);
  const all = useWorkpapers(engagementId);
  const [opening, setOpening] = useState(false);
  const list = query.data?.workpapers ?? [];
  const queue = (all.data?.workpapers ?? []).filter((w) => w.status === "prepared").length;
  const canOpen = all.data?.permissions.canOpen ?? false;

  return (
    <Stack gap="md" data-testid="workpapers">
      <Group justify="space-between" wrap="wrap">
        <SegmentedControl
          value={filter}
          onChange={setFilter}
          data={FILTERS.map((f) => (f.value === "prepared" ? { ...f, label: `Review queue (${queue})` } : f))}
          data-testid="workpaper-filter"
        />
        {canOpen ? (
          <Button
            leftSection={<IconPlus size={16} />}
            onClick={() => setOpening(true)}
            disabled={(all.data?.unopened ?? []).length === 0}
            data-testid="open-workpaper"
          >
            Open a workpaper
          </Button>
        ) : null}
      </Group>
      <Card padding="md">
        {query.isPending ? (
          <TableSkeleton rows={5} />
        ) : query.isError ? (
          <ErrorState error={query.error} onRetry={() => void query.refetch()} />
        ) : list.length === 0 ? (
          <EmptyState icon={<IconNotebook size={22} />} title="No workpapers here" testId="workpapers-empty">
            {filter === "prepared"
              ? "Nothing awaits review: prepared workpapers appear here for a senior reviewer."
              : "A workpaper records one control's test: its procedures, the items tested, results per attribute, exceptions and the conclusion, signed off by a preparer and a senior reviewer."}
          </EmptyState>
        ) : (
          <Box style={{ overflowX: "auto" }}>
            <Table miw={900} data-testid="workpapers-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Control</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th>Conclusion</Table.Th>
                  <Table.Th ta="right">Exceptions</Table.Th>
                  <Table.Th>Preparer</Table.Th>
                  <Table.Th>Reviewer</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.map((w) => (
                  <Table.Tr
                    key={w.id}
                    data-testid="workpaper-row"
                    data-id={w.id}
                    data-status={w.status}
                    onClick={() => navigate(`/workpapers/${w.id}`)}
                    style={{ cursor: "pointer" }}
                  >
                    <Table.Td>
                      <Group gap="xs" wrap="nowrap">
                        <Text size="sm" ff="monospace" fw={700}>
                          {w.control.code}
                        </Text>
                        <Text size="sm" truncate maw={340}>
                          {w.control.title}
                        </Text>
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      <WorkpaperStatusBadge status={w.status} />
                    </Table.Td>
                    <Table.Td>
                      <ConclusionBadge conclusion={w.conclusion} />
                    </Table.Td>
                    <Table.Td ta="right">
                      {(w.exceptionCount ?? 0) > 0 ? (
                        <Badge color="orange" variant="light">
                          {plural(w.exceptionCount ?? 0, "exception")}
                        </Badge>
                      ) : (
                        <Text size="sm" c="dimmed">
                          0
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{w.preparer?.name ?? "–"}</Text>
                      {w.preparer?.at ? (
                        <Text size="xs" c="dimmed">
                          {formatDate(w.preparer.at)}
                        </Text>
                      ) : null}
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{w.reviewer?.name ?? "–"}</Text>
                      {w.reviewer?.at ? (
                        <Text size="xs" c="dimmed">
                          {formatDate(w.reviewer.at)}
                        </Text>
                      ) : null}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Box>
        )}
      </Card>
      {opening ? (
        <OpenWorkpaperModal
          engagementId={engagementId}
          unopened={all.data?.unopened ?? []}
          onClose={() => setOpening(false)}
        />
      ) : null}
    </Stack>
  );
}
