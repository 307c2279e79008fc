/**
 * The working parts of an incident's page: the response timeline, the post-incident review with its
 * actions (tasks with owners and due dates), the disclosure in the system description (DC4) and
 * the history of every change.
 */
import {
  Alert,
  Badge,
  Button,
  Group,
  Select,
  Stack,
  Switch,
  Table,
  Text,
  Textarea,
  TextInput,
  Timeline,
} from "@mantine/core";
import { useState } from "react";
import { api, errorMessage, seg } from "../../api";
import { EmptyState } from "../../components/States";
import { formatDate, formatDateTime } from "../../format";
import { notifySuccess } from "../../notify";
import {
  capitalise,
  fromLocalInput,
  type IncidentDetail,
  PHASES,
  toLocalInput,
  useIncidentMutation,
} from "./incident-api";

type Detail = IncidentDetail;

export function ResponseTimeline({ detail }: { detail: Detail }) {
  const i = detail.incident;
  const [at, setAt] = useState(toLocalInput(new Date().toISOString()));
  const [phase, setPhase] = useState<string>("triage");
  const [note, setNote] = useState("");
  const add = useIncidentMutation(() =>
    api.post(`/api/incidents/${seg(i.id)}/timeline`, { at: fromLocalInput(at), phase, note }),
  );
  return (
    <Stack gap="md" data-testid="incident-timeline">
      {i.timeline.length === 0 ? (
        <EmptyState title="No timeline entries yet">
          Record detection, triage, containment, eradication, recovery and communication as they happen.
        </EmptyState>
      ) : (
        <Timeline bulletSize={14} lineWidth={2}>
          {i.timeline.map((t) => (
            <Timeline.Item
              key={t.id}
              title={`${capitalise(t.phase)} · ${formatDateTime(t.at)}`}
              data-testid="timeline-entry"
            >
              <Text size="sm">{t.note}</Text>
              <Text size="xs" c="dimmed">
                {t.author?.name ?? ""}
              </Text>
            </Timeline.Item>
          ))}
        </Timeline>
      )}
      {detail.permissions.canEdit ? (
        <Group align="flex-end" gap="xs">
          <TextInput
            type="datetime-local"
            label="When"
            value={at}
            onChange={(e) => setAt(e.currentTarget.value)}
            w={210}
          />
          <Select
            label="Phase"
            data={PHASES.map((p) => ({ value: p, label: capitalise(p) }))}
            value={phase}
            onChange={(v) => v && setPhase(v)}
            allowDeselect={false}
            w={170}
          />
          <TextInput
            label="What happened"
            value={note}
            onChange={(e) => setNote(e.currentTarget.value)}
            style={{ flex: 1 }}
            data-testid="timeline-note"
          />
          <Button
            disabled={!note.trim()}
            loading={add.isPending}
            onClick={() => add.mutate(undefined, { onSuccess: () => setNote("") })}
            data-testid="timeline-add"
          >
            Add
          </Button>
        </Group>
      ) : null}
      {add.isError ? <Alert color="red">{errorMessage(add.error)}</Alert> : null}
    </Stack>
  );
}

function ActionRow({ detail, action }: { detail: Detail; action: Detail["incident"]["actions"][number] }) {
  const [accepting, setAccepting] = useState(false);
  const [note, setNote] = useState("");
  const update = useIncidentMutation((body: Record<string, unknown>) =>
    api.patch(`/api/incidents/${seg(detail.incident.id)}/actions/${seg(action.id)}`, body),
  );
  const color = action.status === "done" ? "teal" : action.status === "accepted" ? "blue" : "orange";
  return (
    <Table.Tr data-testid="incident-action" data-status={action.status}>
      <Table.Td>
        <Text size="sm">{action.title}</Text>
        {action.note ? (
          <Text size="xs" c="dimmed">
            {action.note}
          </Text>
        ) : null}
        {update.isError ? (
          <Text size="xs" c="red">
            {errorMessage(update.error)}
          </Text>
        ) : null}
      </Table.Td>
      <Table.Td>{action.owner?.name ?? "—"}</Table.Td>
      <Table.Td>{formatDate(action.dueDate)}</Table.Td>
      <Table.Td>
        <Badge color={color} variant="light">
          {action.status}
        </Badge>
      </Table.Td>
      <Table.Td>
        {detail.permissions.canEdit && action.status === "open" ? (
          accepting ? (
            <Group gap={4} wrap="nowrap">
              <TextInput
                size="xs"
                placeholder="Why is the risk accepted?"
                value={note}
                onChange={(e) => setNote(e.currentTarget.value)}
                w={220}
              />
              <Button
                size="xs"
                disabled={!note.trim()}
                onClick={() => update.mutate({ status: "accepted", note })}
              >
                Accept
              </Button>
            </Group>
          ) : (
            <Group gap={4} wrap="nowrap">
              <Button
                size="xs"
                variant="light"
                color="teal"
                loading={update.isPending}
                onClick={() => update.mutate({ status: "done" })}
                data-testid="action-done"
              >
                Done
              </Button>
              <Button size="xs" variant="subtle" onClick={() => setAccepting(true)}>
                Accept…
              </Button>
            </Group>
          )
        ) : null}
      </Table.Td>
    </Table.Tr>
  );
}

