import {
  Alert,
  Anchor,
  Badge,
  Box,
  Button,
  Card,
  Checkbox,
  Grid,
  Group,
  Modal,
  MultiSelect,
  NumberInput,
  Paper,
  SegmentedControl,
  Select,
  SimpleGrid,
  Skeleton,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  ThemeIcon,
  Title,
  Tooltip,
} from "@mantine/core";
import {
  IconCheck,
  IconCircleCheck,
  IconDeviceFloppy,
  IconEye,
  IconLock,
  IconPencil,
  IconRosetteDiscountCheck,
  IconSend,
  IconShieldCheck,
} from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type ReactNode, useState } from "react";
import { Link, useParams } from "react-router-dom";
import { api, errorMessage, seg } from "../api";
import { PolicyStatusBadge } from "../components/Badges";
import { Markdown } from "../components/Markdown";
import { PageHeader } from "../components/PageHeader";
import { CardsSkeleton, ErrorState } from "../components/States";
import { formatDate, formatDateTime, ORG_ROLE_OPTIONS, plural, roleLabel, wordCount } from "../format";
import { notifySuccess } from "../notify";
import { keys, useControls, useOrganization, usePolicy } from "../queries";
import type { PolicyDetail, PolicyVersion, PolicyVersionPage } from "../types";
import { useOrgAccess, useOrgLinks } from "../workspace";
import { ReviewDue } from "./PoliciesPage";

const invalidatePolicy = (queryClient: ReturnType<typeof useQueryClient>, d: PolicyDetail) => {
  void queryClient.invalidateQueries({ queryKey: keys.policy(d.policy.id) });
  void queryClient.invalidateQueries({ queryKey: keys.policies(d.policy.orgId) });
  void queryClient.invalidateQueries({ queryKey: keys.ackCoverage(d.policy.orgId) });
  void queryClient.invalidateQueries({ queryKey: keys.myAcknowledgements });
  void queryClient.invalidateQueries({ queryKey: ["readiness", d.policy.orgId] });
};

function Step({
  done,
  active,
  title,
  detail,
}: {
  done: boolean;
  active: boolean;
  title: string;
  detail: ReactNode;
}) {
  return (
    <Group gap="sm" wrap="nowrap" align="flex-start" style={{ flex: 1, minWidth: 180 }}>
      <ThemeIcon
        size={28}
        radius="xl"
        variant={done ? "filled" : active ? "light" : "default"}
        color={done ? "teal" : active ? "brand" : "gray"}
      >
        {done ? (
          <IconCheck size={16} />
        ) : (
          <Text size="xs" fw={700}>
            •
          </Text>
        )}
      </ThemeIcon>
      <Stack gap={0}>
        <Text size="sm" fw={600} c={done || active ? undefined : "dimmed"}>
          {title}
        </Text>
        <Text size="xs" c="dimmed">
          {detail}
        </Text>
      </Stack>
    </Group>
  );
}

