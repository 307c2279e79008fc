/**
 * The DC 200 description of the system (DC1–DC9), prepared by the organization's admin and read by
 * the auditor; saved with its revision so two editors never overwrite each other, and checked for
 * completeness by the server.
 */
import {
  ActionIcon,
  Alert,
  Anchor,
  Badge,
  Box,
  Button,
  Card,
  Checkbox,
  Grid,
  Group,
  MultiSelect,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  ThemeIcon,
  Title,
} from "@mantine/core";
import {
  IconAlertTriangle,
  IconCircleCheck,
  IconDeviceFloppy,
  IconGitMerge,
  IconLock,
  IconPlus,
  IconRefresh,
  IconTrash,
} from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type ReactNode, useMemo, useState } from "react";
import { ApiError, api, errorMessage, seg } from "../../api";
import { CardsSkeleton, ErrorState } from "../../components/States";
import { DESCRIPTION_SECTIONS, formatDateTime, plural, wordCount } from "../../format";
import { notifySuccess } from "../../notify";
import { keys, useSystemDescription } from "../../queries";
import type { CriterionRefItem, SystemDescriptionContent, SystemDescriptionPage } from "../../types";

const MIN_WORDS = 15;

type Content = SystemDescriptionContent;
type Sub = Content["subservice"][number];

const REPORT_TYPES = [
  { value: "soc2-type2", label: "SOC 2 Type 2" },
  { value: "soc2-type1", label: "SOC 2 Type 1" },
  { value: "iso27001", label: "ISO/IEC 27001 certificate" },
  { value: "none", label: "No report" },
];

const emptySub = (subserviceId: string): Sub => ({
  subserviceId,
  csocs: [],
  monitoring: "",
  reportType: "soc2-type2",
  reportPeriodStart: "",
  reportPeriodEnd: "",
});

/** The red "remove this row" button at the end of a list row. */
function RemoveRow({ onRemove }: { onRemove: () => void }) {
  return (
    <Grid.Col span={{ base: 2, sm: 1 }}>
      <ActionIcon variant="subtle" color="red" onClick={onRemove} aria-label="Remove">
        <IconTrash size={16} />
      </ActionIcon>
    </Grid.Col>
  );
}

/** The "add a row" button under a list. */
function AddRow({ onAdd, children }: { onAdd: () => void; children: ReactNode }) {
  return (
    <Button variant="light" size="xs" w="fit-content" leftSection={<IconPlus size={14} />} onClick={onAdd}>
      {children}
    </Button>
  );
}

function Section({ id, missing, children }: { id: string; missing: number; children: ReactNode }) {
  const meta = DESCRIPTION_SECTIONS.find((s) => s.id === id);
  return (
    <Card id={`section-${id}`} data-testid={`section-${id}`} style={{ scrollMarginTop: 80 }}>
      <Stack gap="md">
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <Stack gap={2}>
            <Group gap="xs">
              <Badge variant="light" color="brand" radius="sm">
                {id}
              </Badge>
              <Title order={3}>{meta?.title}</Title>
            </Group>
            <Text size="sm" c="dimmed">
              {meta?.hint}
            </Text>
          </Stack>
          {missing > 0 ? (
            <Badge
              color="orange"
              variant="light"
              miw="max-content"
              leftSection={<IconAlertTriangle size={12} />}
            >
              {missing} to do
            </Badge>
          ) : (
            <Badge color="teal" variant="light" miw="max-content" leftSection={<IconCircleCheck size={12} />}>
              Complete
            </Badge>
          )}
        </Group>
        {children}
      </Stack>
    </Card>
  );
}

function Prose({
  label,
  value,
  onChange,
  readOnly,
  placeholder,
  minWords = MIN_WORDS,
  rows = 4,
}: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  readOnly: boolean;
  placeholder?: string;
  minWords?: number;
  rows?: number;
}) {
  const n = wordCount(value);
  const short = minWords > 0 && n < minWords;
  return (
    <Textarea
      label={label}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      readOnly={readOnly}
      variant={readOnly ? "filled" : "default"}
      autosize
      minRows={rows}
      maxRows={20}
      placeholder={readOnly ? "Not written yet" : placeholder}
      description={
        minWords > 0 ? (
          <Text span size="xs" c={short ? "orange.8" : "teal.8"}>
            {n} words{short ? ` (at least ${minWords})` : ""}
          </Text>
        ) : undefined
      }
      inputWrapperOrder={["label", "input", "description", "error"]}
    />
  );
}

