/**
 * Importing a population: drop or pick a file (CSV, TSV, JSON lines, xlsx), see its columns and
 * first rows, map the date and id columns, name the control and period, record the completeness
 * and accuracy support, then follow the import job until the population page can open.
 */
import {
  Alert,
  Box,
  Button,
  Card,
  FileButton,
  Grid,
  Group,
  SegmentedControl,
  Select,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from "@mantine/core";
import { IconFileSpreadsheet, IconUpload } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type DragEvent, type FormEvent, useState } from "react";
import { useNavigate } from "react-router-dom";
import { api, errorMessage, seg } from "../../api";
import { fwKeys } from "../../fieldwork-queries";
import type { PopulationFile } from "../../fieldwork-types";
import { formatBytes } from "../../format";
import { notifySuccess } from "../../notify";
import type { Engagement, Job } from "../../types";
import { JobProgress, jobOf } from "./FieldworkJob";

/** A control a population can be for (the program's lines, or the organization's controls). */
export interface ControlChoice {
  id: string;
  code: string;
  title: string;
}

const ACCEPT = ".csv,.tsv,.txt,.jsonl,.ndjson,.xlsx";

const CA_METHODS = [
  { value: "query", label: "Recorded query" },
  { value: "reconciliation", label: "Reconciliation" },
  { value: "representation", label: "Representation" },
];

const CA_HINTS: Record<string, string> = {
  query: "The query or report that produced the file, as run, so it can be re-run (the strongest support).",
  reconciliation:
    "The independent second source it will be reconciled with, e.g. HR leavers against disabled accounts.",
  representation:
    "Management's written representation that the list is complete, when no second source exists.",
};

/** A guess at the date column: the first whose name says date or time. */
const guessDate = (columns: string[]): string | null =>
  columns.find((c) => /date|_at$|_on$|time|when|^day$/i.test(c)) ?? null;
const guessId = (columns: string[]): string | null =>
  columns.find((c) => /^(id|key|ticket|number|ref)$|_id$|\bid\b/i.test(c)) ?? null;

/** The job's result names the population it created. */
const populationIdOf = (job: Job): string | null => {
  const r = job.result as { populationId?: unknown; population?: { id?: unknown }; id?: unknown } | null;
  if (!r || typeof r !== "object") return null;
  const id = r.populationId ?? r.population?.id ?? r.id;
  return typeof id === "string" ? id : null;
};

