/**
 * The evidence request list (PBC list) of an engagement: the auditor creates, imports, accepts and
 * returns requests; the organization attaches evidence, comments and submits them.
 */
import {
  ActionIcon,
  Alert,
  Anchor,
  Badge,
  Box,
  Button,
  Card,
  Divider,
  Drawer,
  FileButton,
  Grid,
  Group,
  Menu,
  Modal,
  Paper,
  SegmentedControl,
  Select,
  Skeleton,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
  Tooltip,
} from "@mantine/core";
import {
  IconArrowBackUp,
  IconCheck,
  IconDownload,
  IconFileImport,
  IconMessage,
  IconPaperclip,
  IconPlus,
  IconSearch,
  IconSend,
  IconTrash,
  IconUpload,
} from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useMemo, useState } from "react";
import { Link, useSearchParams } from "react-router-dom";
import { ApiError, api, errorMessage, seg } from "../../api";
import { RequestStatusBadge } from "../../components/Badges";
import { downloadHref, UploadEvidenceForm } from "../../components/Evidence";
import { EmptyState, ErrorState, TableSkeleton } from "../../components/States";
import {
  daysFromToday,
  formatDate,
  formatDateTime,
  formatRange,
  plural,
  REQUEST_STATUS_LABELS,
} from "../../format";
import { notifySuccess } from "../../notify";
import { keys, useControls, useEvidenceList, useOrganization, useRequest, useRequests } from "../../queries";
import type { EvidenceRequest, Member, RequestDetail, RequestImportResult } from "../../types";
import { useOrgAccess } from "../../workspace";

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

const answerers = (members: readonly Member[]) => {
  const out = new Map<string, string>();
  for (const m of members) {
    const id = m.userId ?? m.id;
    if (id && (m.role === "org_admin" || m.role === "control_owner") && !out.has(id)) out.set(id, m.name);
  }
  return [...out.entries()].map(([value, label]) => ({ value, label }));
};

const isLate = (r: Pick<EvidenceRequest, "dueDate" | "status">) =>
  r.status !== "accepted" && r.status !== "submitted" && (daysFromToday(r.dueDate) ?? 0) < 0;

