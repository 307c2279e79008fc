import {
  Alert,
  Anchor,
  Badge,
  Box,
  Card,
  Grid,
  Group,
  List,
  SegmentedControl,
  Select,
  Skeleton,
  Stack,
  Text,
  Title,
} from "@mantine/core";
import {
  IconAlertOctagon,
  IconClockExclamation,
  IconInfoCircle,
  IconPlayerPlay,
  IconUpload,
} from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type ReactNode, useState } from "react";
import { Link, useParams } from "react-router-dom";
import { api, seg } from "../api";
import { ControlStatusBadge, FreshnessBadge } from "../components/Badges";
import { EvidenceTimeline, ImporterForm, UploadEvidenceForm } from "../components/Evidence";
import { PageHeader } from "../components/PageHeader";
import { CardsSkeleton, ErrorState } from "../components/States";
import {
  CONTROL_STATUS_OPTIONS,
  domainLabel,
  formatDate,
  frequencyLabel,
  humanize,
  roleLabel,
} from "../format";
import { notifySuccess } from "../notify";
import { keys, useControl, useEvidenceList, useFreshness, useOrganization } from "../queries";
import type { Control, EvidenceItem, ImportCheck } from "../types";
import { useOrgAccess, useOrgLinks } from "../workspace";
import { FrameworkControlPanel } from "./FrameworkControlPanel";

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Stack gap={2}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600} style={{ letterSpacing: "0.04em" }}>
        {label}
      </Text>
      <Box fz="sm">{children}</Box>
    </Stack>
  );
}

/** The failing and warning checks of the latest run of each importer on this control's evidence. */
const currentCheckProblems = (items: readonly EvidenceItem[]) => {
  const latest = new Map<string, EvidenceItem>();
  for (const item of items) {
    if (!item.checks || item.checks.checks.length === 0) continue;
    const key = item.importerId ?? item.seriesId;
    const seen = latest.get(key);
    if (
      !seen ||
      item.effectiveDate > seen.effectiveDate ||
      (item.effectiveDate === seen.effectiveDate && item.uploadedAt > seen.uploadedAt)
    )
      latest.set(key, item);
  }
  const out: { item: EvidenceItem; check: ImportCheck }[] = [];
  for (const item of latest.values())
    for (const check of item.checks?.checks ?? []) if (check.status !== "pass") out.push({ item, check });
  return out;
};

function OwnerAndStatus({
  control,
  canAssign,
  canSetStatus,
}: {
  control: Control;
  canAssign: boolean;
  canSetStatus: boolean;
}) {
  const queryClient = useQueryClient();
  const org = useOrganization(canAssign ? control.orgId : null);
  const update = useMutation({
    mutationFn: (patch: { ownerUserId?: string | null; status?: string }) =>
      api.patch<Control>(`/api/controls/${seg(control.id)}`, patch),
    meta: { errorTitle: "Control not updated" },
    onSuccess: (updated, patch) => {
      queryClient.setQueryData(keys.control(control.id), updated);
      void queryClient.invalidateQueries({ queryKey: keys.controls(control.orgId) });
      void queryClient.invalidateQueries({ queryKey: keys.freshness(control.orgId) });
      void queryClient.invalidateQueries({ queryKey: ["readiness", control.orgId] });
      void queryClient.invalidateQueries({ queryKey: ["coverage", control.orgId] });
      notifySuccess(
        patch.status !== undefined
          ? `${control.code} is now ${CONTROL_STATUS_OPTIONS.find((o) => o.value === patch.status)?.label.toLowerCase()}.`
          : `${control.code} is owned by ${updated.ownerName ?? "nobody"}.`,
        "Control updated",
      );
    },
  });
  const people = new Map<string, { value: string; label: string }>();
  for (const m of org.data?.members ?? []) {
    const id = m.userId ?? m.id;
    if (id && !people.has(id)) people.set(id, { value: id, label: `${m.name} (${roleLabel(m.role)})` });
  }
  return (
    <Stack gap="md">
      <Field label="Owner">
        {canAssign ? (
          <Select
            aria-label="Owner"
            data={[...people.values()]}
            value={control.ownerUserId}
            placeholder={org.isPending ? "Loading people…" : "Unassigned"}
            onChange={(v) => update.mutate({ ownerUserId: v })}
            clearable
            searchable
            disabled={update.isPending}
            data-testid="owner-select"
            comboboxProps={{ withinPortal: true }}
          />
        ) : (
          <Text size="sm" data-testid="control-owner" c={control.ownerName ? undefined : "orange.8"}>
            {control.ownerName ?? "Unassigned"}
          </Text>
        )}
      </Field>
      <Field label="Status">
        {canSetStatus ? (
          <Select
            aria-label="Status"
            data={CONTROL_STATUS_OPTIONS}
            value={control.status}
            onChange={(v) => v && update.mutate({ status: v })}
            allowDeselect={false}
            disabled={update.isPending}
            data-testid="status-select"
            comboboxProps={{ withinPortal: true }}
          />
        ) : (
          <ControlStatusBadge status={control.status} size="lg" />
        )}
      </Field>
    </Stack>
  );
}

