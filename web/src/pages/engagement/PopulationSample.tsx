/**
 * Drawing a sample from a population (method, size from the program's rule unless given, seed
 * derived unless given) and the sample view: the seed and rule, strata across the period, the
 * items selected, and opening the control's workpaper on it.
 */
import {
  Alert,
  Badge,
  Box,
  Button,
  Card,
  Code,
  Grid,
  Group,
  NumberInput,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { IconDice, IconNotebook } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useNavigate } from "react-router-dom";
import { api, errorMessage, seg } from "../../api";
import { ErrorState, TableSkeleton } from "../../components/States";
import { fwKeys, useAuditProgram, useSample, useWorkpapers } from "../../fieldwork-queries";
import type { PopulationDetail, SampleSummary, WorkpaperPage } from "../../fieldwork-types";
import { FREQUENCY_LABELS, formatDate, formatDateTime, humanize } from "../../format";
import { notifySuccess } from "../../notify";
import type { Job } from "../../types";
import { JobProgress, jobOf } from "./FieldworkJob";

const METHODS = [
  { value: "random", label: "Random, stratified across the period" },
  { value: "systematic", label: "Systematic with a random start" },
  { value: "all", label: "Every item in the period" },
];

const FREQUENCIES = Object.entries(FREQUENCY_LABELS)
  .filter(([v]) =>
    ["annual", "quarterly", "monthly", "weekly", "daily", "multiple-daily", "event"].includes(v),
  )
  .map(([value, label]) => ({ value, label }));

const ruleTextOf = (rule: unknown): string | null =>
  rule !== null && typeof rule === "object" && "text" in rule
    ? String((rule as { text: unknown }).text)
    : null;