function CriteriaItems({
  label,
  items,
  onChange,
  readOnly,
  criteria,
  addLabel,
  testId,
}: {
  label: string;
  items: CriterionRefItem[];
  onChange: (items: CriterionRefItem[]) => void;
  readOnly: boolean;
  criteria: string[];
  addLabel: string;
  testId: string;
}) {
  const update = (i: number, patch: Partial<CriterionRefItem>) =>
    onChange(items.map((it, j) => (j === i ? { ...it, ...patch } : it)));
  return (
    <Stack gap="xs" data-testid={testId}>
      <Text size="sm" fw={500}>
        {label}
      </Text>
      {items.length === 0 ? (
        <Text size="sm" c="dimmed">
          None listed.
        </Text>
      ) : null}
      {items.map((item, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: list rows are edited in place and have no id
        <Paper key={i} withBorder p="xs" radius="sm" data-testid={`${testId}-item`}>
          <Grid gutter="xs" align="flex-start">
            <Grid.Col span={{ base: 12, sm: 7 }}>
              <Textarea
                aria-label={`${label} ${i + 1}`}
                value={item.text}
                onChange={(e) => update(i, { text: e.currentTarget.value })}
                readOnly={readOnly}
                variant={readOnly ? "filled" : "default"}
                autosize
                minRows={2}
                placeholder="What is expected of them"
              />
            </Grid.Col>
            <Grid.Col span={{ base: 10, sm: 4 }}>
              <MultiSelect
                aria-label="Criteria"
                data={criteria}
                value={item.criteria}
                onChange={(v) => update(i, { criteria: v })}
                readOnly={readOnly}
                placeholder={readOnly ? undefined : "Criteria"}
                searchable
                comboboxProps={{ withinPortal: true }}
              />
            </Grid.Col>
            {readOnly ? null : <RemoveRow onRemove={() => onChange(items.filter((_, j) => j !== i))} />}
          </Grid>
        </Paper>
      ))}
      {readOnly ? null : (
        <AddRow onAdd={() => onChange([...items, { text: "", criteria: [] }])}>{addLabel}</AddRow>
      )}
    </Stack>
  );
}

/** The sections the user changed since `base`, taken onto `latest` (a merge after a conflict). */
const mergeOnto = (latest: Content, base: Content, mine: Content): Content => {
  const merged: Record<string, unknown> = { ...latest };
  for (const key of Object.keys(mine) as (keyof Content)[]) {
    if (JSON.stringify(mine[key]) !== JSON.stringify(base[key])) merged[key] = mine[key];
  }
  return merged as unknown as Content;
};

