import {
  Alert,
  Badge,
  Button,
  Card,
  Group,
  List,
  Modal,
  Stack,
  Text,
  Textarea,
  ThemeIcon,
  Title,
} from "@mantine/core";
import {
  IconAlertTriangle,
  IconArrowBackUp,
  IconArrowRight,
  IconCircleCheck,
  IconFileCertificate,
  IconFlag,
  IconSignature,
} from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type ReactNode, useState } from "react";
import { api, errorMessage, guardFailures, seg } from "../../api";
import { roleLabel, stageLabel } from "../../format";
import { notifySuccess } from "../../notify";
import { keys } from "../../queries";
import { useTenant } from "../../session";
import type { EngagementPage, GuardFailure } from "../../types";

const TAB_FOR_GUARD: Record<string, { tab: string; label: string }> = {
  "period-valid": { tab: "scope", label: "Open Scope" },
  "security-included": { tab: "scope", label: "Open Scope" },
  "service-in-scope": { tab: "scope", label: "Open Scope" },
  "quote-approved": { tab: "quote", label: "Open Quote" },
  "engagement-letter-signed": { tab: "documents", label: "Open Documents" },
  "audit-program-approved": { tab: "program", label: "Open Program" },
  "system-description-complete": { tab: "description", label: "Open Description" },
  "controls-design-assessed": { tab: "workpapers", label: "Open Workpapers" },
  "controls-concluded": { tab: "workpapers", label: "Open Workpapers" },
  "workpapers-reviewed": { tab: "workpapers", label: "Open Workpapers" },
  "exceptions-evaluated": { tab: "exceptions", label: "Open Exceptions" },
  "exceptions-answered": { tab: "exceptions", label: "Open Exceptions" },
  "draft-shared": { tab: "report", label: "Open Report" },
  "draft-comments-resolved": { tab: "report", label: "Open Report" },
  "representation-letter-signed": { tab: "documents", label: "Open Documents" },
};

function Blockers({
  blockers,
  onGoTab,
  actions,
}: {
  blockers: readonly GuardFailure[];
  onGoTab: (tab: string) => void;
  actions: (guard: string) => ReactNode;
}) {
  if (blockers.length === 0) {
    return (
      <Group gap="xs" data-testid="no-blockers">
        <IconCircleCheck size={18} color="var(--mantine-color-teal-6)" />
        <Text size="sm">Nothing is blocking this move.</Text>
      </Group>
    );
  }
  return (
    <Stack gap={6} data-testid="blockers">
      <Text size="sm" fw={600}>
        Still to do ({blockers.length})
      </Text>
      {blockers.map((b) => {
        const link = TAB_FOR_GUARD[b.guard];
        return (
          <Group
            key={b.guard}
            justify="space-between"
            wrap="nowrap"
            align="flex-start"
            gap="sm"
            p="xs"
            style={{
              border: "1px solid var(--mantine-color-gray-3)",
              borderRadius: "var(--mantine-radius-sm)",
            }}
            data-testid="blocker"
            data-guard={b.guard}
          >
            <Group gap="xs" wrap="nowrap" align="flex-start">
              <ThemeIcon size={20} radius="xl" variant="light" color="orange" mt={1}>
                <IconFlag size={12} />
              </ThemeIcon>
              <Text size="sm">{b.message}</Text>
            </Group>
            <Group gap={6} wrap="nowrap">
              {actions(b.guard)}
              {link ? (
                <Button size="compact-xs" variant="subtle" onClick={() => onGoTab(link.tab)}>
                  {link.label}
                </Button>
              ) : null}
            </Group>
          </Group>
        );
      })}
    </Stack>
  );
}