export function ControlPage() {
  const { id } = useParams();
  const query = useControl(id);
  const orgId = query.data?.orgId ?? null;
  const access = useOrgAccess(orgId);
  const links = useOrgLinks(orgId ?? "");
  const canReadEvidence = !!orgId && !access.employeeOnly;
  const evidence = useEvidenceList(orgId, { controlId: id }, canReadEvidence);
  const freshness = useFreshness(orgId, canReadEvidence);
  const org = useOrganization(access.auditor ? orgId : null);
  const [panel, setPanel] = useState<"upload" | "importer">("upload");

  if (query.isPending) {
    return (
      <Stack>
        <Skeleton height={16} width={200} />
        <Skeleton height={34} width={460} />
        <CardsSkeleton count={2} height={220} />
      </Stack>
    );
  }
  if (query.isError) {
    return (
      <>
        <PageHeader title="Control" crumbs={[{ label: "Controls", to: "/controls" }]} />
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      </>
    );
  }
  const c = query.data;
  const f = freshness.data?.controls.find((x) => x.controlId === c.id) ?? null;
  const isOwner = c.ownerUserId === access.userId;
  const problems = currentCheckProblems(evidence.data ?? []);
  const failing = problems.filter((p) => p.check.status === "fail");
  const warnings = problems.filter((p) => p.check.status === "warn");
  const crumbs = access.auditor
    ? [
        { label: "Clients", to: "/clients" },
        { label: org.data?.organization.name ?? "Client", to: `/clients/${c.orgId}` },
        { label: "Controls", to: links.controls },
        { label: c.code },
      ]
    : [{ label: "Controls", to: "/controls" }, { label: c.code }];

  return (
    <>
      <PageHeader
        title={
          <span data-testid="control-title">
            <Text span ff="monospace" fw={700} inherit c="dimmed">
              {c.code}
            </Text>{" "}
            {c.title}
          </span>
        }
        crumbs={crumbs}
        badges={<ControlStatusBadge status={c.status} size="lg" />}
        subtitle={`${domainLabel(c.domain)} · ${frequencyLabel(c.frequency)} · ${humanize(c.automation)}${c.libraryId ? ` · from the library (${c.libraryId})` : " · the organization's own control"}`}
      />
      <Stack gap="lg">
        {failing.length > 0 ? (
          <Alert
            color="red"
            variant="filled"
            icon={<IconAlertOctagon size={20} />}
            title={`${failing.length} failing check${failing.length === 1 ? "" : "s"} in the latest evidence`}
            data-testid="failing-checks"
          >
            <Stack gap={8}>
              {[...new Set(failing.map((p) => p.item))].map((item) => (
                <Stack gap={2} key={item.id}>
                  <Text size="sm">
                    <Anchor
                      component={Link}
                      to={`/evidence/${item.id}`}
                      c="white"
                      underline="always"
                      fw={600}
                      size="sm"
                    >
                      {item.title}
                    </Anchor>
                    , effective {formatDate(item.effectiveDate)}:
                  </Text>
                  <List size="sm" c="white" spacing={2} withPadding>
                    {failing
                      .filter((p) => p.item === item)
                      .map(({ check }) => (
                        <List.Item key={check.id}>
                          <strong>{check.title}</strong> — {check.message}
                        </List.Item>
                      ))}
                  </List>
                </Stack>
              ))}
              <Text size="xs" opacity={0.9}>
                Fix the findings, export again and run the importer: the newest run is what counts.
              </Text>
            </Stack>
          </Alert>
        ) : warnings.length > 0 ? (
          <Alert
            color="yellow"
            variant="light"
            title="Warnings in the latest evidence"
            data-testid="warning-checks"
          >
            {warnings.map(({ item, check }) => (
              <Text size="sm" key={`${item.id}:${check.id}`}>
                <strong>{check.title}:</strong> {check.message}
              </Text>
            ))}
          </Alert>
        ) : null}
        {f?.status === "overdue" ? (
          <Alert
            color="red"
            variant="light"
            icon={<IconClockExclamation size={18} />}
            data-testid="control-overdue"
          >
            New evidence was due on {formatDate(f.nextDue)} ({f.daysOverdue} day
            {f.daysOverdue === 1 ? "" : "s"} ago). Upload it below or run an importer.
          </Alert>
        ) : null}
        <Grid gutter="lg">
          <Grid.Col span={{ base: 12, md: 8 }}>
            <Stack gap="lg">
              <Card>
                <Stack gap="md">
                  <Title order={3}>What the control does</Title>
                  <Text size="sm" lh={1.6} data-testid="control-description">
                    {c.description}
                  </Text>
                  <Grid gutter="lg">
                    <Grid.Col span={{ base: 12, sm: 6 }}>
                      <Field label="Evidence expected">
                        {c.evidence.length === 0 ? (
                          <Text size="sm" c="dimmed">
                            —
                          </Text>
                        ) : (
                          <List size="sm" spacing={4} data-testid="control-evidence-expected">
                            {c.evidence.map((e) => (
                              <List.Item key={e}>{e}</List.Item>
                            ))}
                          </List>
                        )}
                      </Field>
                    </Grid.Col>
                    <Grid.Col span={{ base: 12, sm: 6 }}>
                      <Field label="Attributes the auditor tests">
                        {c.attributes.length === 0 ? (
                          <Text size="sm" c="dimmed">
                            —
                          </Text>
                        ) : (
                          <List size="sm" spacing={4} type="ordered" data-testid="control-attributes">
                            {c.attributes.map((a) => (
                              <List.Item key={a}>{a}</List.Item>
                            ))}
                          </List>
                        )}
                      </Field>
                    </Grid.Col>
                  </Grid>
                </Stack>
              </Card>

              {canReadEvidence ? (
                <Card>
                  <Group justify="space-between" mb="md">
                    <Title order={3}>Evidence timeline</Title>
                    <Text size="sm" c="dimmed">
                      {evidence.data
                        ? `${evidence.data.length} item${evidence.data.length === 1 ? "" : "s"}`
                        : ""}
                    </Text>
                  </Group>
                  {evidence.isPending ? (
                    <Skeleton height={120} />
                  ) : evidence.isError ? (
                    <ErrorState error={evidence.error} onRetry={() => void evidence.refetch()} />
                  ) : (
                    <EvidenceTimeline
                      items={evidence.data}
                      emptyText={
                        access.contributor
                          ? "No evidence yet. Upload a file or run an importer below; the auditor samples what is here."
                          : "No evidence linked to this control yet."
                      }
                    />
                  )}
                </Card>
              ) : (
                <Alert color="gray" variant="light" icon={<IconInfoCircle size={18} />}>
                  Evidence is handled by your organization admin and control owners.
                </Alert>
              )}

              {access.contributor ? (
                <Card>
                  <Group justify="space-between" mb="md" wrap="wrap">
                    <Title order={3}>Add evidence</Title>
                    <SegmentedControl
                      value={panel}
                      onChange={(v) => setPanel(v as "upload" | "importer")}
                      data={[
                        {
                          value: "upload",
                          label: (
                            <Group gap={6} wrap="nowrap">
                              <IconUpload size={14} />
                              <span>Upload a file</span>
                            </Group>
                          ),
                        },
                        {
                          value: "importer",
                          label: (
                            <Group gap={6} wrap="nowrap" data-testid="run-importer-tab">
                              <IconPlayerPlay size={14} />
                              <span>Run an importer</span>
                            </Group>
                          ),
                        },
                      ]}
                    />
                  </Group>
                  {panel === "upload" ? (
                    <UploadEvidenceForm orgId={c.orgId} controlIds={[c.id]} />
                  ) : (
                    <ImporterForm orgId={c.orgId} control={c} />
                  )}
                </Card>
              ) : null}
            </Stack>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 4 }}>
            <Stack gap="lg">
              <Card>
                <Title order={3} mb="md">
                  Ownership
                </Title>
                <OwnerAndStatus control={c} canAssign={access.admin} canSetStatus={access.admin || isOwner} />
                {access.auditor ? (
                  <Text size="xs" c="dimmed" mt="md">
                    Management owns its controls; the auditing firm reads them.
                  </Text>
                ) : !access.admin && !isOwner ? (
                  <Text size="xs" c="dimmed" mt="md">
                    The organization admin assigns owners; the owner updates the status.
                  </Text>
                ) : null}
              </Card>
              {canReadEvidence ? (
                <Card data-testid="control-freshness">
                  <Title order={3} mb="md">
                    Freshness
                  </Title>
                  {f ? (
                    <Stack gap="sm">
                      <Group justify="space-between">
                        <Text size="sm" c="dimmed">
                          Status
                        </Text>
                        <FreshnessBadge status={f.status} />
                      </Group>
                      <Group justify="space-between">
                        <Text size="sm" c="dimmed">
                          Last evidence
                        </Text>
                        <Text size="sm" className="fw-tabular">
                          {formatDate(f.lastEffectiveDate)}
                        </Text>
                      </Group>
                      <Group justify="space-between">
                        <Text size="sm" c="dimmed">
                          Next due
                        </Text>
                        <Text
                          size="sm"
                          className="fw-tabular"
                          c={f.status === "overdue" ? "red.7" : undefined}
                          fw={f.status === "overdue" ? 700 : undefined}
                        >
                          {f.nextDue ? formatDate(f.nextDue) : "When an event occurs"}
                        </Text>
                      </Group>
                    </Stack>
                  ) : (
                    <Text size="sm" c="dimmed">
                      {c.status === "not_applicable" ? "Not applicable controls need no evidence." : "—"}
                    </Text>
                  )}
                </Card>
              ) : null}
              <Card>
                <Stack gap="md">
                  <Field label="Criteria">
                    <Group gap={4} mt={2} data-testid="control-criteria">
                      {c.criteria.map((id) => (
                        <Badge key={id} variant="light" color="brand" style={{ textTransform: "none" }}>
                          {id}
                        </Badge>
                      ))}
                    </Group>
                  </Field>
                  <Field label="Frequency">{frequencyLabel(c.frequency)}</Field>
                  <Field label="Automation">{humanize(c.automation)}</Field>
                  <Field label="Domain">{domainLabel(c.domain)}</Field>
                  <Field label="Last changed">{formatDate(c.updatedAt)}</Field>
                </Stack>
              </Card>
              <FrameworkControlPanel controlId={c.id} />
            </Stack>
          </Grid.Col>
        </Grid>
      </Stack>
    </>
  );
}