function MappingForm({
  engagement,
  file,
  controls,
  onStarted,
  onReset,
}: {
  engagement: Engagement;
  file: PopulationFile;
  controls: ControlChoice[];
  onStarted: (jobId: string) => void;
  onReset: () => void;
}) {
  const [dateColumn, setDateColumn] = useState<string | null>(guessDate(file.columns));
  const [idColumn, setIdColumn] = useState<string | null>(guessId(file.columns));
  const [controlId, setControlId] = useState<string | null>(null);
  const [name, setName] = useState(file.fileName.replace(/\.[^.]+$/, ""));
  const [periodStart, setPeriodStart] = useState(engagement.periodStart ?? engagement.asOfDate ?? "");
  const [periodEnd, setPeriodEnd] = useState(engagement.periodEnd ?? engagement.asOfDate ?? "");
  const [caMethod, setCaMethod] = useState("query");
  const [caSource, setCaSource] = useState("");
  const create = useMutation({
    mutationFn: () =>
      api.post<Job | { job: Job }>(`/api/engagements/${seg(engagement.id)}/populations`, {
        fileSha256: file.fileSha256,
        fileName: file.fileName,
        controlId,
        name: name.trim(),
        periodStart: periodStart || undefined,
        periodEnd: periodEnd || undefined,
        mapping: { date: dateColumn, ...(idColumn ? { id: idColumn } : {}) },
        caMethod,
        caSource: caSource.trim(),
      }),
    meta: { quiet: true },
    onSuccess: (res) => onStarted(jobOf(res).id),
  });
  const columnOptions = file.columns.map((c) => ({ value: c, label: c }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  const ready = !!dateColumn && !!controlId && name.trim() !== "" && caSource.trim() !== "";
  return (
    <form onSubmit={submit} data-testid="population-mapping">
      <Stack gap="md">
        <Group justify="space-between" wrap="wrap">
          <Group gap="xs">
            <IconFileSpreadsheet size={20} />
            <Text fw={600}>{file.fileName}</Text>
            <Text size="sm" c="dimmed">
              {file.format.toUpperCase()} · {formatBytes(file.sizeBytes)} · {file.columns.length} columns
            </Text>
          </Group>
          <Button variant="subtle" size="xs" onClick={onReset}>
            Choose another file
          </Button>
        </Group>
        <Box style={{ overflowX: "auto" }}>
          <Table
            withTableBorder
            data-testid="population-preview"
            miw={Math.max(600, file.columns.length * 120)}
          >
            <Table.Thead>
              <Table.Tr>
                {file.columns.map((c) => (
                  <Table.Th
                    key={c}
                    bg={
                      c === dateColumn
                        ? "var(--mantine-color-brand-0)"
                        : c === idColumn
                          ? "var(--mantine-color-gray-1)"
                          : undefined
                    }
                  >
                    {c}
                    {c === dateColumn ? " (date)" : c === idColumn ? " (id)" : ""}
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {file.preview.slice(0, 8).map((row, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: preview rows are positional
                <Table.Tr key={i}>
                  {file.columns.map((c, j) => (
                    <Table.Td key={c}>
                      <Text size="sm" truncate maw={220}>
                        {row[j] ?? ""}
                      </Text>
                    </Table.Td>
                  ))}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Box>
        <Text size="xs" c="dimmed">
          The first {Math.min(8, file.preview.length)} rows of the file.
        </Text>
        <Grid gutter="sm">
          <Grid.Col span={{ base: 12, sm: 6 }}>
            <Select
              label="Control"
              description="The control this population is for"
              data={controls.map((c) => ({ value: c.id, label: `${c.code} · ${c.title}` }))}
              value={controlId}
              onChange={setControlId}
              searchable
              required
              comboboxProps={{ withinPortal: true }}
              nothingFoundMessage="No control matches"
              data-testid="population-control"
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 6 }}>
            <TextInput
              label="Name"
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              required
              data-testid="population-name"
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 3 }}>
            <Select
              label="Date column"
              description="Dates each item in the period"
              data={columnOptions}
              value={dateColumn}
              onChange={setDateColumn}
              allowDeselect={false}
              required
              comboboxProps={{ withinPortal: true }}
              data-testid="population-date-column"
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 3 }}>
            <Select
              label="Id column"
              description="Optional; else the row number"
              data={columnOptions}
              value={idColumn}
              onChange={setIdColumn}
              clearable
              comboboxProps={{ withinPortal: true }}
              data-testid="population-id-column"
            />
          </Grid.Col>
          <Grid.Col span={{ base: 6, sm: 3 }}>
            <TextInput
              type="date"
              label="Period start"
              description="Rows outside are excluded"
              value={periodStart}
              onChange={(e) => setPeriodStart(e.currentTarget.value)}
            />
          </Grid.Col>
          <Grid.Col span={{ base: 6, sm: 3 }}>
            <TextInput
              type="date"
              label="Period end"
              description="and counted"
              value={periodEnd}
              onChange={(e) => setPeriodEnd(e.currentTarget.value)}
            />
          </Grid.Col>
        </Grid>
        <Stack gap={6}>
          <Text size="sm" fw={500}>
            Completeness and accuracy
          </Text>
          <SegmentedControl
            value={caMethod}
            onChange={setCaMethod}
            data={CA_METHODS}
            data-testid="population-ca-method"
          />
          <Textarea
            aria-label="Completeness and accuracy support"
            description={CA_HINTS[caMethod]}
            placeholder="e.g. SELECT key, created, approver FROM jira.issues WHERE project = 'CHG' AND created BETWEEN …"
            value={caSource}
            onChange={(e) => setCaSource(e.currentTarget.value)}
            autosize
            minRows={2}
            required
            data-testid="population-ca-source"
          />
        </Stack>
        {create.isError ? (
          <Alert color="red" variant="light" title="Not imported" data-testid="population-error">
            {errorMessage(create.error)}
          </Alert>
        ) : null}
        <Group justify="flex-end">
          <Button type="submit" disabled={!ready} loading={create.isPending} data-testid="population-create">
            Import population
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function PopulationUpload({
  engagement,
  controls,
  onClose,
}: {
  engagement: Engagement;
  controls: ControlChoice[];
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [file, setFile] = useState<PopulationFile | null>(null);
  const [jobId, setJobId] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const upload = useMutation({
    mutationFn: (f: File) => {
      const form = new FormData();
      form.append("file", f, f.name);
      return api.upload<PopulationFile>(`/api/engagements/${seg(engagement.id)}/populations/files`, form);
    },
    meta: { quiet: true },
    onSuccess: setFile,
  });
  const onDrop = (e: DragEvent<HTMLDivElement>) => {
    e.preventDefault();
    setDragging(false);
    const f = e.dataTransfer.files[0];
    if (f) upload.mutate(f);
  };

  return (
    <Card padding="lg" data-testid="population-upload">
      <Stack gap="md">
        <Group justify="space-between">
          <Title order={3}>Import a population</Title>
          <Button variant="subtle" size="xs" onClick={onClose}>
            Close
          </Button>
        </Group>
        {jobId ? (
          <JobProgress
            jobId={jobId}
            label="Importing the population"
            onSucceeded={(job) => {
              void queryClient.invalidateQueries({ queryKey: fwKeys.populations(engagement.id) });
              notifySuccess("The population was profiled and stored.", "Population imported");
              const id = populationIdOf(job);
              if (id) navigate(`/populations/${id}`);
              else onClose();
            }}
            onDismiss={() => setJobId(null)}
          />
        ) : file ? (
          <MappingForm
            engagement={engagement}
            file={file}
            controls={controls}
            onStarted={setJobId}
            onReset={() => {
              setFile(null);
              upload.reset();
            }}
          />
        ) : (
          <>
            <Box
              onDragOver={(e) => {
                e.preventDefault();
                setDragging(true);
              }}
              onDragLeave={() => setDragging(false)}
              onDrop={onDrop}
              p="xl"
              style={{
                border: `2px dashed var(--mantine-color-${dragging ? "brand-5" : "gray-4"})`,
                borderRadius: "var(--mantine-radius-md)",
                background: dragging ? "var(--mantine-color-brand-0)" : "var(--mantine-color-gray-0)",
              }}
              data-testid="population-dropzone"
            >
              <Stack align="center" gap="xs">
                <IconUpload size={28} color="var(--mantine-color-dimmed)" />
                <Text fw={500}>Drop a population file here</Text>
                <Text size="sm" c="dimmed" ta="center" maw={520}>
                  CSV, TSV, JSON lines or Excel (.xlsx): the complete list of occurrences for the period
                  (change tickets, new hires, terminations…). It is stored encrypted and hashed; you map the
                  columns next.
                </Text>
                <FileButton onChange={(f) => f && upload.mutate(f)} accept={ACCEPT}>
                  {(props) => (
                    <Button
                      {...props}
                      variant="default"
                      loading={upload.isPending}
                      data-testid="population-file-button"
                    >
                      Choose a file
                    </Button>
                  )}
                </FileButton>
              </Stack>
            </Box>
            {upload.isError ? (
              <Alert color="red" variant="light" title="Upload refused" data-testid="population-upload-error">
                {errorMessage(upload.error)}
              </Alert>
            ) : null}
          </>
        )}
      </Stack>
    </Card>
  );
}
