/**
 * Evidence pieces shared by the control page, the evidence library and requests: the timeline of
 * items, importer check results, the upload form and the importer runner.
 */
import {
  Alert,
  Anchor,
  Badge,
  Box,
  Button,
  Collapse,
  FileInput,
  Grid,
  Group,
  MultiSelect,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  ThemeIcon,
  Timeline,
  Tooltip,
} from "@mantine/core";
import {
  IconAlertTriangle,
  IconCircleCheck,
  IconCircleX,
  IconDownload,
  IconFile,
  IconPlayerPlay,
  IconUpload,
} from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { Link } from "react-router-dom";
import { api, errorMessage, seg } from "../api";
import { formatBytes, formatDate, formatDateTime, formatRange, humanize, plural, todayIso } from "../format";
import { notifySuccess, notifyWarning } from "../notify";
import { keys, useImporters } from "../queries";
import type { CheckStatus, Control, EvidenceItem, ImportCheck, ImportRun } from "../types";
import { CheckStatusBadge, EvidenceSourceBadge } from "./Badges";

export const downloadHref = (id: string): string => `/api/evidence/${encodeURIComponent(id)}/download`;

/** The worst status of an item's checks: fail over warn over pass; null without checks. */
export const worstCheck = (item: Pick<EvidenceItem, "checks">): CheckStatus | null => {
  const checks = item.checks?.checks ?? [];
  if (checks.length === 0) return null;
  if (checks.some((c) => c.status === "fail")) return "fail";
  if (checks.some((c) => c.status === "warn")) return "warn";
  return "pass";
};

export const checkCounts = (checks: readonly ImportCheck[]) => ({
  pass: checks.filter((c) => c.status === "pass").length,
  warn: checks.filter((c) => c.status === "warn").length,
  fail: checks.filter((c) => c.status === "fail").length,
});

export function CheckSummary({ checks }: { checks: readonly ImportCheck[] }) {
  if (checks.length === 0) return null;
  const n = checkCounts(checks);
  return (
    <Group gap={4} wrap="nowrap" data-testid="check-summary" data-fail={n.fail} data-warn={n.warn}>
      {n.fail > 0 ? (
        <Badge
          color="red"
          variant="filled"
          size="sm"
          miw="max-content"
          leftSection={<IconCircleX size={12} />}
        >
          {n.fail} failed
        </Badge>
      ) : null}
      {n.warn > 0 ? (
        <Badge
          color="yellow"
          variant="light"
          size="sm"
          miw="max-content"
          leftSection={<IconAlertTriangle size={12} />}
        >
          {n.warn} warning{n.warn === 1 ? "" : "s"}
        </Badge>
      ) : null}
      {n.pass > 0 ? (
        <Badge
          color="teal"
          variant="light"
          size="sm"
          miw="max-content"
          leftSection={<IconCircleCheck size={12} />}
        >
          {n.pass} passed
        </Badge>
      ) : null}
    </Group>
  );
}

