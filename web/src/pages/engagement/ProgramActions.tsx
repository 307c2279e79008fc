/** Program actions beside the lines: the client request list from the approved program, new versions, adding a line. */
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Modal,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from "@mantine/core";
import { IconChecklist, IconListCheck, IconPlus } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router-dom";
import { api, errorMessage, seg } from "../../api";
import { fwKeys } from "../../fieldwork-queries";
import type { AuditProgramPage, RequestListResult } from "../../fieldwork-types";
import { plural, REQUEST_STATUS_LABELS } from "../../format";
import { notifySuccess } from "../../notify";
import { keys, useRequests } from "../../queries";

export function RequestListCard({
  engagementId,
  canGenerate,
}: {
  engagementId: string;
  canGenerate: boolean;
}) {
  const queryClient = useQueryClient();
  const requests = useRequests(engagementId);
  const [dueDate, setDueDate] = useState("");
  const generate = useMutation({
    mutationFn: () =>
      api.post<RequestListResult>(
        `/api/engagements/${seg(engagementId)}/audit-program/request-list`,
        dueDate ? { dueDate } : {},
      ),
    meta: { errorTitle: "Request list not generated" },
    onSuccess: (res) => {
      notifySuccess(
        res.created > 0
          ? `${plural(res.created, "request")} created for the client.`
          : "Every request already exists; nothing new was created.",
        "Request list",
      );
      void queryClient.invalidateQueries({ queryKey: keys.requests(engagementId) });
    },
  });
  const list = requests.data?.requests ?? [];
  const counts = new Map<string, number>();
  for (const r of list) counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
  return (
    <Card padding="md" data-testid="program-request-list">
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
        <Stack gap={4}>
          <Group gap="xs">
            <IconChecklist size={18} />
            <Title order={4}>Client request list</Title>
          </Group>
          <Text size="sm" c="dimmed" maw={620}>
            One population request per sampled control and the evidence each control needs, assigned to the
            control's owner. Generating again creates only what is missing.
          </Text>
          <Group gap="xs" mt={4} data-testid="request-status-counts" data-total={list.length}>
            {list.length === 0 ? (
              <Text size="sm" c="dimmed">
                No requests yet.
              </Text>
            ) : (
              ["open", "submitted", "returned", "accepted"].map((s) => (
                <Badge key={s} variant="light" color="gray" data-status={s}>
                  {REQUEST_STATUS_LABELS[s] ?? s}: {counts.get(s) ?? 0}
                </Badge>
              ))
            )}
            {list.length > 0 ? (
              <Anchor component={Link} to="?tab=requests" size="sm" data-testid="open-requests">
                Open the requests
              </Anchor>
            ) : null}
          </Group>
        </Stack>
        {canGenerate ? (
          <Group gap="xs" align="flex-end">
            <TextInput
              type="date"
              label="Due date"
              description="Optional; else the default rule"
              value={dueDate}
              onChange={(e) => setDueDate(e.currentTarget.value)}
              w={170}
            />
            <Button
              leftSection={<IconListCheck size={16} />}
              onClick={() => generate.mutate()}
              loading={generate.isPending}
              data-testid="generate-request-list"
            >
              Generate request list
            </Button>
          </Group>
        ) : null}
      </Group>
    </Card>
  );
}

export function NewVersionModal({ engagementId, onClose }: { engagementId: string; onClose: () => void }) {
  const queryClient = useQueryClient();
  const [reason, setReason] = useState("");
  const create = useMutation({
    mutationFn: () =>
      api.post(`/api/engagements/${seg(engagementId)}/audit-program/versions`, { reason: reason.trim() }),
    meta: { quiet: true },
    onSuccess: () => {
      notifySuccess("A draft of the next version was created from the approved one.", "New version");
      void queryClient.invalidateQueries({ queryKey: fwKeys.program(engagementId) });
      onClose();
    },
  });
  return (
    <Modal opened onClose={onClose} title="New program version">
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          The approved version stays frozen and current until the new one is approved. Say why the program
          changes; the reason is kept in the version history.
        </Text>
        <Textarea
          label="Reason"
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          autosize
          minRows={3}
          required
          data-testid="new-version-reason"
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
            disabled={!reason.trim()}
            loading={create.isPending}
            data-testid="new-version-submit"
          >
            Create draft
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

export function AddLine({ engagementId, data }: { engagementId: string; data: AuditProgramPage }) {
  const queryClient = useQueryClient();
  const [controlId, setControlId] = useState<string | null>(null);
  const add = useMutation({
    mutationFn: () => api.post(`/api/engagements/${seg(engagementId)}/audit-program/lines`, { controlId }),
    meta: { errorTitle: "Line not added" },
    onSuccess: () => {
      setControlId(null);
      void queryClient.invalidateQueries({ queryKey: fwKeys.program(engagementId) });
    },
  });
  const options = (data.availableControls ?? []).map((c) => ({
    value: c.id,
    label: `${c.code} · ${c.title} (${c.criteria.join(", ")})`,
  }));
  if (options.length === 0) return null;
  return (
    <Group gap="xs">
      <Select
        placeholder="Add a control to the program"
        data={options}
        value={controlId}
        onChange={setControlId}
        searchable
        w={380}
        comboboxProps={{ withinPortal: true }}
        aria-label="Control to add"
      />
      <Button
        variant="default"
        leftSection={<IconPlus size={16} />}
        disabled={!controlId}
        onClick={() => add.mutate()}
        loading={add.isPending}
      >
        Add line
      </Button>
    </Group>
  );
}