/** Draft → approved → published for the version being written, with who may do what. */
function ApprovalFlow({ d, userId }: { d: PolicyDetail; userId: string }) {
  const queryClient = useQueryClient();
  const open = d.openVersion;
  const approve = useMutation({
    mutationFn: (id: string) => api.post(`/api/policy-versions/${seg(id)}/approve`),
    meta: { errorTitle: "Not approved" },
    onSuccess: () => {
      notifySuccess(`Version ${open?.version} is approved and can be published.`, "Approved");
      invalidatePolicy(queryClient, d);
    },
  });
  const publish = useMutation({
    mutationFn: (id: string) =>
      api.post<{ acknowledgementRequests: number; acknowledgeBy: string }>(
        `/api/policy-versions/${seg(id)}/publish`,
      ),
    meta: { errorTitle: "Not published" },
    onSuccess: (res) => {
      notifySuccess(
        `Version ${open?.version} is in force. ${plural(res.acknowledgementRequests, "person", "people")} asked to acknowledge it by ${formatDate(res.acknowledgeBy)}.`,
        "Published",
      );
      invalidatePolicy(queryClient, d);
    },
  });
  const review = useMutation({
    mutationFn: () => api.post(`/api/policies/${seg(d.policy.id)}/review`, {}),
    meta: { errorTitle: "Review not recorded" },
    onSuccess: () => {
      notifySuccess(
        "The policy was reviewed and is unchanged; the next review is a cycle from today.",
        "Review recorded",
      );
      invalidatePolicy(queryClient, d);
    },
  });
  if (!open) {
    return (
      <Card data-testid="approval-flow" data-status={d.current ? "published" : "none"}>
        <Group justify="space-between" wrap="wrap">
          <Group gap="sm" wrap="nowrap">
            <ThemeIcon size={34} radius="md" color="teal" variant="light">
              <IconRosetteDiscountCheck size={20} />
            </ThemeIcon>
            <Stack gap={0}>
              <Text fw={600} size="sm">
                {d.current ? `Version ${d.current.version} is in force` : "No version yet"}
              </Text>
              <Text size="xs" c="dimmed">
                {d.current
                  ? `Published ${formatDate(d.current.publishedAt)} by ${d.current.publishedBy?.name ?? "—"}, approved by ${d.current.approvedBy?.name ?? "—"}. Published text never changes: editing starts version ${d.current.version + 1}.`
                  : ""}
              </Text>
            </Stack>
          </Group>
          {d.permissions.canManage && d.current ? (
            <Tooltip label="Confirm the policy is still right without changing it">
              <Button
                variant="default"
                onClick={() => review.mutate()}
                loading={review.isPending}
                data-testid="record-review"
              >
                Record review (unchanged)
              </Button>
            </Tooltip>
          ) : null}
        </Group>
      </Card>
    );
  }
  const iAmAuthor = open.authors.some((a) => a.id === userId);
  const approved = open.status === "approved";
  return (
    <Card data-testid="approval-flow" data-status={open.status}>
      <Stack gap="md">
        <Group justify="space-between" wrap="wrap">
          <Title order={3}>
            Version {open.version} {d.current ? `(replaces version ${d.current.version})` : ""}
          </Title>
          <PolicyStatusBadge status={open.status} size="lg" />
        </Group>
        <Group gap="lg" wrap="wrap" align="flex-start">
          <Step
            done
            active={false}
            title="Written"
            detail={`by ${open.authors.map((a) => a.name).join(", ") || "—"}, ${formatDate(open.updatedAt)}`}
          />
          <Step
            done={approved}
            active={!approved}
            title="Approved"
            detail={
              approved
                ? `by ${open.approvedBy?.name ?? "—"}, ${formatDate(open.approvedAt)}`
                : "by an organization admin who did not write it"
            }
          />
          <Step
            done={false}
            active={approved}
            title="Published"
            detail="asks everyone it applies to for an acknowledgement"
          />
        </Group>
        {d.permissions.canManage ? (
          <Group gap="sm" align="flex-start" wrap="wrap">
            {!approved ? (
              <Stack gap={4}>
                <Button
                  leftSection={<IconShieldCheck size={16} />}
                  disabled={!d.permissions.canApprove}
                  loading={approve.isPending}
                  onClick={() => approve.mutate(open.id)}
                  data-testid="approve-version"
                >
                  Approve version {open.version}
                </Button>
                {iAmAuthor ? (
                  <Text size="xs" c="orange.8" maw={420} data-testid="approve-explanation">
                    You wrote or edited this version, so another organization admin must approve it: nobody
                    approves their own policy text.
                  </Text>
                ) : null}
              </Stack>
            ) : (
              <Button
                leftSection={<IconSend size={16} />}
                disabled={!d.permissions.canPublish}
                loading={publish.isPending}
                onClick={() => publish.mutate(open.id)}
                data-testid="publish-version"
              >
                Publish version {open.version}
              </Button>
            )}
          </Group>
        ) : (
          <Text size="xs" c="dimmed">
            An organization admin who did not write this version approves it, then publishes it.
          </Text>
        )}
        {open.changeNote ? (
          <Text size="xs" c="dimmed">
            What changed: {open.changeNote}
          </Text>
        ) : null}
      </Stack>
    </Card>
  );
}