/** What moves the engagement forward, what blocks it, and the move itself (or its refusal). */
export function NextStepCard({ page, onGoTab }: { page: EngagementPage; onGoTab: (tab: string) => void }) {
  const { engagement, nextStep, stages } = page;
  const queryClient = useQueryClient();
  const { isPartner, isFirm } = useTenant();
  const [backOpen, setBackOpen] = useState(false);
  const [reason, setReason] = useState("");
  const invalidate = () => {
    void queryClient.invalidateQueries({ queryKey: keys.engagement(engagement.id) });
    void queryClient.invalidateQueries({ queryKey: ["dashboard"] });
  };

  const move = useMutation({
    mutationFn: (body: { to: string; reason?: string }) =>
      api.post(`/api/engagements/${seg(engagement.id)}/stage`, body),
    // The refusal is shown in place, with every reason; a toast would repeat its first line.
    meta: { quiet: true },
    onSuccess: (_res, body) => {
      notifySuccess(`The engagement is now at ${stageLabel(body.to)}.`, "Stage changed");
      setBackOpen(false);
      setReason("");
      invalidate();
    },
  });
  const letter = useMutation({
    mutationFn: () => api.post(`/api/engagements/${seg(engagement.id)}/engagement-letter`),
    meta: { errorTitle: "Engagement letter not recorded" },
    onSuccess: () => {
      notifySuccess("The signed engagement letter is recorded.", "Engagement letter");
      invalidate();
    },
  });

  const next = nextStep.next;
  const current = stages.find((s) => s.status === "current");
  const currentIndex = stages.findIndex((s) => s.status === "current");
  const previous = [...stages.slice(0, Math.max(currentIndex, 0))]
    .reverse()
    .find((s) => s.status !== "skipped");
  const failures = guardFailures(move.error);
  const refused = move.isError && move.variables?.to === next;
  const backRefused = move.isError && move.variables?.to !== next;

  const blockerActions = (guard: string) =>
    guard === "engagement-letter-signed" && isPartner ? (
      <Button
        size="compact-xs"
        variant="light"
        leftSection={<IconSignature size={12} />}
        loading={letter.isPending}
        onClick={() => letter.mutate()}
        data-testid="record-engagement-letter"
      >
        Record signed letter
      </Button>
    ) : null;

  return (
    <Card padding="lg" data-testid="next-step">
      <Stack gap="md">
        <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
          <Stack gap={2}>
            <Text size="xs" c="dimmed" tt="uppercase" fw={600} style={{ letterSpacing: "0.04em" }}>
              Next step
            </Text>
            {next ? (
              <Title order={3}>
                {current?.label ?? stageLabel(engagement.stage)} → {stageLabel(next)}
              </Title>
            ) : (
              <Title order={3}>
                {engagement.stage === "issuance" ? "Final stage: Issuance" : "No further stage"}
              </Title>
            )}
            {next ? (
              <Text size="sm" c="dimmed" maw={720}>
                {stages.find((s) => s.id === next)?.description}
              </Text>
            ) : (
              <Text size="sm" c="dimmed" maw={720}>
                The partner forms the opinion, signs and issues the report; a SOC 3 report and bridge letters
                can follow.
              </Text>
            )}
          </Stack>
          <Group gap="xs">
            {previous && isFirm ? (
              <Button
                variant="default"
                leftSection={<IconArrowBackUp size={16} />}
                onClick={() => {
                  move.reset();
                  setBackOpen(true);
                }}
                data-testid="move-back"
              >
                Move back
              </Button>
            ) : null}
            {next ? (
              <Button
                rightSection={<IconArrowRight size={16} />}
                loading={move.isPending && move.variables?.to === next}
                onClick={() => move.mutate({ to: next })}
                data-testid="move-stage"
              >
                Move to {stageLabel(next)}
              </Button>
            ) : null}
          </Group>
        </Group>

        {next ? (
          <>
            <Blockers blockers={nextStep.blockers} onGoTab={onGoTab} actions={blockerActions} />
            {nextStep.allowedRoles.length > 0 ? (
              <Group gap={6}>
                <Text size="xs" c="dimmed">
                  Who can make this move:
                </Text>
                {nextStep.allowedRoles.map((r) => (
                  <Badge key={r} size="xs" variant="light" color="gray">
                    {roleLabel(r)}
                  </Badge>
                ))}
                {!page.permissions.canMoveStage ? (
                  <Text size="xs" c="dimmed">
                    (not your role)
                  </Text>
                ) : null}
              </Group>
            ) : null}
          </>
        ) : null}

        {refused ? (
          <Alert
            color="red"
            variant="light"
            icon={<IconAlertTriangle size={18} />}
            title={`The engagement cannot move to ${stageLabel(next)} yet`}
            data-testid="stage-refusal"
            withCloseButton
            onClose={() => move.reset()}
          >
            {failures.length > 0 ? (
              <List size="sm" spacing={4}>
                {failures.map((f) => (
                  <List.Item
                    key={`${f.guard}-${f.message}`}
                    data-testid="stage-refusal-item"
                    data-guard={f.guard}
                  >
                    {f.message}
                  </List.Item>
                ))}
              </List>
            ) : (
              <Text size="sm">{errorMessage(move.error)}</Text>
            )}
          </Alert>
        ) : null}
        {engagement.engagementLetterSignedAt ? (
          <Group gap={6}>
            <IconFileCertificate size={16} color="var(--mantine-color-teal-6)" />
            <Text size="xs" c="dimmed">
              Engagement letter signed
            </Text>
          </Group>
        ) : null}
      </Stack>

      <Modal
        opened={backOpen}
        onClose={() => setBackOpen(false)}
        title={previous ? `Move back to ${previous.label}` : "Move back"}
      >
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (previous) move.mutate({ to: previous.id, reason: reason.trim() });
          }}
        >
          <Stack gap="sm">
            <Text size="sm" c="dimmed">
              Moving back reopens work. Say what is being reopened and why; the reason is kept in the audit
              trail.
            </Text>
            <Textarea
              label="Reason"
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
              autosize
              minRows={3}
              required
              data-autofocus
            />
            {backRefused ? (
              <Alert color="red" variant="light" data-testid="stage-refusal">
                {failures.length > 0 ? (
                  <List size="sm">
                    {failures.map((f) => (
                      <List.Item key={`${f.guard}-${f.message}`}>{f.message}</List.Item>
                    ))}
                  </List>
                ) : (
                  errorMessage(move.error)
                )}
              </Alert>
            ) : null}
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setBackOpen(false)}>
                Cancel
              </Button>
              <Button type="submit" color="orange" loading={move.isPending}>
                Move back
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </Card>
  );
}