export function ReviewAndActions({ detail }: { detail: Detail }) {
  const i = detail.incident;
  const canEdit = detail.permissions.canEdit;
  const [rootCause, setRootCause] = useState(i.rootCause);
  const [lessons, setLessons] = useState(i.lessons);
  const [title, setTitle] = useState("");
  const [owner, setOwner] = useState<string | null>(null);
  const [due, setDue] = useState("");
  const review = useIncidentMutation(() =>
    api.put(`/api/incidents/${seg(i.id)}/review`, { rootCause, lessons }),
  );
  const add = useIncidentMutation(() =>
    api.post(`/api/incidents/${seg(i.id)}/actions`, { title, ownerUserId: owner, dueDate: due || null }),
  );
  return (
    <Stack gap="md" data-testid="incident-review">
      <Textarea
        label="Root cause"
        autosize
        minRows={2}
        value={rootCause}
        readOnly={!canEdit}
        onChange={(e) => setRootCause(e.currentTarget.value)}
      />
      <Textarea
        label="Lessons learned"
        autosize
        minRows={2}
        value={lessons}
        readOnly={!canEdit}
        onChange={(e) => setLessons(e.currentTarget.value)}
      />
      <Group justify="space-between">
        <Text size="xs" c="dimmed">
          {i.reviewCompletedAt
            ? `Review recorded ${formatDateTime(i.reviewCompletedAt)}`
            : "The review is not recorded yet."}
        </Text>
        {canEdit ? (
          <Button
            size="xs"
            disabled={!rootCause.trim() || !lessons.trim()}
            loading={review.isPending}
            onClick={() =>
              review.mutate(undefined, { onSuccess: () => notifySuccess("Post-incident review recorded.") })
            }
          >
            Record review
          </Button>
        ) : null}
      </Group>
      {review.isError ? <Alert color="red">{errorMessage(review.error)}</Alert> : null}
      <Text fw={600}>Actions</Text>
      {i.actions.length === 0 ? (
        <Text size="sm" c="dimmed">
          No actions yet.
        </Text>
      ) : (
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Action</Table.Th>
              <Table.Th>Owner</Table.Th>
              <Table.Th>Due</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {i.actions.map((a) => (
              <ActionRow key={a.id} detail={detail} action={a} />
            ))}
          </Table.Tbody>
        </Table>
      )}
      {canEdit ? (
        <Group align="flex-end" gap="xs">
          <TextInput
            label="New action"
            value={title}
            onChange={(e) => setTitle(e.currentTarget.value)}
            style={{ flex: 1 }}
            data-testid="action-title"
          />
          <Select
            label="Owner"
            data={detail.people.map((p) => ({ value: p.id, label: p.name }))}
            value={owner}
            onChange={setOwner}
            w={200}
            data-testid="action-owner"
          />
          <TextInput
            type="date"
            label="Due"
            value={due}
            onChange={(e) => setDue(e.currentTarget.value)}
            w={160}
          />
          <Button
            disabled={!title.trim() || !owner}
            loading={add.isPending}
            onClick={() => add.mutate(undefined, { onSuccess: () => setTitle("") })}
            data-testid="action-add"
          >
            Add action
          </Button>
        </Group>
      ) : null}
      {add.isError ? <Alert color="red">{errorMessage(add.error)}</Alert> : null}
    </Stack>
  );
}

export function Disclosure({ detail }: { detail: Detail }) {
  const i = detail.incident;
  const canEdit = detail.permissions.canEditDisclosure;
  const [disclose, setDisclose] = useState(i.disclose);
  const [d, setD] = useState(i.disclosure);
  const save = useIncidentMutation(() =>
    api.patch(`/api/incidents/${seg(i.id)}`, { disclose, disclosure: d }),
  );
  return (
    <Stack gap="sm" data-testid="incident-disclosure">
      <Text size="sm" c="dimmed">
        Disclose an incident in the system description (DC4) when it resulted from controls that did not work
        as designed, or otherwise caused a significant failure to meet commitments. Flagged incidents appear
        in DC4 of the engagement whose period includes the awareness date.
      </Text>
      <Switch
        label="Disclose in the system description"
        checked={disclose}
        disabled={!canEdit}
        onChange={(e) => setDisclose(e.currentTarget.checked)}
        data-testid="disclose-switch"
      />
      {disclose ? (
        <>
          <Textarea
            label="Nature"
            autosize
            minRows={2}
            value={d.nature}
            readOnly={!canEdit}
            onChange={(e) => setD({ ...d, nature: e.currentTarget.value })}
          />
          <Textarea
            label="Extent or effect"
            autosize
            minRows={2}
            value={d.extent}
            readOnly={!canEdit}
            onChange={(e) => setD({ ...d, extent: e.currentTarget.value })}
          />
          <Textarea
            label="How it was resolved"
            autosize
            minRows={2}
            value={d.resolution}
            readOnly={!canEdit}
            onChange={(e) => setD({ ...d, resolution: e.currentTarget.value })}
          />
        </>
      ) : null}
      {save.isError ? <Alert color="red">{errorMessage(save.error)}</Alert> : null}
      {canEdit ? (
        <Group justify="flex-end">
          <Button
            size="xs"
            loading={save.isPending}
            onClick={() => save.mutate(undefined, { onSuccess: () => notifySuccess("Disclosure saved.") })}
          >
            Save disclosure
          </Button>
        </Group>
      ) : null}
    </Stack>
  );
}