function Editor({ d }: { d: PolicyDetail }) {
  const queryClient = useQueryClient();
  const base = d.openVersion ?? d.current;
  const [title, setTitle] = useState(base?.title ?? d.policy.title);
  const [body, setBody] = useState(base?.body ?? "");
  const [note, setNote] = useState(d.openVersion?.changeNote ?? "");
  const [mode, setMode] = useState<"write" | "preview" | "split">("split");
  const dirty =
    title !== (base?.title ?? d.policy.title) ||
    body !== (base?.body ?? "") ||
    note !== (d.openVersion?.changeNote ?? "");
  const save = useMutation({
    mutationFn: () =>
      api.put<{ versionId: string; version: number; status: string; created: boolean }>(
        `/api/policies/${seg(d.policy.id)}/draft`,
        {
          title: title.trim(),
          body,
          ...(note.trim() ? { changeNote: note.trim() } : {}),
        },
      ),
    meta: { quiet: true },
    onSuccess: (res) => {
      notifySuccess(
        res.created
          ? `Version ${res.version} was started as a draft.`
          : `Draft version ${res.version} saved.`,
        "Saved",
      );
      invalidatePolicy(queryClient, d);
    },
  });
  const editing = d.openVersion
    ? d.openVersion.status === "approved"
      ? `Saving edits approved version ${d.openVersion.version} and withdraws its approval.`
      : `Saving edits draft version ${d.openVersion.version}.`
    : d.current
      ? `Version ${d.current.version} is published and never changes; saving starts version ${d.current.version + 1} as a draft.`
      : "";
  const textarea = (
    <Textarea
      aria-label="Policy text (Markdown)"
      value={body}
      onChange={(e) => setBody(e.currentTarget.value)}
      autosize
      minRows={22}
      maxRows={60}
      styles={{
        input: { fontFamily: "var(--mantine-font-family-monospace)", fontSize: 13, lineHeight: 1.55 },
      }}
      data-testid="policy-body"
    />
  );
  const preview = (
    <Paper withBorder p="md" radius="md" bg="white" mih={300} data-testid="policy-preview">
      <Markdown source={body} />
    </Paper>
  );
  return (
    <Card data-testid="policy-editor">
      <Stack gap="md">
        <Group justify="space-between" wrap="wrap">
          <Title order={3}>Text</Title>
          <SegmentedControl
            size="xs"
            value={mode}
            onChange={(v) => setMode(v as "write" | "preview" | "split")}
            data={[
              { value: "write", label: "Write" },
              { value: "split", label: "Side by side" },
              { value: "preview", label: "Preview" },
            ]}
          />
        </Group>
        <Grid gutter="sm">
          <Grid.Col span={{ base: 12, sm: 6 }}>
            <TextInput
              label="Title"
              value={title}
              onChange={(e) => setTitle(e.currentTarget.value)}
              required
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 6 }}>
            <TextInput
              label="What changed"
              placeholder="For the version history and the acknowledgement e-mail"
              value={note}
              onChange={(e) => setNote(e.currentTarget.value)}
            />
          </Grid.Col>
        </Grid>
        {mode === "split" ? (
          <Grid gutter="sm">
            <Grid.Col span={{ base: 12, lg: 6 }}>{textarea}</Grid.Col>
            <Grid.Col span={{ base: 12, lg: 6 }}>{preview}</Grid.Col>
          </Grid>
        ) : mode === "write" ? (
          textarea
        ) : (
          preview
        )}
        {save.isError ? (
          <Alert color="red" variant="light" data-testid="save-error">
            {errorMessage(save.error)}
          </Alert>
        ) : null}
        <Group justify="space-between" wrap="wrap">
          <Text size="xs" c="dimmed">
            {wordCount(body)} words · Markdown: ## headings, - bullets, 1. numbered, **bold**. {editing}
          </Text>
          <Button
            leftSection={<IconDeviceFloppy size={16} />}
            onClick={() => save.mutate()}
            loading={save.isPending}
            disabled={!dirty || !body.trim() || !title.trim()}
            data-testid="save-draft"
          >
            {d.openVersion ? "Save draft" : "Save as new version"}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

function Reader({ d, canSeeDrafts }: { d: PolicyDetail; canSeeDrafts: boolean }) {
  const [which, setWhich] = useState<"current" | "open">(d.current ? "current" : "open");
  const version: PolicyVersion | null = which === "current" ? d.current : canSeeDrafts ? d.openVersion : null;
  return (
    <Card data-testid="policy-reader">
      <Group justify="space-between" mb="md" wrap="wrap">
        <Title order={3}>{version ? `${version.title}, version ${version.version}` : "Text"}</Title>
        {d.current && d.openVersion && canSeeDrafts ? (
          <SegmentedControl
            size="xs"
            value={which}
            onChange={(v) => setWhich(v as "current" | "open")}
            data={[
              { value: "current", label: `In force (v${d.current.version})` },
              {
                value: "open",
                label: `${d.openVersion.status === "approved" ? "Approved" : "Draft"} (v${d.openVersion.version})`,
              },
            ]}
          />
        ) : null}
      </Group>
      {version ? (
        <Markdown source={version.body} testId="policy-text" />
      ) : (
        <Text c="dimmed">No text yet.</Text>
      )}
    </Card>
  );
}