function NewRequestModal({
  engagementId,
  orgId,
  opened,
  onClose,
}: {
  engagementId: string;
  orgId: string;
  opened: boolean;
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  const controls = useControls(opened ? orgId : null);
  const org = useOrganization(opened ? orgId : null);
  const [controlId, setControlId] = useState<string | null>(null);
  const [what, setWhat] = useState("");
  const [periodStart, setPeriodStart] = useState("");
  const [periodEnd, setPeriodEnd] = useState("");
  const [dueDate, setDueDate] = useState("");
  const [assignee, setAssignee] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: () =>
      api.post<EvidenceRequest>(`/api/engagements/${seg(engagementId)}/requests`, {
        controlId,
        what: what.trim(),
        periodStart: periodStart || null,
        periodEnd: periodEnd || null,
        dueDate: dueDate || null,
        assigneeUserId: assignee,
      }),
    meta: { quiet: true },
    onSuccess: (r) => {
      notifySuccess(
        `${r.ref} was created${r.assignee?.name ? ` and assigned to ${r.assignee.name}` : ""}.`,
        "Request created",
      );
      void queryClient.invalidateQueries({ queryKey: keys.requests(engagementId) });
      setWhat("");
      setControlId(null);
      onClose();
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  return (
    <Modal opened={opened} onClose={onClose} title="New evidence request" size="lg">
      <form onSubmit={submit} data-testid="new-request-form">
        <Stack gap="sm">
          <Select
            label="Control"
            description="Optional: the control the evidence is for"
            data={(controls.data ?? []).map((c) => ({ value: c.id, label: `${c.code} · ${c.title}` }))}
            value={controlId}
            onChange={setControlId}
            searchable
            clearable
            comboboxProps={{ withinPortal: true }}
          />
          <Textarea
            label="What is requested"
            placeholder="e.g. Population of user access reviews performed during the period, with evidence of follow-up on removals"
            value={what}
            onChange={(e) => setWhat(e.currentTarget.value)}
            autosize
            minRows={3}
            required
          />
          <Grid gutter="sm">
            <Grid.Col span={{ base: 6, sm: 4 }}>
              <TextInput
                type="date"
                label="Period start"
                value={periodStart}
                onChange={(e) => setPeriodStart(e.currentTarget.value)}
              />
            </Grid.Col>
            <Grid.Col span={{ base: 6, sm: 4 }}>
              <TextInput
                type="date"
                label="Period end"
                value={periodEnd}
                onChange={(e) => setPeriodEnd(e.currentTarget.value)}
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 4 }}>
              <TextInput
                type="date"
                label="Due"
                value={dueDate}
                onChange={(e) => setDueDate(e.currentTarget.value)}
              />
            </Grid.Col>
          </Grid>
          <Select
            label="Assign to"
            description="An organization admin or control owner of the client"
            data={answerers(org.data?.members ?? [])}
            value={assignee}
            onChange={setAssignee}
            clearable
            comboboxProps={{ withinPortal: true }}
          />
          {create.isError ? (
            <Alert color="red" variant="light">
              {errorMessage(create.error)}
            </Alert>
          ) : null}
          <Group justify="flex-end">
            <Button
              type="submit"
              leftSection={<IconPlus size={16} />}
              loading={create.isPending}
              disabled={!what.trim()}
            >
              Create request
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function RequestDrawerBody({ id, engagementId, orgId }: { id: string; engagementId: string; orgId: string }) {
  const queryClient = useQueryClient();
  const query = useRequest(id);
  const evidence = useEvidenceList(orgId);
  const org = useOrganization(orgId);
  const [comment, setComment] = useState("");
  const [reason, setReason] = useState("");
  const [attach, setAttach] = useState<string | null>(null);
  const [uploading, setUploading] = useState(false);
  const [returning, setReturning] = useState(false);

  const refresh = (detail?: RequestDetail["request"]) => {
    if (detail) {
      queryClient.setQueryData<RequestDetail>(keys.request(id), (old) =>
        old ? { ...old, request: detail } : old,
      );
    }
    void queryClient.invalidateQueries({ queryKey: keys.request(id) });
    void queryClient.invalidateQueries({ queryKey: keys.requests(engagementId) });
  };
  const move = useMutation({
    mutationFn: (m: { move: "submit" | "accept" | "return"; reason?: string }) =>
      api.post<{ request: RequestDetail["request"] }>(
        `/api/requests/${seg(id)}/${m.move}`,
        m.move === "return" ? { reason: m.reason } : {},
      ),
    meta: { errorTitle: "Request not moved" },
    onSuccess: (res, m) => {
      notifySuccess(
        `${res.request.ref} is ${REQUEST_STATUS_LABELS[res.request.status]?.toLowerCase() ?? res.request.status}.`,
        m.move === "submit" ? "Submitted for review" : m.move === "accept" ? "Accepted" : "Returned",
      );
      setReason("");
      setReturning(false);
      refresh(res.request);
    },
  });
  const addComment = useMutation({
    mutationFn: () => api.post(`/api/requests/${seg(id)}/comments`, { text: comment.trim() }),
    meta: { errorTitle: "Comment not added" },
    onSuccess: () => {
      setComment("");
      refresh();
    },
  });
  const changeEvidence = useMutation({
    mutationFn: (body: { attach?: string[]; detach?: string[] }) =>
      api.post<{ request: RequestDetail["request"] }>(`/api/requests/${seg(id)}/evidence`, body),
    meta: { errorTitle: "Evidence not changed" },
    onSuccess: (res) => {
      setAttach(null);
      refresh(res.request);
    },
  });
  const [editing, setEditing] = useState<{ what: string; dueDate: string } | null>(null);
  const edit = useMutation({
    mutationFn: (patch: { what: string; dueDate: string | null }) =>
      api.patch<{ request: RequestDetail["request"] }>(`/api/requests/${seg(id)}`, patch),
    meta: { errorTitle: "Request not changed" },
    onSuccess: (res) => {
      notifySuccess(`${res.request.ref} was updated.`, "Request changed");
      setEditing(null);
      refresh(res.request);
    },
  });
  const reassign = useMutation({
    mutationFn: (assigneeUserId: string | null) =>
      api.patch<{ request: RequestDetail["request"] }>(`/api/requests/${seg(id)}`, { assigneeUserId }),
    meta: { errorTitle: "Not reassigned" },
    onSuccess: (res) => {
      notifySuccess(
        `${res.request.ref} is assigned to ${res.request.assignee?.name ?? "nobody"}.`,
        "Reassigned",
      );
      refresh(res.request);
    },
  });

  if (query.isPending) return <Skeleton height={320} />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  const { request: r, permissions: p } = query.data;
  const byId = new Map((evidence.data ?? []).map((e) => [e.id, e]));
  const attachable = (evidence.data ?? [])
    .filter((e) => !r.evidenceIds.includes(e.id))
    .sort((a, b) => {
      const ac = r.control && a.controls.some((c) => c.id === r.control?.id) ? 0 : 1;
      const bc = r.control && b.controls.some((c) => c.id === r.control?.id) ? 0 : 1;
      return ac - bc || b.effectiveDate.localeCompare(a.effectiveDate);
    });
  const late = isLate(r);

  return (
    <Stack gap="md" data-testid="request-detail" data-status={r.status}>
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <Stack gap={4} style={{ flex: 1 }}>
          <Group gap="xs">
            <Text ff="monospace" fw={700}>
              {r.ref}
            </Text>
            <RequestStatusBadge status={r.status} />
          </Group>
          {editing ? (
            <Stack gap="xs">
              <Textarea
                label="What is requested"
                value={editing.what}
                onChange={(e) => setEditing({ ...editing, what: e.currentTarget.value })}
                autosize
                minRows={2}
              />
              <TextInput
                type="date"
                label="Due"
                value={editing.dueDate}
                onChange={(e) => setEditing({ ...editing, dueDate: e.currentTarget.value })}
                w={200}
              />
              <Group gap="xs">
                <Button
                  size="xs"
                  onClick={() => edit.mutate({ what: editing.what.trim(), dueDate: editing.dueDate || null })}
                  loading={edit.isPending}
                  disabled={!editing.what.trim()}
                >
                  Save
                </Button>
                <Button size="xs" variant="subtle" onClick={() => setEditing(null)}>
                  Cancel
                </Button>
              </Group>
            </Stack>
          ) : (
            <Text size="sm" style={{ whiteSpace: "pre-wrap" }} data-testid="request-what">
              {r.what}
            </Text>
          )}
        </Stack>
        {p.canEdit && !editing ? (
          <Button
            size="compact-xs"
            variant="subtle"
            onClick={() => setEditing({ what: r.what, dueDate: r.dueDate ?? "" })}
            data-testid="edit-request"
          >
            Edit
          </Button>
        ) : null}
      </Group>
      <Grid gutter="sm">
        <Grid.Col span={6}>
          <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
            Control
          </Text>
          {r.control ? (
            <Anchor component={Link} to={`/controls/${r.control.id}`} size="sm">
              {r.control.code} {r.control.title}
            </Anchor>
          ) : (
            <Text size="sm">—</Text>
          )}
        </Grid.Col>
        <Grid.Col span={6}>
          <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
            Period
          </Text>
          <Text size="sm">{formatRange(r.periodStart, r.periodEnd)}</Text>
        </Grid.Col>
        <Grid.Col span={6}>
          <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
            Due
          </Text>
          <Text size="sm" c={late ? "red.7" : undefined} fw={late ? 600 : undefined}>
            {formatDate(r.dueDate)}
            {late ? " (late)" : ""}
          </Text>
        </Grid.Col>
        <Grid.Col span={6}>
          <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
            Assignee
          </Text>
          {p.canReassign ? (
            <Select
              size="xs"
              aria-label="Assignee"
              data={answerers(org.data?.members ?? [])}
              value={r.assignee?.id ?? null}
              onChange={(v) => reassign.mutate(v)}
              clearable
              placeholder="Unassigned"
              disabled={reassign.isPending}
              comboboxProps={{ withinPortal: true }}
              data-testid="request-assignee"
            />
          ) : (
            <Text size="sm">{r.assignee?.name ?? "Unassigned"}</Text>
          )}
        </Grid.Col>
      </Grid>

      <Divider label="Evidence" labelPosition="left" />
      <Stack gap={6} data-testid="request-evidence">
        {r.evidenceIds.length === 0 ? (
          <Text size="sm" c="dimmed">
            No evidence attached yet.
          </Text>
        ) : (
          r.evidenceIds.map((eid) => {
            const e = byId.get(eid);
            return (
              <Paper key={eid} withBorder p="xs" radius="sm">
                <Group justify="space-between" wrap="nowrap">
                  <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
                    <IconPaperclip size={16} color="var(--mantine-color-dimmed)" />
                    <Stack gap={0} style={{ minWidth: 0 }}>
                      <Anchor component={Link} to={`/evidence/${eid}`} size="sm" truncate>
                        {e?.title ?? "Evidence item"}
                      </Anchor>
                      {e ? (
                        <Text size="xs" c="dimmed">
                          Effective {formatDate(e.effectiveDate)} · {e.originalName ?? e.mediaType}
                        </Text>
                      ) : null}
                    </Stack>
                  </Group>
                  <Group gap={4} wrap="nowrap">
                    <Tooltip label="Download">
                      <ActionIcon
                        component="a"
                        href={downloadHref(eid)}
                        variant="subtle"
                        aria-label="Download"
                      >
                        <IconDownload size={16} />
                      </ActionIcon>
                    </Tooltip>
                    {p.canChangeEvidence ? (
                      <Tooltip label="Detach">
                        <ActionIcon
                          variant="subtle"
                          color="red"
                          onClick={() => changeEvidence.mutate({ detach: [eid] })}
                          aria-label="Detach"
                        >
                          <IconTrash size={16} />
                        </ActionIcon>
                      </Tooltip>
                    ) : null}
                  </Group>
                </Group>
              </Paper>
            );
          })
        )}
        {p.canChangeEvidence ? (
          <>
            <Group gap="xs" wrap="nowrap" mt={4}>
              <Select
                placeholder="Attach an evidence item"
                data={attachable.map((e) => ({
                  value: e.id,
                  label: `${e.title} (${formatDate(e.effectiveDate)})${r.control && e.controls.some((c) => c.id === r.control?.id) ? ` · ${r.control.code}` : ""}`,
                }))}
                value={attach}
                onChange={setAttach}
                searchable
                style={{ flex: 1 }}
                comboboxProps={{ withinPortal: true }}
                data-testid="attach-select"
                aria-label="Evidence to attach"
              />
              <Button
                variant="default"
                leftSection={<IconPaperclip size={14} />}
                disabled={!attach}
                loading={changeEvidence.isPending}
                onClick={() => attach && changeEvidence.mutate({ attach: [attach] })}
                data-testid="attach-evidence"
              >
                Attach
              </Button>
            </Group>
            <Anchor component="button" size="xs" ta="left" onClick={() => setUploading((v) => !v)}>
              <Group gap={4}>
                <IconUpload size={12} />
                {uploading ? "Hide the upload form" : "Upload new evidence and attach it"}
              </Group>
            </Anchor>
            {uploading ? (
              <Paper withBorder p="sm" radius="sm">
                <UploadEvidenceForm
                  orgId={orgId}
                  controlIds={r.control ? [r.control.id] : []}
                  onDone={(item) => {
                    setUploading(false);
                    changeEvidence.mutate({ attach: [item.id] });
                  }}
                />
              </Paper>
            ) : null}
          </>
        ) : null}
      </Stack>

      <Divider label="Conversation" labelPosition="left" />
      <Stack gap="xs" data-testid="request-comments">
        {r.comments.length === 0 ? (
          <Text size="sm" c="dimmed">
            No comments yet.
          </Text>
        ) : (
          r.comments.map((c) => (
            <Paper
              key={c.id}
              p="xs"
              radius="md"
              withBorder
              bg={
                c.kind === "return"
                  ? "var(--mantine-color-orange-0)"
                  : c.side === "firm"
                    ? "var(--mantine-color-brand-0)"
                    : "white"
              }
              data-testid="request-comment"
              data-kind={c.kind}
            >
              <Group justify="space-between" mb={2}>
                <Group gap={6}>
                  <Text size="xs" fw={600}>
                    {c.author?.name ?? "—"}
                  </Text>
                  <Badge size="xs" variant="light" color={c.side === "firm" ? "brand" : "gray"}>
                    {c.side === "firm" ? "Auditor" : "Organization"}
                  </Badge>
                  {c.kind === "return" ? (
                    <Badge size="xs" color="orange" variant="filled">
                      Returned
                    </Badge>
                  ) : null}
                </Group>
                <Text size="xs" c="dimmed">
                  {formatDateTime(c.createdAt)}
                </Text>
              </Group>
              <Text size="sm" style={{ whiteSpace: "pre-wrap" }}>
                {c.text}
              </Text>
            </Paper>
          ))
        )}
        {p.canComment ? (
          <Group gap="xs" align="flex-end" wrap="nowrap">
            <Textarea
              placeholder="Add a comment"
              value={comment}
              onChange={(e) => setComment(e.currentTarget.value)}
              autosize
              minRows={1}
              style={{ flex: 1 }}
              aria-label="Comment"
              data-testid="comment-text"
            />
            <Button
              variant="default"
              leftSection={<IconMessage size={14} />}
              disabled={!comment.trim()}
              loading={addComment.isPending}
              onClick={() => addComment.mutate()}
              data-testid="add-comment"
            >
              Comment
            </Button>
          </Group>
        ) : null}
      </Stack>

      {p.canSubmit || p.canAccept || p.canReturn ? <Divider /> : null}
      {p.canSubmit ? (
        <Stack gap={4}>
          <Button
            leftSection={<IconSend size={16} />}
            onClick={() => move.mutate({ move: "submit" })}
            loading={move.isPending}
            data-testid="submit-request"
          >
            Submit for review
          </Button>
          <Text size="xs" c="dimmed">
            Attach evidence, or comment on why there is none, before submitting.
          </Text>
        </Stack>
      ) : null}
      {p.canAccept || p.canReturn ? (
        returning ? (
          <Stack gap="xs">
            <Textarea
              label="Why is it returned?"
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
              autosize
              minRows={2}
              data-testid="return-reason"
            />
            <Group>
              <Button
                color="orange"
                leftSection={<IconArrowBackUp size={16} />}
                disabled={!reason.trim()}
                loading={move.isPending}
                onClick={() => move.mutate({ move: "return", reason: reason.trim() })}
                data-testid="confirm-return"
              >
                Return to the organization
              </Button>
              <Button variant="subtle" onClick={() => setReturning(false)}>
                Cancel
              </Button>
            </Group>
          </Stack>
        ) : (
          <Group>
            {p.canAccept ? (
              <Button
                color="teal"
                leftSection={<IconCheck size={16} />}
                onClick={() => move.mutate({ move: "accept" })}
                loading={move.isPending}
                data-testid="accept-request"
              >
                Accept
              </Button>
            ) : null}
            {p.canReturn ? (
              <Button
                variant="default"
                color="orange"
                leftSection={<IconArrowBackUp size={16} />}
                onClick={() => setReturning(true)}
                data-testid="return-request"
              >
                Return…
              </Button>
            ) : null}
          </Group>
        )
      ) : null}
    </Stack>
  );
}

function ImportResultAlert({
  result,
  error,
  onClose,
}: {
  result: RequestImportResult | null;
  error: unknown;
  onClose: () => void;
}) {
  if (result) {
    return (
      <Alert
        color="teal"
        variant="light"
        withCloseButton
        onClose={onClose}
        title="Request list imported"
        data-testid="import-result"
      >
        {plural(result.created.length, "request")} created, {result.updated.length} updated,{" "}
        {result.unchanged} unchanged
        {result.created.length > 0 ? ` (${result.created.map((c) => c.ref).join(", ")})` : ""}.
        {result.warnings.length > 0 ? (
          <Text size="xs" mt={4}>
            {result.warnings.map((w) => (typeof w === "string" ? w : JSON.stringify(w))).join(" ")}
          </Text>
        ) : null}
      </Alert>
    );
  }
  if (!error) return null;
  const details = error instanceof ApiError ? (error.details as { errors?: unknown } | undefined) : undefined;
  const rows = Array.isArray(details?.errors)
    ? (details.errors as { row?: unknown; column?: unknown; message?: unknown }[]).filter(
        (e) => e && typeof e === "object" && "row" in e,
      )
    : [];
  return (
    <Alert
      color="red"
      variant="light"
      withCloseButton
      onClose={onClose}
      title="Nothing was imported"
      data-testid="import-errors"
    >
      {rows.length === 0 ? (
        <Text size="sm">{errorMessage(error)}</Text>
      ) : (
        <>
          <Text size="sm" mb="xs">
            Fix {plural(rows.length, "problem")} in the file and import it again; no row was changed.
          </Text>
          <Table fz="xs" withTableBorder bg="white">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={60}>Row</Table.Th>
                <Table.Th w={140}>Column</Table.Th>
                <Table.Th>Problem</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.slice(0, 50).map((e) => (
                <Table.Tr
                  key={`${String(e.row)}:${String(e.column)}:${String(e.message)}`}
                  data-testid="import-error-row"
                >
                  <Table.Td>{String(e.row)}</Table.Td>
                  <Table.Td>{String(e.column ?? "")}</Table.Td>
                  <Table.Td>{String(e.message ?? "")}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </>
      )}
    </Alert>
  );
}

export function RequestsPanel({ engagementId, orgId }: { engagementId: string; orgId: string }) {
  const queryClient = useQueryClient();
  const access = useOrgAccess(orgId);
  const query = useRequests(engagementId);
  const org = useOrganization(orgId);
  const [params, setParams] = useSearchParams();
  const openId = params.get("open");
  const setOpen = (id: string | null) => {
    const p = new URLSearchParams(params);
    if (id) p.set("open", id);
    else p.delete("open");
    setParams(p, { replace: true });
  };
  const [status, setStatus] = useState("all");
  const [assignee, setAssignee] = useState<string | null>(null);
  const [search, setSearch] = useState("");
  const [creating, setCreating] = useState(false);
  const [importResult, setImportResult] = useState<RequestImportResult | null>(null);
  const importList = useMutation({
    mutationFn: (file: File) => {
      const type = file.name.toLowerCase().endsWith(".xlsx")
        ? XLSX
        : file.name.toLowerCase().endsWith(".csv")
          ? "text/csv"
          : file.type;
      return api.postFile<RequestImportResult>(
        `/api/engagements/${seg(engagementId)}/requests/import`,
        file,
        type || "application/octet-stream",
      );
    },
    meta: { quiet: true },
    onMutate: () => setImportResult(null),
    onSuccess: (res) => {
      setImportResult(res);
      void queryClient.invalidateQueries({ queryKey: keys.requests(engagementId) });
    },
  });

  const list = query.data?.requests ?? [];
  const counts = useMemo(() => {
    const c: Record<string, number> = { all: list.length, open: 0, submitted: 0, returned: 0, accepted: 0 };
    for (const r of list) c[r.status] = (c[r.status] ?? 0) + 1;
    return c;
  }, [list]);
  const q = search.trim().toLowerCase();
  const filtered = list.filter(
    (r) =>
      (status === "all" || r.status === status) &&
      (!assignee ||
        (assignee === "me"
          ? r.assignee?.id === access.userId
          : assignee === "none"
            ? !r.assignee
            : r.assignee?.id === assignee)) &&
      (!q ||
        r.ref.toLowerCase().includes(q) ||
        r.what.toLowerCase().includes(q) ||
        (r.control?.code ?? "").toLowerCase().includes(q)),
  );
  const canCreate = query.data?.permissions.canCreate ?? false;
  const canImport = query.data?.permissions.canImport ?? false;
  const exportHref = (format: string) =>
    `/api/engagements/${encodeURIComponent(engagementId)}/requests/export?format=${format}`;
  const late = list.filter(isLate).length;

  return (
    <Stack gap="md" data-testid="requests">
      <Group justify="space-between" wrap="wrap" gap="sm">
        <SegmentedControl
          value={status}
          onChange={setStatus}
          data={["all", "open", "submitted", "returned", "accepted"].map((s) => ({
            value: s,
            label: `${s === "all" ? "All" : REQUEST_STATUS_LABELS[s]} (${counts[s] ?? 0})`,
          }))}
          data-testid="request-status-filter"
        />
        <Group gap="xs">
          <Menu position="bottom-end" shadow="md">
            <Menu.Target>
              <Button
                variant="default"
                leftSection={<IconDownload size={16} />}
                data-testid="export-requests"
              >
                Export
              </Button>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Item component="a" href={exportHref("xlsx")} download data-testid="export-xlsx">
                Excel workbook (.xlsx)
              </Menu.Item>
              <Menu.Item component="a" href={exportHref("csv")} download data-testid="export-csv">
                CSV (.csv)
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
          {canImport ? (
            <FileButton
              onChange={(f) => f && importList.mutate(f)}
              accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            >
              {(props) => (
                <Button
                  {...props}
                  variant="default"
                  leftSection={<IconFileImport size={16} />}
                  loading={importList.isPending}
                  data-testid="import-requests"
                >
                  Import
                </Button>
              )}
            </FileButton>
          ) : null}
          {canCreate ? (
            <Button
              leftSection={<IconPlus size={16} />}
              onClick={() => setCreating(true)}
              data-testid="new-request"
            >
              New request
            </Button>
          ) : null}
        </Group>
      </Group>
      <ImportResultAlert
        result={importResult}
        error={importList.error}
        onClose={() => {
          setImportResult(null);
          importList.reset();
        }}
      />
      <Card padding="md">
        <Group gap="sm" mb="md" wrap="wrap" display={list.length === 0 ? "none" : undefined}>
          <TextInput
            placeholder="Search ref, request or control"
            leftSection={<IconSearch size={16} />}
            value={search}
            onChange={(e) => setSearch(e.currentTarget.value)}
            w={260}
            aria-label="Search requests"
          />
          <Select
            placeholder="Anyone"
            data={[
              ...(access.contributor ? [{ value: "me", label: "Assigned to me" }] : []),
              { value: "none", label: "Unassigned" },
              ...answerers(org.data?.members ?? []),
            ]}
            value={assignee}
            onChange={setAssignee}
            clearable
            w={200}
            aria-label="Assignee"
            data-testid="filter-assignee"
          />
          <Text size="sm" c={late > 0 ? "red.7" : "dimmed"} ml="auto">
            {late > 0 ? `${plural(late, "request")} past due · ` : ""}
            {filtered.length === list.length
              ? plural(list.length, "request")
              : `${filtered.length} of ${list.length}`}
          </Text>
        </Group>
        {query.isPending ? (
          <TableSkeleton rows={6} />
        ) : query.isError ? (
          <ErrorState error={query.error} onRetry={() => void query.refetch()} />
        ) : list.length === 0 ? (
          <EmptyState
            title="No evidence requests yet"
            testId="requests-empty"
            action={
              canCreate ? (
                <Button size="xs" variant="default" onClick={() => setCreating(true)}>
                  Create the first request
                </Button>
              ) : undefined
            }
          >
            {canCreate
              ? "Ask for evidence request by request, or import the whole request list from a CSV or Excel file."
              : "Your auditor has not requested evidence yet. Requests appear here with their due dates."}
          </EmptyState>
        ) : (
          <Box style={{ overflowX: "auto" }}>
            <Table miw={1000} data-testid="requests-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={90}>Ref</Table.Th>
                  <Table.Th w={90}>Control</Table.Th>
                  <Table.Th>Request</Table.Th>
                  <Table.Th>Period</Table.Th>
                  <Table.Th>Due</Table.Th>
                  <Table.Th>Assignee</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th ta="right" w={80} />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {filtered.map((r) => {
                  const overdue = isLate(r);
                  return (
                    <Table.Tr
                      key={r.id}
                      data-testid="request-row"
                      data-ref={r.ref}
                      data-status={r.status}
                      onClick={() => setOpen(r.id)}
                      style={{ cursor: "pointer" }}
                      bg={openId === r.id ? "var(--mantine-color-brand-0)" : undefined}
                    >
                      <Table.Td>
                        <Text ff="monospace" size="sm" fw={600}>
                          {r.ref}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Text ff="monospace" size="sm">
                          {r.control?.code ?? "—"}
                        </Text>
                      </Table.Td>
                      <Table.Td maw={380}>
                        <Text size="sm" lineClamp={2}>
                          {r.what}
                        </Text>
                        {r.lastComment ? (
                          <Text size="xs" c="dimmed" lineClamp={1}>
                            “{r.lastComment}”
                          </Text>
                        ) : null}
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{formatRange(r.periodStart, r.periodEnd)}</Text>
                      </Table.Td>
                      <Table.Td>
                        <Text
                          size="sm"
                          c={overdue ? "red.7" : undefined}
                          fw={overdue ? 600 : undefined}
                          className="fw-tabular"
                        >
                          {formatDate(r.dueDate)}
                        </Text>
                      </Table.Td>
                      <Table.Td style={{ whiteSpace: "nowrap" }}>
                        <Text size="sm" c={r.assignee ? undefined : "dimmed"}>
                          {r.assignee?.name ?? "Unassigned"}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <RequestStatusBadge status={r.status} />
                      </Table.Td>
                      <Table.Td ta="right">
                        <Group gap={8} justify="flex-end" wrap="nowrap">
                          <Group gap={2} c={r.evidenceCount ? undefined : "dimmed"}>
                            <IconPaperclip size={14} />
                            <Text size="xs">{r.evidenceCount}</Text>
                          </Group>
                          <Group gap={2} c={r.commentCount ? undefined : "dimmed"}>
                            <IconMessage size={14} />
                            <Text size="xs">{r.commentCount}</Text>
                          </Group>
                        </Group>
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Box>
        )}
      </Card>
      <Drawer
        opened={!!openId}
        onClose={() => setOpen(null)}
        position="right"
        size="lg"
        title={<Title order={3}>Evidence request</Title>}
      >
        {openId ? <RequestDrawerBody id={openId} engagementId={engagementId} orgId={orgId} /> : null}
      </Drawer>
      {canCreate ? (
        <NewRequestModal
          engagementId={engagementId}
          orgId={orgId}
          opened={creating}
          onClose={() => setCreating(false)}
        />
      ) : null}
    </Stack>
  );
}