function Findings({ findings }: { findings: ImportCheck["findings"] }) {
  const [all, setAll] = useState(false);
  const columns = [...new Set(findings.flatMap((f) => Object.keys(f)))].slice(0, 8);
  const rows = all ? findings : findings.slice(0, 10);
  return (
    <Box style={{ overflowX: "auto" }}>
      <Table fz="xs" verticalSpacing={4} withTableBorder data-testid="check-findings">
        <Table.Thead>
          <Table.Tr>
            {columns.map((c) => (
              <Table.Th key={c}>{humanize(c.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase())}</Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((f, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: findings are rows of a report, identified by position
            <Table.Tr key={i}>
              {columns.map((c) => (
                <Table.Td key={c} ff={typeof f[c] === "number" ? undefined : "monospace"}>
                  {f[c] === null || f[c] === undefined ? "—" : String(f[c])}
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {findings.length > 10 ? (
        <Anchor component="button" size="xs" mt={4} onClick={() => setAll((v) => !v)}>
          {all ? "Show fewer" : `Show all ${findings.length} findings`}
        </Anchor>
      ) : null}
    </Box>
  );
}

export function CheckRow({ check, defaultOpen }: { check: ImportCheck; defaultOpen?: boolean }) {
  const [open, setOpen] = useState(defaultOpen ?? false);
  const color = check.status === "pass" ? "teal" : check.status === "fail" ? "red" : "yellow";
  const Icon =
    check.status === "pass" ? IconCircleCheck : check.status === "fail" ? IconCircleX : IconAlertTriangle;
  if (check.status === "pass" && check.findings.length === 0) {
    // Passing checks stay out of the way: one line each.
    return (
      <Group
        gap="xs"
        wrap="nowrap"
        px="xs"
        py={4}
        data-testid="import-check"
        data-status={check.status}
        data-check={check.id}
        style={{ borderLeft: "3px solid var(--mantine-color-teal-6)", borderRadius: 4 }}
      >
        <IconCircleCheck size={16} color="var(--mantine-color-teal-6)" style={{ flexShrink: 0 }} />
        <Text size="sm" fw={500} style={{ flexShrink: 0 }}>
          {check.title}
        </Text>
        <Text size="xs" c="dimmed" truncate>
          {check.message}
        </Text>
      </Group>
    );
  }
  return (
    <Paper
      withBorder
      p="xs"
      radius="sm"
      data-testid="import-check"
      data-status={check.status}
      data-check={check.id}
      style={{
        borderLeft: `3px solid var(--mantine-color-${color}-6)`,
        background: check.status === "fail" ? "var(--mantine-color-red-0)" : undefined,
      }}
    >
      <Group gap="xs" wrap="nowrap" align="flex-start">
        <ThemeIcon size={20} radius="xl" variant="light" color={color} mt={1}>
          <Icon size={14} />
        </ThemeIcon>
        <Stack gap={2} style={{ flex: 1, minWidth: 0 }}>
          <Group gap="xs" justify="space-between" wrap="nowrap">
            <Text size="sm" fw={600}>
              {check.title}
            </Text>
            <CheckStatusBadge status={check.status} size="sm" />
          </Group>
          <Text size="sm" c={check.status === "fail" ? "red.9" : "dimmed"}>
            {check.message}
          </Text>
          {check.findings.length > 0 ? (
            <>
              <Anchor component="button" size="xs" onClick={() => setOpen((v) => !v)} ta="left">
                {open ? "Hide" : "Show"} {plural(check.findings.length, "finding")}
              </Anchor>
              <Collapse in={open}>
                <Findings findings={check.findings} />
              </Collapse>
            </>
          ) : null}
        </Stack>
      </Group>
    </Paper>
  );
}

export function CheckList({
  checks,
  openFindings = false,
}: {
  checks: readonly ImportCheck[];
  openFindings?: boolean;
}) {
  const order: Record<string, number> = { fail: 0, warn: 1, pass: 2 };
  const sorted = [...checks].sort((a, b) => (order[a.status] ?? 3) - (order[b.status] ?? 3));
  return (
    <Stack gap={6} data-testid="import-checks">
      {sorted.map((c) => (
        <CheckRow key={c.id} check={c} defaultOpen={openFindings && c.status !== "pass"} />
      ))}
    </Stack>
  );
}

/** Evidence items as a timeline, newest effective date first. */
export function EvidenceTimeline({
  items,
  emptyText,
}: {
  items: readonly EvidenceItem[];
  emptyText?: string;
}) {
  const sorted = [...items].sort(
    (a, b) => b.effectiveDate.localeCompare(a.effectiveDate) || b.uploadedAt.localeCompare(a.uploadedAt),
  );
  if (sorted.length === 0) {
    return (
      <Box data-testid="evidence-timeline" data-count={0}>
        <Text size="sm" c="dimmed">
          {emptyText ?? "No evidence yet."}
        </Text>
      </Box>
    );
  }
  return (
    <Timeline bulletSize={26} lineWidth={2} data-testid="evidence-timeline" data-count={sorted.length}>
      {sorted.map((item) => {
        const worst = worstCheck(item);
        const color =
          worst === "fail" ? "red" : worst === "warn" ? "yellow" : worst === "pass" ? "teal" : "brand";
        return (
          <Timeline.Item
            key={item.id}
            color={color}
            bullet={
              <ThemeIcon size={26} radius="xl" color={color} variant={worst === "fail" ? "filled" : "light"}>
                {worst === "fail" ? (
                  <IconCircleX size={15} />
                ) : worst === "warn" ? (
                  <IconAlertTriangle size={15} />
                ) : worst === "pass" ? (
                  <IconCircleCheck size={15} />
                ) : (
                  <IconFile size={15} />
                )}
              </ThemeIcon>
            }
          >
            <Stack
              gap={6}
              data-testid="evidence-item"
              data-id={item.id}
              data-source={item.source}
              data-checks={worst ?? ""}
              pb="xs"
            >
              <Group justify="space-between" wrap="nowrap" align="flex-start">
                <Stack gap={2} style={{ minWidth: 0 }}>
                  <Group gap={6}>
                    <Text size="xs" fw={700} c="dimmed" className="fw-tabular">
                      {formatDate(item.effectiveDate)}
                    </Text>
                    <EvidenceSourceBadge source={item.source} size="sm" />
                    {item.version > 1 ? (
                      <Badge size="sm" variant="outline" color="gray">
                        v{item.version}
                      </Badge>
                    ) : null}
                    {item.checks ? <CheckSummary checks={item.checks.checks} /> : null}
                  </Group>
                  <Anchor component={Link} to={`/evidence/${item.id}`} fw={600} size="sm">
                    {item.title}
                  </Anchor>
                  <Text size="xs" c="dimmed">
                    {item.periodStart || item.periodEnd
                      ? `Period ${formatRange(item.periodStart, item.periodEnd)} · `
                      : ""}
                    {item.originalName ?? item.mediaType} · {formatBytes(item.size)} · uploaded by{" "}
                    {item.uploadedByName ?? "someone"} on {formatDateTime(item.uploadedAt)}
                  </Text>
                </Stack>
                <Tooltip label="Download (recorded in the audit trail)">
                  <Button
                    component="a"
                    href={downloadHref(item.id)}
                    variant="default"
                    size="compact-sm"
                    leftSection={<IconDownload size={14} />}
                    data-testid="evidence-download"
                  >
                    Download
                  </Button>
                </Tooltip>
              </Group>
              {item.checks && item.checks.checks.length > 0 ? (
                <CheckList checks={item.checks.checks} />
              ) : null}
            </Stack>
          </Timeline.Item>
        );
      })}
    </Timeline>
  );
}

const invalidateEvidence = (queryClient: ReturnType<typeof useQueryClient>, orgId: string) => {
  void queryClient.invalidateQueries({ queryKey: keys.evidence(orgId) });
  void queryClient.invalidateQueries({ queryKey: keys.freshness(orgId) });
  void queryClient.invalidateQueries({ queryKey: ["readiness", orgId] });
};

/** Uploads one file as evidence, linked to the given controls (or those chosen in the form). */
export function UploadEvidenceForm({
  orgId,
  controlIds,
  controls,
  onDone,
}: {
  orgId: string;
  /** Fixed controls (the control page); otherwise the form offers `controls` to pick from. */
  controlIds?: string[];
  controls?: Control[];
  onDone?: (item: EvidenceItem) => void;
}) {
  const queryClient = useQueryClient();
  const [title, setTitle] = useState("");
  const [effectiveDate, setEffectiveDate] = useState(todayIso());
  const [periodStart, setPeriodStart] = useState("");
  const [periodEnd, setPeriodEnd] = useState("");
  const [picked, setPicked] = useState<string[]>([]);
  const [file, setFile] = useState<File | null>(null);
  const upload = useMutation({
    mutationFn: () => {
      const form = new FormData();
      // Fields before the file: the server checks them before it stores a byte.
      if (title.trim()) form.append("title", title.trim());
      if (effectiveDate) form.append("effectiveDate", effectiveDate);
      if (periodStart) form.append("periodStart", periodStart);
      if (periodEnd) form.append("periodEnd", periodEnd);
      for (const id of controlIds ?? picked) form.append("controlIds", id);
      if (file) form.append("file", file, file.name);
      return api.upload<EvidenceItem>(`/api/organizations/${seg(orgId)}/evidence`, form);
    },
    meta: { quiet: true },
    onSuccess: (item) => {
      notifySuccess(
        `“${item.title}” was stored encrypted${item.controls.length ? ` and linked to ${item.controls.map((c) => c.code).join(", ")}` : ""}.`,
        "Evidence uploaded",
      );
      setTitle("");
      setPeriodStart("");
      setPeriodEnd("");
      setFile(null);
      setPicked([]);
      invalidateEvidence(queryClient, orgId);
      for (const c of item.controls) void queryClient.invalidateQueries({ queryKey: keys.control(c.id) });
      onDone?.(item);
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (file) upload.mutate();
  };
  return (
    <form onSubmit={submit} data-testid="upload-evidence">
      <Stack gap="sm">
        <Grid gutter="sm">
          <Grid.Col span={{ base: 12, sm: 8 }}>
            <TextInput
              label="Title"
              placeholder="e.g. Quarterly access review Q2 2026"
              value={title}
              onChange={(e) => setTitle(e.currentTarget.value)}
              description="Leave empty to use the file name"
              name="title"
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 4 }}>
            <TextInput
              type="date"
              label="Effective date"
              description="The date the evidence speaks for"
              value={effectiveDate}
              onChange={(e) => setEffectiveDate(e.currentTarget.value)}
              required
              name="effectiveDate"
            />
          </Grid.Col>
          <Grid.Col span={{ base: 6, sm: 4 }}>
            <TextInput
              type="date"
              label="Period start"
              description="Optional"
              value={periodStart}
              onChange={(e) => setPeriodStart(e.currentTarget.value)}
              name="periodStart"
            />
          </Grid.Col>
          <Grid.Col span={{ base: 6, sm: 4 }}>
            <TextInput
              type="date"
              label="Period end"
              description="Optional"
              value={periodEnd}
              onChange={(e) => setPeriodEnd(e.currentTarget.value)}
              name="periodEnd"
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 4 }}>
            <FileInput
              label="File"
              description="Encrypted at rest; any type"
              placeholder="Choose a file"
              value={file}
              onChange={setFile}
              leftSection={<IconFile size={16} />}
              required
              clearable
              name="file"
              data-testid="evidence-file"
            />
          </Grid.Col>
          {controlIds === undefined && controls ? (
            <Grid.Col span={12}>
              <MultiSelect
                label="Controls"
                description="The controls this evidence supports"
                placeholder="Pick controls"
                searchable
                data={controls.map((c) => ({ value: c.id, label: `${c.code} · ${c.title}` }))}
                value={picked}
                onChange={setPicked}
                comboboxProps={{ withinPortal: true }}
                data-testid="evidence-controls"
              />
            </Grid.Col>
          ) : null}
        </Grid>
        {upload.isError ? (
          <Alert color="red" variant="light" data-testid="upload-error" title="Upload refused">
            {errorMessage(upload.error)}
          </Alert>
        ) : null}
        <Group justify="flex-end">
          <Button
            type="submit"
            leftSection={<IconUpload size={16} />}
            loading={upload.isPending}
            disabled={!file}
            data-testid="upload-submit"
          >
            Upload evidence
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

const INPUT_LABELS: Record<string, string> = {
  hr: "HR roster",
  idp: "Identity provider users",
};

/** Runs an importer on an export; the raw file is kept as evidence with the importer's checks. */
export function ImporterForm({
  orgId,
  control,
  onDone,
}: {
  orgId: string;
  /** The control page the importer is run from: its evidence is linked to this control too. */
  control?: Pick<Control, "id" | "code">;
  onDone?: (run: ImportRun) => void;
}) {
  const queryClient = useQueryClient();
  const importers = useImporters(orgId);
  const [importerId, setImporterId] = useState<string | null>(null);
  const [files, setFiles] = useState<Record<string, File | null>>({});
  const [title, setTitle] = useState("");
  const [result, setResult] = useState<ImportRun | null>(null);
  const importer = importers.data?.find((i) => i.id === importerId) ?? null;
  const run = useMutation({
    mutationFn: async () => {
      if (!importer) throw new Error("Choose an importer.");
      const form = new FormData();
      if (title.trim()) form.append("title", title.trim());
      for (const input of importer.inputs) {
        const f = files[input];
        if (f) form.append(input, f, f.name);
      }
      const out = await api.upload<ImportRun>(
        `/api/organizations/${seg(orgId)}/importers/${seg(importer.id)}`,
        form,
      );
      // Run from a control's page: the evidence belongs on that control even when the importer maps elsewhere.
      if (control && !out.linkedControls.some((c) => c.id === control.id)) {
        for (const item of out.items) {
          await api.post(`/api/evidence/${seg(item.id)}/links`, { controlIds: [control.id] });
        }
        return {
          ...out,
          linkedControls: [...out.linkedControls, { id: control.id, code: control.code, title: "" }],
        };
      }
      return out;
    },
    meta: { quiet: true },
    onSuccess: (out) => {
      setResult(out);
      setFiles({});
      const n = checkCounts(out.checks);
      const summary = `${out.title}: ${n.fail} failed, ${n.warn} warning${n.warn === 1 ? "" : "s"}, ${n.pass} passed.`;
      if (n.fail > 0) notifyWarning(summary, "Imported — checks failed");
      else notifySuccess(summary, "Imported");
      invalidateEvidence(queryClient, orgId);
      for (const c of out.linkedControls)
        void queryClient.invalidateQueries({ queryKey: keys.control(c.id) });
      onDone?.(out);
    },
  });
  const ready = !!importer && importer.inputs.every((i) => !!files[i]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (ready) run.mutate();
  };
  return (
    <Stack gap="sm" data-testid="importer-form">
      <form onSubmit={submit}>
        <Stack gap="sm">
          <Grid gutter="sm">
            <Grid.Col span={{ base: 12, sm: 6 }}>
              <Select
                label="Importer"
                placeholder={importers.isPending ? "Loading…" : "Choose what you exported"}
                data={(importers.data ?? []).map((i) => ({ value: i.id, label: i.label }))}
                value={importerId}
                onChange={(v) => {
                  setImporterId(v);
                  setFiles({});
                  setResult(null);
                }}
                comboboxProps={{ withinPortal: true }}
                data-testid="importer-select"
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 6 }}>
              <TextInput
                label="Title"
                description="Optional; the importer names the evidence otherwise"
                value={title}
                onChange={(e) => setTitle(e.currentTarget.value)}
              />
            </Grid.Col>
          </Grid>
          {importer ? (
            <>
              <Text size="xs" c="dimmed">
                Takes: {importer.accepts}
              </Text>
              <Grid gutter="sm">
                {importer.inputs.map((input) => (
                  <Grid.Col key={input} span={{ base: 12, sm: importer.inputs.length > 1 ? 6 : 12 }}>
                    <FileInput
                      label={
                        importer.inputs.length > 1 ? (INPUT_LABELS[input] ?? humanize(input)) : "Export file"
                      }
                      placeholder="Choose the exported file"
                      value={files[input] ?? null}
                      onChange={(f) => setFiles((prev) => ({ ...prev, [input]: f }))}
                      leftSection={<IconFile size={16} />}
                      clearable
                      required
                      data-testid={`importer-file-${input}`}
                    />
                  </Grid.Col>
                ))}
              </Grid>
            </>
          ) : null}
          {importers.isError ? (
            <Alert color="red" variant="light">
              {errorMessage(importers.error)}
            </Alert>
          ) : null}
          {run.isError ? (
            <Alert
              color="red"
              variant="light"
              title="The importer could not read the file"
              data-testid="importer-error"
            >
              {errorMessage(run.error)}
            </Alert>
          ) : null}
          <Group justify="flex-end">
            <Button
              type="submit"
              leftSection={<IconPlayerPlay size={16} />}
              loading={run.isPending}
              disabled={!ready}
              data-testid="importer-run"
            >
              Run importer
            </Button>
          </Group>
        </Stack>
      </form>
      {result ? (
        <Paper withBorder p="md" radius="md" data-testid="import-result">
          <Stack gap="sm">
            <Group justify="space-between" wrap="wrap">
              <Stack gap={0}>
                <Text fw={600}>{result.title}</Text>
                <Text size="xs" c="dimmed">
                  Effective {formatDate(result.effectiveDate)}
                  {result.periodStart || result.periodEnd
                    ? ` · period ${formatRange(result.periodStart, result.periodEnd)}`
                    : ""}
                  {Object.keys(result.stats).length > 0
                    ? ` · ${Object.entries(result.stats)
                        .map(
                          ([k, v]) =>
                            `${humanize(k.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase())}: ${v}`,
                        )
                        .join(", ")}`
                    : ""}
                </Text>
              </Stack>
              <CheckSummary checks={result.checks} />
            </Group>
            <CheckList checks={result.checks} openFindings />
            <Text size="xs" c="dimmed">
              Kept as evidence
              {result.linkedControls.length > 0
                ? ` and linked to ${result.linkedControls.map((c) => c.code).join(", ")}`
                : ", linked to no control"}
              .
              {result.unmatchedControlIds.length > 0
                ? ` Library controls not adopted: ${result.unmatchedControlIds.join(", ")}.`
                : ""}
            </Text>
          </Stack>
        </Paper>
      ) : null}
    </Stack>
  );
}