function Editor({ page, engagementId }: { page: SystemDescriptionPage; engagementId: string }) {
  const queryClient = useQueryClient();
  const readOnly = !page.canEdit;
  const [base, setBase] = useState<SystemDescriptionPage>(page);
  const [form, setForm] = useState<Content>(page.content);
  const [conflict, setConflict] = useState(false);
  const dirty = JSON.stringify(form) !== JSON.stringify(base.content);
  const set = <K extends keyof Content>(key: K, value: Content[K]) =>
    setForm((f) => ({ ...f, [key]: value }));
  const save = useMutation({
    mutationFn: () =>
      api.put<SystemDescriptionPage>(`/api/engagements/${seg(engagementId)}/system-description`, {
        revision: base.revision,
        content: form,
      }),
    meta: { quiet: true },
    onSuccess: (next) => {
      queryClient.setQueryData(keys.description(engagementId), next);
      void queryClient.invalidateQueries({ queryKey: ["readiness"] });
      setBase(next);
      setForm(next.content);
      setConflict(false);
      notifySuccess(
        next.completeness.complete
          ? `Revision ${next.revision} saved. The description is complete.`
          : `Revision ${next.revision} saved; ${plural(next.completeness.missing.length, "item")} still to do.`,
        "System description saved",
      );
    },
    onError: (error) => {
      if (error instanceof ApiError && (error.code === "CONFLICT" || error.status === 409)) setConflict(true);
    },
  });
  const reload = useMutation({
    mutationFn: (_keepMine: boolean) =>
      api.get<SystemDescriptionPage>(`/api/engagements/${seg(engagementId)}/system-description`),
    meta: { errorTitle: "Could not load the latest description" },
    onSuccess: (latest, keepMine) => {
      queryClient.setQueryData(keys.description(engagementId), latest);
      setForm(keepMine ? mergeOnto(latest.content, base.content, form) : latest.content);
      setBase(latest);
      setConflict(false);
      save.reset();
    },
  });

  const missing = base.completeness.missing;
  const missingIn = (s: string) => missing.filter((m) => m.section === s).length;
  const criteria = useMemo(() => base.criteria.map((c) => c.criterionId), [base.criteria]);
  const uncovered = base.criteria.filter((c) => !c.covered);
  const subs = base.subserviceOrgs;
  const subEntry = (id: string): Sub => form.subservice.find((s) => s.subserviceId === id) ?? emptySub(id);
  const setSub = (id: string, patch: Partial<Sub>) =>
    setForm((f) => {
      const others = f.subservice.filter((s) => s.subserviceId !== id);
      const current = f.subservice.find((s) => s.subserviceId === id) ?? emptySub(id);
      return { ...f, subservice: [...others, { ...current, ...patch }] };
    });
  const goTo = (section: string) =>
    document.getElementById(`section-${section}`)?.scrollIntoView({ behavior: "smooth", block: "start" });

  const conflictError =
    save.error instanceof ApiError && (save.error.code === "CONFLICT" || save.error.status === 409);

  return (
    <Grid gutter="lg" data-testid="system-description" data-revision={base.revision}>
      <Grid.Col span={{ base: 12, md: 8 }}>
        <Stack gap="lg">
          {readOnly ? (
            <Alert
              color="gray"
              variant="light"
              icon={<IconLock size={16} />}
              data-testid="description-readonly"
            >
              Management prepares the system description; only the organization's admin edits it. You can read
              it and follow its completeness{page.canEdit ? "" : " here"}.
            </Alert>
          ) : null}

          <Section id="DC1" missing={missingIn("DC1")}>
            <Prose
              label="Services provided"
              value={form.services}
              onChange={(v) => set("services", v)}
              readOnly={readOnly}
              placeholder="What the system does for customers: the services, who uses them and how they are delivered."
              rows={5}
            />
          </Section>

          <Section id="DC2" missing={missingIn("DC2")}>
            <Prose
              label="Principal service commitments"
              value={form.commitments}
              onChange={(v) => set("commitments", v)}
              readOnly={readOnly}
              placeholder="What you promise customers in contracts and SLAs: availability, security, confidentiality, processing."
            />
            <Prose
              label="System requirements"
              value={form.requirements}
              onChange={(v) => set("requirements", v)}
              readOnly={readOnly}
              placeholder="The requirements the system must meet to keep those commitments."
            />
          </Section>

          <Section id="DC3" missing={missingIn("DC3")}>
            <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
              {(
                [
                  [
                    "infrastructure",
                    "Infrastructure",
                    "Cloud accounts, networks, hosts and managed services.",
                  ],
                  ["software", "Software", "Applications, databases and the tools that run them."],
                  ["people", "People", "Teams and roles that operate and govern the system."],
                  [
                    "procedures",
                    "Procedures",
                    "Automated and manual procedures: deployment, support, access.",
                  ],
                  ["data", "Data", "The data the system processes and stores, and how it flows."],
                ] as const
              ).map(([key, label, placeholder]) => (
                <Prose
                  key={key}
                  label={label}
                  value={form.components[key]}
                  onChange={(v) => set("components", { ...form.components, [key]: v })}
                  readOnly={readOnly}
                  placeholder={placeholder}
                />
              ))}
            </SimpleGrid>
            <Prose
              label="Boundaries of the system"
              value={form.boundaries}
              onChange={(v) => set("boundaries", v)}
              readOnly={readOnly}
              placeholder="What is in and out of scope, including carved-out subservice organizations."
            />
          </Section>

          <Section id="DC4" missing={missingIn("DC4")}>
            <Checkbox
              label="There were no incidents to disclose"
              description="System incidents that caused a failure to meet the service commitments"
              checked={form.noIncidents}
              onChange={(e) => set("noIncidents", e.currentTarget.checked)}
              disabled={readOnly || form.incidents.length > 0}
              data-testid="no-incidents"
            />
            {form.incidents.map((inc, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: list rows are edited in place and have no id
              <Paper key={i} withBorder p="sm" radius="sm" data-testid="incident">
                <Group justify="space-between" mb="xs">
                  <Text size="sm" fw={600}>
                    Incident {i + 1}
                  </Text>
                  {readOnly ? null : (
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      onClick={() =>
                        set(
                          "incidents",
                          form.incidents.filter((_, j) => j !== i),
                        )
                      }
                      aria-label="Remove incident"
                    >
                      <IconTrash size={16} />
                    </ActionIcon>
                  )}
                </Group>
                <Grid gutter="xs">
                  <Grid.Col span={{ base: 12, sm: 4 }}>
                    <TextInput
                      type="date"
                      label="Date"
                      value={inc.date}
                      readOnly={readOnly}
                      onChange={(e) =>
                        set(
                          "incidents",
                          form.incidents.map((x, j) => (j === i ? { ...x, date: e.currentTarget.value } : x)),
                        )
                      }
                    />
                  </Grid.Col>
                  {(["nature", "extent", "resolution"] as const).map((field) => (
                    <Grid.Col key={field} span={{ base: 12, sm: field === "nature" ? 8 : 6 }}>
                      <Textarea
                        label={field === "nature" ? "Nature" : field === "extent" ? "Extent" : "Resolution"}
                        value={inc[field]}
                        readOnly={readOnly}
                        autosize
                        minRows={2}
                        onChange={(e) =>
                          set(
                            "incidents",
                            form.incidents.map((x, j) =>
                              j === i ? { ...x, [field]: e.currentTarget.value } : x,
                            ),
                          )
                        }
                      />
                    </Grid.Col>
                  ))}
                </Grid>
              </Paper>
            ))}
            {readOnly ? null : (
              <AddRow
                onAdd={() => {
                  setForm((f) => ({
                    ...f,
                    noIncidents: false,
                    incidents: [...f.incidents, { date: "", nature: "", extent: "", resolution: "" }],
                  }));
                }}
              >
                Add an incident
              </AddRow>
            )}
          </Section>

          <Section id="DC5" missing={missingIn("DC5")}>
            <Paper
              withBorder
              p="sm"
              radius="sm"
              bg={uncovered.length ? "var(--mantine-color-red-0)" : "var(--mantine-color-teal-0)"}
            >
              <Text size="sm">
                {base.criteria.length - uncovered.length} of {base.criteria.length} criteria in scope are
                addressed by the organization's controls.
                {uncovered.length > 0 ? (
                  <>
                    {" "}
                    Not addressed:{" "}
                    <Text span ff="monospace" c="red.8" size="sm">
                      {uncovered.map((c) => c.criterionId).join(", ")}
                    </Text>
                    . Add controls, or list them as not relevant with a reason (DC8).
                  </>
                ) : null}
              </Text>
            </Paper>
            <Prose
              label="How the controls meet the criteria (narrative)"
              value={form.controlsNarrative}
              onChange={(v) => set("controlsNarrative", v)}
              readOnly={readOnly}
              minWords={0}
              placeholder="Optional: an overview of the control environment, risk assessment, monitoring and communication."
            />
          </Section>

          <Section id="DC6" missing={missingIn("DC6")}>
            <Checkbox
              label="The design assumes no complementary user entity controls"
              checked={form.noCuecs}
              onChange={(e) => set("noCuecs", e.currentTarget.checked)}
              disabled={readOnly || form.cuecs.length > 0}
              data-testid="no-cuecs"
            />
            <CriteriaItems
              label="Complementary user entity controls"
              items={form.cuecs}
              onChange={(items) =>
                setForm((f) => ({ ...f, cuecs: items, noCuecs: items.length > 0 ? false : f.noCuecs }))
              }
              readOnly={readOnly}
              criteria={criteria}
              addLabel="Add a CUEC"
              testId="cuecs"
            />
          </Section>

          <Section id="DC7" missing={missingIn("DC7")}>
            {subs.length === 0 ? (
              <Text size="sm" c="dimmed">
                The engagement's scope names no subservice organizations. Add them on the Scope tab if the
                system relies on any (cloud hosting, payment processors, …).
              </Text>
            ) : (
              subs.map((s) => {
                const entry = subEntry(s.id);
                return (
                  <Paper key={s.id} withBorder p="md" radius="md" data-testid="subservice" data-name={s.name}>
                    <Stack gap="sm">
                      <Group justify="space-between">
                        <Stack gap={0}>
                          <Text fw={600}>{s.name}</Text>
                          <Text size="xs" c="dimmed">
                            {s.service}
                          </Text>
                        </Stack>
                        <Badge variant="outline" color="gray">
                          {s.method === "carve-out" ? "Carve-out" : "Inclusive"}
                        </Badge>
                      </Group>
                      <CriteriaItems
                        label="Complementary subservice organization controls (CSOCs)"
                        items={entry.csocs}
                        onChange={(items) => setSub(s.id, { csocs: items })}
                        readOnly={readOnly}
                        criteria={criteria}
                        addLabel="Add a CSOC"
                        testId="csocs"
                      />
                      <Textarea
                        label="How you monitor it"
                        value={entry.monitoring}
                        onChange={(e) => setSub(s.id, { monitoring: e.currentTarget.value })}
                        readOnly={readOnly}
                        variant={readOnly ? "filled" : "default"}
                        autosize
                        minRows={2}
                        placeholder="e.g. annual review of its SOC 2 Type 2 report and bridge letter; quarterly service reviews"
                      />
                      <Grid gutter="sm">
                        <Grid.Col span={{ base: 12, sm: 4 }}>
                          <Select
                            label="Its own report"
                            data={REPORT_TYPES}
                            value={entry.reportType}
                            onChange={(v) => setSub(s.id, { reportType: (v ?? "none") as Sub["reportType"] })}
                            readOnly={readOnly}
                            allowDeselect={false}
                            comboboxProps={{ withinPortal: true }}
                          />
                        </Grid.Col>
                        <Grid.Col span={{ base: 6, sm: 4 }}>
                          <TextInput
                            type="date"
                            label="Report period start"
                            value={entry.reportPeriodStart}
                            onChange={(e) => setSub(s.id, { reportPeriodStart: e.currentTarget.value })}
                            readOnly={readOnly}
                            disabled={entry.reportType === "none"}
                          />
                        </Grid.Col>
                        <Grid.Col span={{ base: 6, sm: 4 }}>
                          <TextInput
                            type="date"
                            label="Report period end"
                            value={entry.reportPeriodEnd}
                            onChange={(e) => setSub(s.id, { reportPeriodEnd: e.currentTarget.value })}
                            readOnly={readOnly}
                            disabled={entry.reportType === "none"}
                          />
                        </Grid.Col>
                      </Grid>
                    </Stack>
                  </Paper>
                );
              })
            )}
          </Section>

          <Section id="DC8" missing={missingIn("DC8")}>
            {form.notRelevant.length === 0 ? (
              <Text size="sm" c="dimmed">
                Every criterion in scope is relevant.
              </Text>
            ) : null}
            {form.notRelevant.map((n, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: list rows are edited in place and have no id
              <Grid key={i} gutter="xs" align="flex-start" data-testid="not-relevant">
                <Grid.Col span={{ base: 12, sm: 3 }}>
                  <Select
                    aria-label="Criterion"
                    data={criteria}
                    value={n.criterionId || null}
                    onChange={(v) =>
                      set(
                        "notRelevant",
                        form.notRelevant.map((x, j) => (j === i ? { ...x, criterionId: v ?? "" } : x)),
                      )
                    }
                    readOnly={readOnly}
                    searchable
                    placeholder="Criterion"
                    comboboxProps={{ withinPortal: true }}
                  />
                </Grid.Col>
                <Grid.Col span={{ base: 10, sm: 8 }}>
                  <Textarea
                    aria-label="Reason"
                    value={n.reason}
                    onChange={(e) =>
                      set(
                        "notRelevant",
                        form.notRelevant.map((x, j) =>
                          j === i ? { ...x, reason: e.currentTarget.value } : x,
                        ),
                      )
                    }
                    readOnly={readOnly}
                    autosize
                    minRows={1}
                    placeholder="Why it does not apply to this system"
                    error={!n.reason.trim() && !readOnly ? "A reason is required" : undefined}
                  />
                </Grid.Col>
                {readOnly ? null : (
                  <RemoveRow
                    onRemove={() =>
                      set(
                        "notRelevant",
                        form.notRelevant.filter((_, j) => j !== i),
                      )
                    }
                  />
                )}
              </Grid>
            ))}
            {readOnly ? null : (
              <AddRow
                onAdd={() => set("notRelevant", [...form.notRelevant, { criterionId: "", reason: "" }])}
              >
                Mark a criterion not relevant
              </AddRow>
            )}
          </Section>

          <Section id="DC9" missing={missingIn("DC9")}>
            {page.type === "type1" ? (
              <Text size="sm" c="dimmed">
                A Type 1 report describes the system as of a date, so no changes during a period are required.
              </Text>
            ) : null}
            <Checkbox
              label="There were no significant changes during the period"
              checked={form.noChanges}
              onChange={(e) => set("noChanges", e.currentTarget.checked)}
              disabled={readOnly || form.changes.length > 0}
              data-testid="no-changes"
            />
            {form.changes.map((c, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: list rows are edited in place and have no id
              <Grid key={i} gutter="xs" align="flex-start" data-testid="change">
                <Grid.Col span={{ base: 12, sm: 3 }}>
                  <TextInput
                    type="date"
                    aria-label="Date of the change"
                    value={c.date}
                    readOnly={readOnly}
                    onChange={(e) =>
                      set(
                        "changes",
                        form.changes.map((x, j) => (j === i ? { ...x, date: e.currentTarget.value } : x)),
                      )
                    }
                  />
                </Grid.Col>
                <Grid.Col span={{ base: 10, sm: 8 }}>
                  <Textarea
                    aria-label="What changed"
                    value={c.description}
                    readOnly={readOnly}
                    autosize
                    minRows={1}
                    placeholder="What changed and why it is significant"
                    onChange={(e) =>
                      set(
                        "changes",
                        form.changes.map((x, j) =>
                          j === i ? { ...x, description: e.currentTarget.value } : x,
                        ),
                      )
                    }
                  />
                </Grid.Col>
                {readOnly ? null : (
                  <RemoveRow
                    onRemove={() =>
                      set(
                        "changes",
                        form.changes.filter((_, j) => j !== i),
                      )
                    }
                  />
                )}
              </Grid>
            ))}
            {readOnly ? null : (
              <AddRow
                onAdd={() =>
                  setForm((f) => ({
                    ...f,
                    noChanges: false,
                    changes: [...f.changes, { date: "", description: "" }],
                  }))
                }
              >
                Add a change
              </AddRow>
            )}
          </Section>
        </Stack>
      </Grid.Col>

      <Grid.Col span={{ base: 12, md: 4 }}>
        <Stack gap="lg" style={{ position: "sticky", top: 72 }}>
          {readOnly ? null : (
            <Card data-testid="description-save">
              <Stack gap="sm">
                <Group justify="space-between">
                  <Text size="sm" fw={600}>
                    {dirty ? "Unsaved changes" : "All changes saved"}
                  </Text>
                  <Badge variant="outline" color="gray">
                    Revision {base.revision}
                  </Badge>
                </Group>
                <Text size="xs" c="dimmed">
                  {base.updatedAt ? `Last saved ${formatDateTime(base.updatedAt)}` : "Not saved yet"}
                </Text>
                {conflict || conflictError ? (
                  <Alert
                    color="red"
                    variant="filled"
                    icon={<IconAlertTriangle size={18} />}
                    title="Someone else saved the description"
                    data-testid="description-conflict"
                  >
                    <Text size="sm">
                      {errorMessage(save.error)} Your edits are still here. Merge them onto the latest
                      revision (your changed sections win), review, and save again.
                    </Text>
                    <Group gap="xs" mt="sm">
                      <Button
                        size="xs"
                        color="red"
                        variant="white"
                        leftSection={<IconGitMerge size={14} />}
                        onClick={() => reload.mutate(true)}
                        loading={reload.isPending}
                      >
                        Merge my edits onto the latest
                      </Button>
                      <Button
                        size="xs"
                        variant="outline"
                        color="white"
                        leftSection={<IconRefresh size={14} />}
                        onClick={() => reload.mutate(false)}
                      >
                        Discard mine
                      </Button>
                    </Group>
                  </Alert>
                ) : save.isError ? (
                  <Alert color="red" variant="light" data-testid="description-error">
                    {errorMessage(save.error)}
                  </Alert>
                ) : null}
                <Button
                  leftSection={<IconDeviceFloppy size={16} />}
                  onClick={() => save.mutate()}
                  loading={save.isPending}
                  disabled={!dirty || conflict}
                  data-testid="save-description"
                >
                  Save description
                </Button>
              </Stack>
            </Card>
          )}
          <Card
            data-testid="description-missing"
            data-count={missing.length}
            data-complete={base.completeness.complete ? "true" : "false"}
          >
            <Group justify="space-between" mb="sm">
              <Title order={3}>Completeness</Title>
              {base.completeness.complete ? (
                <Badge color="teal" variant="filled" leftSection={<IconCircleCheck size={12} />}>
                  Complete
                </Badge>
              ) : (
                <Badge color="orange" variant="light">
                  {plural(missing.length, "item")} missing
                </Badge>
              )}
            </Group>
            {base.completeness.complete ? (
              <Group gap="sm" wrap="nowrap">
                <ThemeIcon color="teal" variant="light" radius="xl">
                  <IconCircleCheck size={18} />
                </ThemeIcon>
                <Text size="sm">Every section DC1–DC9 has what the auditor's review needs.</Text>
              </Group>
            ) : (
              <Stack gap="sm">
                {DESCRIPTION_SECTIONS.filter((s) => missingIn(s.id) > 0).map((s) => (
                  <Box key={s.id} data-testid="missing-section" data-section={s.id}>
                    <Anchor component="button" size="sm" fw={600} onClick={() => goTo(s.id)}>
                      {s.id} · {s.title}
                    </Anchor>
                    <Stack gap={2} mt={2}>
                      {missing
                        .filter((m) => m.section === s.id)
                        .map((m) => (
                          <Text key={m.message} size="xs" c="dimmed" data-testid="missing-item">
                            {m.message}
                          </Text>
                        ))}
                    </Stack>
                  </Box>
                ))}
              </Stack>
            )}
            {dirty ? (
              <Text size="xs" c="orange.8" mt="sm">
                Checked against the last saved revision; save to check your changes.
              </Text>
            ) : null}
          </Card>
        </Stack>
      </Grid.Col>
    </Grid>
  );
}

export function DescriptionTab({ engagementId }: { engagementId: string }) {
  const query = useSystemDescription(engagementId);
  if (query.isPending) return <CardsSkeleton count={2} height={200} />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  return <Editor page={query.data} engagementId={engagementId} />;
}