function DrawSampleForm({ p, onDrawn }: { p: PopulationDetail; onDrawn: (sampleId: string) => void }) {
  const queryClient = useQueryClient();
  const program = useAuditProgram(p.engagementId);
  const line = program.data?.program?.lines.find((l) => l.controlId === p.controlId);
  const [method, setMethod] = useState("random");
  const [size, setSize] = useState<number | string>("");
  const [seed, setSeed] = useState("");
  const [frequency, setFrequency] = useState<string | null>(null);
  const [jobId, setJobId] = useState<string | null>(null);
  const draw = useMutation({
    mutationFn: () =>
      api.post<Job | { job: Job }>(`/api/populations/${seg(p.id)}/samples`, {
        method,
        ...(typeof size === "number" && method !== "all" ? { size } : {}),
        ...(seed.trim() ? { seed: seed.trim() } : {}),
        ...(frequency ? { frequency } : {}),
      }),
    meta: { quiet: true },
    onSuccess: (res) => setJobId(jobOf(res).id),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    draw.mutate();
  };
  const defaultSize =
    line?.sampleSize?.size !== null && line?.sampleSize?.size !== undefined
      ? `${line.sampleSize.size} (${line.code}'s program rule)`
      : line
        ? `from ${line.code}'s program rule and the ${p.inPeriodCount} items in period`
        : `from the frequency rule and the ${p.inPeriodCount} items in period`;
  if (jobId) {
    return (
      <JobProgress
        jobId={jobId}
        label="Drawing the sample"
        onSucceeded={(job) => {
          void queryClient.invalidateQueries({ queryKey: fwKeys.population(p.id) });
          const id = (job.result as { sampleId?: string } | null)?.sampleId;
          notifySuccess("The sample was drawn and recorded with its seed.", "Sample");
          setJobId(null);
          if (id) onDrawn(id);
        }}
        onDismiss={() => setJobId(null)}
      />
    );
  }
  return (
    <form onSubmit={submit} data-testid="draw-sample">
      <Stack gap="sm">
        <Grid gutter="sm">
          <Grid.Col span={{ base: 12, sm: 5 }}>
            <Select
              label="Method"
              data={METHODS}
              value={method}
              onChange={(v) => v && setMethod(v)}
              allowDeselect={false}
              comboboxProps={{ withinPortal: true }}
              data-testid="sample-method"
            />
          </Grid.Col>
          <Grid.Col span={{ base: 6, sm: 3 }}>
            <NumberInput
              label="Size"
              placeholder="Default"
              description={`Default: ${defaultSize}`}
              value={size}
              onChange={setSize}
              min={1}
              max={5000}
              disabled={method === "all"}
              data-testid="sample-size"
            />
          </Grid.Col>
          <Grid.Col span={{ base: 6, sm: 4 }}>
            <Select
              label="Spread by"
              placeholder="The control's frequency"
              description="Strata across the period"
              data={FREQUENCIES}
              value={frequency}
              onChange={setFrequency}
              clearable
              comboboxProps={{ withinPortal: true }}
            />
          </Grid.Col>
          <Grid.Col span={12}>
            <TextInput
              label="Seed"
              placeholder="Derived: SHA-256 of the engagement, the control and the population's hash"
              description="Anyone with the file, the seed and the method draws the same items (fieldwork sample)."
              value={seed}
              onChange={(e) => setSeed(e.currentTarget.value)}
              data-testid="sample-seed"
            />
          </Grid.Col>
        </Grid>
        {draw.isError ? (
          <Alert color="red" variant="light">
            {errorMessage(draw.error)}
          </Alert>
        ) : null}
        <Group justify="flex-end">
          <Button
            type="submit"
            leftSection={<IconDice size={16} />}
            loading={draw.isPending}
            data-testid="draw-sample-submit"
          >
            Draw sample
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function OpenWorkpaperButton({ p, sampleId }: { p: PopulationDetail; sampleId: string }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const workpapers = useWorkpapers(p.engagementId);
  const existing = (workpapers.data?.workpapers ?? []).find((w) => w.control.id === p.controlId);
  const open = useMutation({
    mutationFn: () =>
      api.post<WorkpaperPage>(`/api/engagements/${seg(p.engagementId)}/workpapers`, {
        controlId: p.controlId,
        sampleId,
      }),
    meta: { errorTitle: "Workpaper not opened" },
    onSuccess: (res) => {
      void queryClient.invalidateQueries({ queryKey: fwKeys.workpapers(p.engagementId) });
      navigate(`/workpapers/${res.workpaper.id}`);
    },
  });
  if (existing) {
    return (
      <Button
        variant="default"
        leftSection={<IconNotebook size={16} />}
        onClick={() => navigate(`/workpapers/${existing.id}`)}
        data-testid="sample-workpaper"
      >
        Open {p.control?.code ?? "the control"}'s workpaper
      </Button>
    );
  }
  return (
    <Button
      leftSection={<IconNotebook size={16} />}
      onClick={() => open.mutate()}
      loading={open.isPending}
      data-testid="sample-workpaper"
    >
      Test in a workpaper
    </Button>
  );
}

function SampleView({ p, sampleId }: { p: PopulationDetail; sampleId: string }) {
  const query = useSample(sampleId);
  if (query.isPending) return <TableSkeleton rows={5} />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  const s = query.data;
  const rule = ruleTextOf(s.rule);
  // The id and date are shown already; the other columns help find the item in the client's system.
  const mapped = new Set([p.mapping?.date, p.mapping?.id].filter(Boolean));
  const valueColumns = [...new Set(s.items.flatMap((i) => Object.keys(i.values ?? {})))]
    .filter((c) => !mapped.has(c))
    .slice(0, 5);
  return (
    <Stack gap="md" data-testid="sample-view" data-size={s.size} data-seed={s.seed}>
      <Group justify="space-between" align="flex-start" wrap="wrap">
        <Stack gap={4}>
          <Group gap="xs">
            <Badge size="lg" variant="light" data-testid="sample-size-badge">
              {s.size} items
            </Badge>
            <Badge variant="outline" color="gray">
              {humanize(s.method)}
            </Badge>
            <Badge variant="outline" color="gray">
              by {FREQUENCY_LABELS[s.frequency] ?? s.frequency}
            </Badge>
            {s.extendsSampleId ? <Badge color="orange">Extension</Badge> : null}
          </Group>
          <Text size="sm">
            <Text span fw={500}>
              Seed:
            </Text>{" "}
            <Code fz="xs" data-testid="sample-seed-value">
              {s.seed}
            </Code>
          </Text>
          {rule ? (
            <Text size="sm" c="dimmed" maw={760}>
              {rule}
            </Text>
          ) : null}
          {s.reason ? <Text size="sm">Extended because: {s.reason}</Text> : null}
          <Text size="xs" c="dimmed">
            Drawn {formatDateTime(s.createdAt)}
            {s.createdByName ? ` by ${s.createdByName}` : ""}
          </Text>
        </Stack>
        <OpenWorkpaperButton p={p} sampleId={s.extendsSampleId ?? s.id} />
      </Group>
      <Grid gutter="md">
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Text size="sm" fw={600} mb={4}>
            Strata
          </Text>
          <Table withTableBorder data-testid="sample-strata">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Stratum</Table.Th>
                <Table.Th ta="right">Population</Table.Th>
                <Table.Th ta="right">Selected</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {s.strata.map((st) => (
                <Table.Tr key={`${st.label}:${st.start}`} data-testid="stratum-row">
                  <Table.Td>{st.label}</Table.Td>
                  <Table.Td ta="right">{st.population}</Table.Td>
                  <Table.Td ta="right">{st.selected}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Text size="sm" fw={600} mb={4}>
            Items
          </Text>
          <Box style={{ overflowX: "auto", maxHeight: 520, overflowY: "auto" }}>
            <Table withTableBorder data-testid="sample-items" miw={420 + valueColumns.length * 120}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={70}>Row</Table.Th>
                  <Table.Th>Id</Table.Th>
                  <Table.Th w={110}>Date</Table.Th>
                  {valueColumns.map((c) => (
                    <Table.Th key={c}>{c}</Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {s.items.map((i) => (
                  <Table.Tr key={i.row} data-testid="sample-item" data-row={i.row}>
                    <Table.Td ff="monospace">{i.row}</Table.Td>
                    <Table.Td style={{ whiteSpace: "nowrap" }}>{i.id}</Table.Td>
                    <Table.Td style={{ whiteSpace: "nowrap" }}>{formatDate(i.date)}</Table.Td>
                    {valueColumns.map((c) => (
                      <Table.Td key={c}>
                        <Text size="sm" truncate maw={200}>
                          {i.values?.[c] ?? ""}
                        </Text>
                      </Table.Td>
                    ))}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Box>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

const sampleLabel = (s: SampleSummary) =>
  `${s.extendsSampleId ? "Extension" : "Sample"} of ${s.size} · ${humanize(s.method)} · ${formatDate(s.createdAt)}`;

export function PopulationSamples({ p }: { p: PopulationDetail }) {
  const [selected, setSelected] = useState<string | null>(null);
  const [drawing, setDrawing] = useState(false);
  const current = selected ?? p.samples[0]?.id ?? null;
  const canSample = p.permissions?.canSample !== false;
  const showForm = canSample && (drawing || p.samples.length === 0);
  return (
    <Card padding="lg" data-testid="population-samples">
      <Stack gap="md">
        <Group justify="space-between" wrap="wrap">
          <Title order={3}>Samples</Title>
          {p.samples.length > 1 ? (
            <Select
              aria-label="Sample"
              data={p.samples.map((s) => ({ value: s.id, label: sampleLabel(s) }))}
              value={current}
              onChange={setSelected}
              allowDeselect={false}
              w={360}
              comboboxProps={{ withinPortal: true }}
            />
          ) : null}
        </Group>
        {showForm ? (
          <DrawSampleForm
            p={p}
            onDrawn={(id) => {
              setDrawing(false);
              setSelected(id);
            }}
          />
        ) : canSample ? (
          <Group>
            <Button
              size="xs"
              variant="default"
              leftSection={<IconDice size={14} />}
              onClick={() => setDrawing(true)}
            >
              Draw another sample
            </Button>
          </Group>
        ) : null}
        {current ? (
          <SampleView key={current} p={p} sampleId={current} />
        ) : (
          <Text size="sm" c="dimmed">
            No sample drawn yet.
          </Text>
        )}
      </Stack>
    </Card>
  );
}