function AcknowledgeCard({ d }: { d: PolicyDetail }) {
  const queryClient = useQueryClient();
  const ack = useMutation({
    mutationFn: (versionId: string) =>
      api.post<{ acknowledgedAt: string }>(`/api/policy-versions/${seg(versionId)}/acknowledge`),
    meta: { errorTitle: "Not acknowledged" },
    onSuccess: () => {
      notifySuccess(`You acknowledged ${d.policy.title}, version ${d.current?.version}.`, "Acknowledged");
      invalidatePolicy(queryClient, d);
    },
  });
  const my = d.myAcknowledgement;
  if (!my.required) return null;
  if (my.acknowledgedAt) {
    return (
      <Alert color="teal" variant="light" icon={<IconCircleCheck size={18} />} data-testid="acknowledged">
        You acknowledged version {d.current?.version} on {formatDateTime(my.acknowledgedAt)}.
      </Alert>
    );
  }
  return (
    <Alert
      color="orange"
      variant="light"
      title="Please read and acknowledge this policy"
      data-testid="acknowledge-prompt"
    >
      <Group justify="space-between" wrap="wrap" gap="sm">
        <Text size="sm">Version {d.current?.version} applies to you. Read it below, then confirm.</Text>
        <Button
          color="teal"
          leftSection={<IconCheck size={16} />}
          onClick={() => my.versionId && ack.mutate(my.versionId)}
          loading={ack.isPending}
          disabled={!d.permissions.canAcknowledge}
          data-testid="acknowledge-button"
        >
          I have read and accept this policy
        </Button>
      </Group>
    </Alert>
  );
}

function VersionModal({ versionId, onClose }: { versionId: string | null; onClose: () => void }) {
  const query = useQuery({
    queryKey: ["policy-version", versionId],
    queryFn: ({ signal }) =>
      api.get<PolicyVersionPage>(`/api/policy-versions/${seg(versionId ?? "")}`, signal),
    enabled: !!versionId,
  });
  return (
    <Modal
      opened={!!versionId}
      onClose={onClose}
      size="xl"
      title={query.data ? `${query.data.version.title}, version ${query.data.version.version}` : "Version"}
    >
      {query.isPending ? (
        <Skeleton height={300} />
      ) : query.isError ? (
        <ErrorState error={query.error} />
      ) : (
        <Stack gap="sm">
          <Group gap="xs">
            <PolicyStatusBadge status={query.data.version.status} />
            <Text size="xs" c="dimmed">
              {query.data.version.publishedAt
                ? `Published ${formatDate(query.data.version.publishedAt)}`
                : `Last edited ${formatDate(query.data.version.updatedAt)}`}
            </Text>
          </Group>
          <Markdown source={query.data.version.body} />
        </Stack>
      )}
    </Modal>
  );
}

