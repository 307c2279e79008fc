/**
 * An incident's notification clocks (CERT-In, DPDP, GDPR), counted from awareness, with a live
 * countdown; overdue clocks are red, "without delay" shows as due now. Writers record a notification
 * sent (when, to whom, reference) per clock.
 */
import { Alert, Badge, Button, Card, Group, Modal, SimpleGrid, Stack, Text, TextInput } from "@mantine/core";
import { IconAlarm, IconCheck, IconSend } from "@tabler/icons-react";
import { useEffect, useState } from "react";
import { api, errorMessage, seg } from "../../api";
import { EmptyState } from "../../components/States";
import { formatDateTime } from "../../format";
import { notifySuccess } from "../../notify";
import {
  formatDuration,
  fromLocalInput,
  type Incident,
  liveStatus,
  type NotificationClock,
  toLocalInput,
  useIncidentMutation,
} from "./incident-api";

const COLORS = { pending: "blue", due_now: "orange", overdue: "red", done: "teal" } as const;

/** The current time, refreshed every 30 seconds so countdowns move while the page is open. */
export const useNow = (intervalMs = 30_000): number => {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
};

export function clockCountdown(c: NotificationClock, now: number): string {
  const status = liveStatus(c, now);
  if (status === "done") return `Sent ${formatDateTime(c.sentAt)}${c.late ? " (after the deadline)" : ""}`;
  if (status === "due_now") return "Due now: without delay";
  const left = Date.parse(c.dueAt) - now;
  return status === "overdue" ? `Overdue by ${formatDuration(left)}` : `${formatDuration(left)} left`;
}

function RecordNotification({
  incident,
  clock,
  onClose,
}: {
  incident: Incident;
  clock: NotificationClock;
  onClose: () => void;
}) {
  const [sentAt, setSentAt] = useState(toLocalInput(new Date().toISOString()));
  const [recipient, setRecipient] = useState(clock.recipient);
  const [reference, setReference] = useState("");
  const save = useIncidentMutation(() =>
    api.post(`/api/incidents/${seg(incident.id)}/notifications`, {
      clock: clock.id,
      sentAt: fromLocalInput(sentAt),
      recipient,
      reference,
    }),
  );
  return (
    <Modal opened onClose={onClose} title={`Record notification: ${clock.regime}`} size="md">
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          {clock.rule}
        </Text>
        <TextInput
          type="datetime-local"
          label="Sent at"
          value={sentAt}
          onChange={(e) => setSentAt(e.currentTarget.value)}
          data-testid="notification-sent-at"
        />
        <TextInput label="To" value={recipient} onChange={(e) => setRecipient(e.currentTarget.value)} />
        <TextInput
          label="Reference"
          description="Acknowledgement number, ticket or message id"
          value={reference}
          onChange={(e) => setReference(e.currentTarget.value)}
          data-testid="notification-reference"
        />
        {save.isError ? <Alert color="red">{errorMessage(save.error)}</Alert> : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button
            loading={save.isPending}
            disabled={!reference.trim()}
            onClick={() =>
              save.mutate(undefined, {
                onSuccess: () => {
                  notifySuccess(`${clock.regime} notification recorded.`);
                  onClose();
                },
              })
            }
            data-testid="notification-save"
          >
            Record
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

export function IncidentClocks({ incident, canEdit }: { incident: Incident; canEdit: boolean }) {
  const now = useNow();
  const [recording, setRecording] = useState<NotificationClock | null>(null);
  if (incident.clocks.length === 0) {
    return (
      <Stack gap="xs">
        <EmptyState icon={<IconAlarm size={22} />} title="No notification clocks apply" testId="clocks-empty">
          No CERT-In report is marked as needed and no personal data breach is recorded.
        </EmptyState>
        {incident.clockNotes.map((n) => (
          <Text key={n} size="sm" c="dimmed" data-testid="clock-note">
            {n}
          </Text>
        ))}
      </Stack>
    );
  }
  return (
    <Stack gap="sm" data-testid="incident-clocks">
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="sm">
        {incident.clocks.map((c) => {
          const status = liveStatus(c, now);
          return (
            <Card
              key={c.id}
              padding="sm"
              withBorder
              data-testid={`clock-${c.id}`}
              data-status={status}
              style={status === "overdue" ? { borderColor: "var(--mantine-color-red-6)" } : undefined}
            >
              <Group justify="space-between" mb={4}>
                <Badge color={COLORS[status]} variant={status === "overdue" ? "filled" : "light"}>
                  {c.regime}
                </Badge>
                <Text size="xs" c="dimmed">
                  {c.withoutDelay ? "without delay" : `${c.hours} h from awareness`}
                </Text>
              </Group>
              <Text fw={600} size="sm">
                {c.recipient}
              </Text>
              <Text size="sm" data-testid="clock-due">
                {c.withoutDelay
                  ? `Due from awareness, ${formatDateTime(c.dueAt)}`
                  : `Due ${formatDateTime(c.dueAt)}`}
              </Text>
              <Text
                size="lg"
                fw={700}
                c={
                  status === "overdue"
                    ? "red"
                    : status === "done"
                      ? "teal"
                      : status === "due_now"
                        ? "orange"
                        : undefined
                }
                data-testid="clock-countdown"
              >
                {clockCountdown(c, now)}
              </Text>
              {c.reference ? (
                <Text size="xs" c="dimmed">
                  Ref. {c.reference}
                </Text>
              ) : null}
              {!c.applies ? (
                <Text size="xs" c="dimmed">
                  No longer required by the recorded facts.
                </Text>
              ) : null}
              {canEdit && status !== "done" ? (
                <Button
                  mt="xs"
                  size="xs"
                  variant="light"
                  leftSection={<IconSend size={14} />}
                  onClick={() => setRecording(c)}
                  data-testid={`record-${c.id}`}
                >
                  Record notification
                </Button>
              ) : status === "done" ? (
                <Group gap={4} mt="xs">
                  <IconCheck size={14} color="var(--mantine-color-teal-6)" />
                  <Text size="xs">Done</Text>
                </Group>
              ) : null}
            </Card>
          );
        })}
      </SimpleGrid>
      {incident.clockNotes.map((n) => (
        <Text key={n} size="sm" c="dimmed" data-testid="clock-note">
          {n}
        </Text>
      ))}
      {recording ? (
        <RecordNotification incident={incident} clock={recording} onClose={() => setRecording(null)} />
      ) : null}
    </Stack>
  );
}