function Versions({ d }: { d: PolicyDetail }) {
  const [viewing, setViewing] = useState<string | null>(null);
  return (
    <Card>
      <Title order={3} mb="sm">
        Versions
      </Title>
      <Box style={{ overflowX: "auto" }}>
        <Table miw={640} data-testid="policy-versions">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Version</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>Written by</Table.Th>
              <Table.Th>Approved</Table.Th>
              <Table.Th>Published</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {[...d.versions]
              .sort((a, b) => b.version - a.version)
              .map((v) => (
                <Table.Tr key={v.id} data-testid="policy-version" data-status={v.status}>
                  <Table.Td>
                    <Text size="sm" fw={600}>
                      v{v.version}
                    </Text>
                    {v.changeNote ? (
                      <Text size="xs" c="dimmed" maw={260} lineClamp={2}>
                        {v.changeNote}
                      </Text>
                    ) : null}
                  </Table.Td>
                  <Table.Td>
                    <PolicyStatusBadge status={v.status} />
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{v.authors.map((a) => a.name).join(", ") || "—"}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">
                      {v.approvedBy ? `${v.approvedBy.name}, ${formatDate(v.approvedAt)}` : "—"}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">
                      {v.publishedBy ? `${v.publishedBy.name}, ${formatDate(v.publishedAt)}` : "—"}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Button
                      size="compact-xs"
                      variant="subtle"
                      leftSection={<IconEye size={12} />}
                      onClick={() => setViewing(v.id)}
                    >
                      Read
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
          </Table.Tbody>
        </Table>
      </Box>
      <VersionModal versionId={viewing} onClose={() => setViewing(null)} />
    </Card>
  );
}

function Settings({ d }: { d: PolicyDetail }) {
  const queryClient = useQueryClient();
  const canManage = d.permissions.canManage;
  const org = useOrganization(canManage ? d.policy.orgId : null);
  const controls = useControls(canManage ? d.policy.orgId : null);
  const links = useOrgLinks(d.policy.orgId);
  const [audience, setAudience] = useState<string[]>(d.policy.audience);
  const [cycle, setCycle] = useState<number | string>(d.policy.reviewCycleMonths);
  const [window, setWindow] = useState<number | string>(d.policy.acknowledgeWithinDays);
  const [owner, setOwner] = useState<string | null>(d.policy.owner?.id ?? null);
  const [controlIds, setControlIds] = useState<string[]>(d.policy.controls.map((c) => c.id));
  const save = useMutation({
    mutationFn: () =>
      api.patch<PolicyDetail>(`/api/policies/${seg(d.policy.id)}`, {
        audience,
        reviewCycleMonths: Number(cycle),
        acknowledgeWithinDays: Number(window),
        ownerUserId: owner,
        controlIds,
      }),
    meta: { errorTitle: "Settings not saved" },
    onSuccess: (next) => {
      queryClient.setQueryData(keys.policy(d.policy.id), next);
      invalidatePolicy(queryClient, d);
      notifySuccess("Audience, review cycle, owner and control links saved.", "Policy settings");
    },
  });
  const people = new Map<string, string>();
  for (const m of org.data?.members ?? []) {
    const id = m.userId ?? m.id;
    if (id && !people.has(id)) people.set(id, m.name);
  }
  return (
    <Stack gap="lg">
      <Card>
        <Title order={3} mb="sm">
          Review
        </Title>
        <ReviewDue review={d.policy.review} />
        <Text size="xs" c="dimmed" mt={6}>
          Reviewed every {d.policy.reviewCycleMonths} months, counted from publication or the last recorded
          review.
        </Text>
      </Card>
      <Card data-testid="policy-controls">
        <Title order={3} mb="sm">
          Linked controls
        </Title>
        {canManage ? (
          <MultiSelect
            aria-label="Linked controls"
            data={(controls.data ?? []).map((c) => ({ value: c.id, label: `${c.code} · ${c.title}` }))}
            value={controlIds}
            onChange={setControlIds}
            searchable
            placeholder={controls.isPending ? "Loading…" : "Link controls"}
            comboboxProps={{ withinPortal: true }}
            maxDropdownHeight={280}
          />
        ) : d.policy.controls.length === 0 ? (
          <Text size="sm" c="dimmed">
            No controls linked.
          </Text>
        ) : (
          <Stack gap={4}>
            {d.policy.controls.map((c) => (
              <Anchor key={c.id} component={Link} to={`/controls/${c.id}`} size="sm">
                <Text span ff="monospace" fw={600}>
                  {c.code}
                </Text>{" "}
                {c.title}
              </Anchor>
            ))}
          </Stack>
        )}
        {canManage ? null : (
          <Anchor component={Link} to={links.controls} size="xs" mt="xs" display="block">
            All controls
          </Anchor>
        )}
      </Card>
      <Card data-testid="policy-settings">
        <Title order={3} mb="sm">
          Audience and owner
        </Title>
        {canManage ? (
          <Stack gap="sm">
            <Checkbox.Group label="Who must acknowledge it" value={audience} onChange={setAudience}>
              <Stack gap={6} mt={6}>
                {ORG_ROLE_OPTIONS.map((o) => (
                  <Checkbox key={o.value} value={o.value} label={o.label} />
                ))}
              </Stack>
            </Checkbox.Group>
            <SimpleGrid cols={2} spacing="sm">
              <NumberInput
                label="Review every (months)"
                value={cycle}
                onChange={setCycle}
                min={1}
                max={36}
                allowDecimal={false}
              />
              <NumberInput
                label="Acknowledge within (days)"
                value={window}
                onChange={setWindow}
                min={1}
                max={180}
                allowDecimal={false}
              />
            </SimpleGrid>
            <Select
              label="Owner"
              data={[...people.entries()].map(([value, label]) => ({ value, label }))}
              value={owner}
              onChange={setOwner}
              clearable
              placeholder="Nobody"
              comboboxProps={{ withinPortal: true }}
            />
            <Button
              variant="default"
              leftSection={<IconDeviceFloppy size={16} />}
              onClick={() => save.mutate()}
              loading={save.isPending}
              disabled={audience.length === 0}
            >
              Save settings
            </Button>
          </Stack>
        ) : (
          <Stack gap={6}>
            <Text size="sm">Applies to: {d.policy.audience.map(roleLabel).join(", ")}</Text>
            <Text size="sm">Owner: {d.policy.owner?.name ?? "—"}</Text>
            <Text size="sm">
              Acknowledge within {plural(d.policy.acknowledgeWithinDays, "day")} of publication
            </Text>
          </Stack>
        )}
      </Card>
    </Stack>
  );
}

export function PolicyPage() {
  const { id } = useParams();
  const query = usePolicy(id);
  const orgId = query.data?.policy.orgId ?? null;
  const access = useOrgAccess(orgId);
  const links = useOrgLinks(orgId ?? "");
  const org = useOrganization(access.auditor ? orgId : null);
  const [editMode, setEditing] = useState<boolean | null>(null);

  if (query.isPending) {
    return (
      <Stack>
        <Skeleton height={16} width={200} />
        <Skeleton height={34} width={420} />
        <CardsSkeleton count={2} height={240} />
      </Stack>
    );
  }
  if (query.isError) {
    return (
      <>
        <PageHeader title="Policy" crumbs={[{ label: "Policies", to: "/policies" }]} />
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      </>
    );
  }
  const d = query.data;
  // A draft being written opens in the editor; a policy in force opens for reading.
  const editing = editMode ?? d.openVersion !== null;
  const status = d.current ? "published" : (d.openVersion?.status ?? "draft");
  const canSeeDrafts = d.permissions.canEdit || access.auditor || access.admin;
  const crumbs = access.auditor
    ? [
        { label: "Clients", to: "/clients" },
        { label: org.data?.organization.name ?? "Client", to: `/clients/${d.policy.orgId}` },
        { label: "Policies", to: links.policies },
        { label: d.policy.title },
      ]
    : [{ label: "Policies", to: "/policies" }, { label: d.policy.title }];
  return (
    <>
      <PageHeader
        title={<span data-testid="policy-title">{d.policy.title}</span>}
        crumbs={crumbs}
        badges={
          <>
            <PolicyStatusBadge status={status} size="lg" />
            {d.current ? (
              <Badge variant="outline" color="gray" size="lg">
                v{d.current.version} in force
              </Badge>
            ) : null}
          </>
        }
        subtitle={`${d.policy.audience.length === 3 ? "All personnel" : d.policy.audience.map(roleLabel).join(", ")} · review every ${d.policy.reviewCycleMonths} months${d.policy.owner ? ` · owner ${d.policy.owner.name}` : ""}`}
        actions={
          d.permissions.canEdit ? (
            <SegmentedControl
              value={editing ? "edit" : "read"}
              onChange={(v) => setEditing(v === "edit")}
              data={[
                {
                  value: "edit",
                  label: (
                    <Group gap={6} wrap="nowrap">
                      <IconPencil size={14} />
                      <span>Edit</span>
                    </Group>
                  ),
                },
                {
                  value: "read",
                  label: (
                    <Group gap={6} wrap="nowrap">
                      <IconEye size={14} />
                      <span>Read</span>
                    </Group>
                  ),
                },
              ]}
            />
          ) : null
        }
      />
      <Stack gap="lg">
        <AcknowledgeCard d={d} />
        {canSeeDrafts ? <ApprovalFlow d={d} userId={access.userId} /> : null}
        {access.auditor ? (
          <Alert color="gray" variant="light" icon={<IconLock size={16} />}>
            Read-only: management writes, approves and publishes its policies; the auditing firm samples them.
          </Alert>
        ) : null}
        {d.permissions.canEdit && editing ? (
          <Editor key={`${d.openVersion?.id ?? d.current?.id}:${d.openVersion?.updatedAt ?? ""}`} d={d} />
        ) : null}
        <Grid gutter="lg">
          <Grid.Col span={{ base: 12, md: 8 }}>
            <Stack gap="lg">
              {d.permissions.canEdit && editing ? null : <Reader d={d} canSeeDrafts={canSeeDrafts} />}
              <Versions d={d} />
            </Stack>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 4 }}>
            <Settings key={d.policy.updatedAt} d={d} />
          </Grid.Col>
        </Grid>
      </Stack>
    </>
  );
}
