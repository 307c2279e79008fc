/**
 * A workpaper's conclusion (with the one the results suggest) and its sign-offs: prepare, review by
 * a more senior colleague, reopen with a reason, and the history of all three.
 */
import {
  Alert,
  Badge,
  Button,
  Card,
  Group,
  List,
  Modal,
  Select,
  Stack,
  Text,
  Textarea,
  Timeline,
  Title,
} from "@mantine/core";
import { IconBulb, IconLockOpen, IconSignature, IconUserCheck } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api, errorMessage, guardFailures, seg } from "../../api";
import { fwKeys } from "../../fieldwork-queries";
import type { WorkpaperPage } from "../../fieldwork-types";
import { formatDateTime, humanize } from "../../format";
import { notifySuccess } from "../../notify";
import { keys } from "../../queries";
import { CONCLUSION_LABELS, CONCLUSION_OPTIONS, ConclusionBadge, uniqueReasons } from "./FieldworkBadges";

const useInvalidate = (page: WorkpaperPage) => {
  const queryClient = useQueryClient();
  const wp = page.workpaper;
  return () => {
    void queryClient.invalidateQueries({ queryKey: fwKeys.workpaper(wp.id) });
    void queryClient.invalidateQueries({ queryKey: fwKeys.workpapers(wp.engagementId) });
    void queryClient.invalidateQueries({ queryKey: keys.engagement(wp.engagementId) });
  };
};

function Refusal({ error, title }: { error: unknown; title: string }) {
  const failures = guardFailures(error);
  return (
    <Alert color="red" variant="light" title={title} data-testid="signoff-error">
      {failures.length > 0 ? (
        <List size="sm">
          {failures.map((f) => (
            <List.Item key={f.message}>{f.message}</List.Item>
          ))}
        </List>
      ) : (
        errorMessage(error)
      )}
    </Alert>
  );
}

export function ConclusionCard({ page }: { page: WorkpaperPage }) {
  const wp = page.workpaper;
  const invalidate = useInvalidate(page);
  const editable = page.permissions.canEdit;
  const [conclusion, setConclusion] = useState<string | null>(wp.conclusion);
  const [note, setNote] = useState(wp.conclusionNote);
  const save = useMutation({
    mutationFn: () =>
      api.patch(`/api/workpapers/${seg(wp.id)}`, {
        revision: wp.revision,
        conclusion,
        conclusionNote: note,
      }),
    meta: { quiet: true },
    onSuccess: () => {
      notifySuccess("The conclusion was recorded.", wp.control.code);
      invalidate();
    },
  });
  const s = wp.suggestion;
  const dirty = conclusion !== wp.conclusion || note !== wp.conclusionNote;
  return (
    <Card padding="lg" data-testid="workpaper-conclusion">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={3}>Conclusion</Title>
          <ConclusionBadge conclusion={wp.conclusion} />
        </Group>
        {s ? (
          <Alert
            color="brand"
            variant="light"
            icon={<IconBulb size={18} />}
            title={
              s.conclusion
                ? `The results suggest: ${CONCLUSION_LABELS[s.conclusion] ?? humanize(s.conclusion)}`
                : "The results do not point to a conclusion yet"
            }
            data-testid="suggested-conclusion"
            data-suggested={s.conclusion ?? ""}
          >
            <List size="sm">
              {uniqueReasons(s).map((r) => (
                <List.Item key={r}>{r}</List.Item>
              ))}
            </List>
            {s.extendSample ? (
              <Text size="sm" mt={4}>
                Or extend the sample by {s.extendSample.suggestedAdditional} items.
              </Text>
            ) : null}
            {editable && s.conclusion && s.conclusion !== conclusion ? (
              <Button size="xs" variant="white" mt="xs" onClick={() => setConclusion(s.conclusion)}>
                Use the suggestion
              </Button>
            ) : null}
          </Alert>
        ) : null}
        <Select
          label="Conclusion"
          data={CONCLUSION_OPTIONS}
          value={conclusion}
          onChange={setConclusion}
          disabled={!editable}
          clearable
          comboboxProps={{ withinPortal: true }}
          data-testid="conclusion-select"
        />
        <Textarea
          label="Note"
          description="Why the tests support the conclusion; it is part of the workpaper"
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
          autosize
          minRows={3}
          disabled={!editable}
          data-testid="conclusion-note"
        />
        {wp.conclusionProblems.length > 0 ? (
          <Alert
            color="orange"
            variant="light"
            title="The conclusion contradicts the results"
            data-testid="conclusion-problems"
          >
            <List size="sm">
              {wp.conclusionProblems.map((p) => (
                <List.Item key={p}>{p}</List.Item>
              ))}
            </List>
          </Alert>
        ) : null}
        {save.isError ? <Refusal error={save.error} title="Not saved" /> : null}
        {editable ? (
          <Group justify="flex-end">
            <Button
              onClick={() => save.mutate()}
              disabled={!dirty}
              loading={save.isPending}
              data-testid="conclusion-save"
            >
              Save conclusion
            </Button>
          </Group>
        ) : null}
      </Stack>
    </Card>
  );
}

function ReopenModal({ page, onClose }: { page: WorkpaperPage; onClose: () => void }) {
  const invalidate = useInvalidate(page);
  const [reason, setReason] = useState("");
  const reopen = useMutation({
    mutationFn: () => api.post(`/api/workpapers/${seg(page.workpaper.id)}/reopen`, { reason: reason.trim() }),
    meta: { quiet: true },
    onSuccess: () => {
      notifySuccess("The workpaper is open again; its sign-offs were cleared.", page.workpaper.control.code);
      invalidate();
      onClose();
    },
  });
  return (
    <Modal opened onClose={onClose} title="Reopen the workpaper">
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          Reopening clears the sign-offs so the workpaper can change; the history keeps them and your reason.
        </Text>
        <Textarea
          label="Reason"
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          autosize
          minRows={3}
          required
          data-testid="reopen-reason"
        />
        {reopen.isError ? <Refusal error={reopen.error} title="Not reopened" /> : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button
            color="orange"
            onClick={() => reopen.mutate()}
            disabled={!reason.trim()}
            loading={reopen.isPending}
            data-testid="reopen-submit"
          >
            Reopen
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

const EVENT_LABELS: Record<string, string> = {
  prepared: "Prepared (preparer sign-off)",
  reviewed: "Reviewed (reviewer sign-off)",
  reopened: "Reopened",
};

export function SignoffCard({ page }: { page: WorkpaperPage }) {
  const wp = page.workpaper;
  const perms = page.permissions;
  const invalidate = useInvalidate(page);
  const [reopening, setReopening] = useState(false);
  const prepare = useMutation({
    mutationFn: () => api.post(`/api/workpapers/${seg(wp.id)}/prepare`),
    meta: { quiet: true },
    onSuccess: () => {
      notifySuccess("Signed off as preparer; the workpaper is locked and awaits review.", wp.control.code);
      invalidate();
    },
  });
  const review = useMutation({
    mutationFn: () => api.post(`/api/workpapers/${seg(wp.id)}/review`),
    meta: { quiet: true },
    onSuccess: () => {
      notifySuccess("Signed off as reviewer.", wp.control.code);
      invalidate();
    },
  });
  return (
    <Card padding="lg" data-testid="workpaper-signoff">
      <Stack gap="sm">
        <Title order={3}>Sign-off</Title>
        <Group gap="md" wrap="wrap">
          <Stack gap={0}>
            <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
              Preparer
            </Text>
            <Text size="sm" data-testid="preparer">
              {wp.preparer
                ? `${wp.preparer.name ?? "Someone"}, ${formatDateTime(wp.preparer.at)}`
                : "Not signed"}
            </Text>
          </Stack>
          <Stack gap={0}>
            <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
              Reviewer
            </Text>
            <Text size="sm" data-testid="reviewer">
              {wp.reviewer
                ? `${wp.reviewer.name ?? "Someone"}, ${formatDateTime(wp.reviewer.at)}`
                : "Not signed"}
            </Text>
          </Stack>
        </Group>
        {wp.status === "prepared" && !perms.canReview ? (
          <Text size="xs" c="dimmed">
            A different, more senior member of the team (staff auditor, then engagement manager, then partner)
            reviews it.
          </Text>
        ) : null}
        {prepare.isError ? <Refusal error={prepare.error} title="Not signed off" /> : null}
        {review.isError ? <Refusal error={review.error} title="Not reviewed" /> : null}
        <Group gap="xs">
          {perms.canPrepare ? (
            <Button
              leftSection={<IconSignature size={16} />}
              onClick={() => prepare.mutate()}
              loading={prepare.isPending}
              data-testid="prepare-workpaper"
            >
              Sign off as preparer
            </Button>
          ) : null}
          {perms.canReview ? (
            <Button
              color="teal"
              leftSection={<IconUserCheck size={16} />}
              onClick={() => review.mutate()}
              loading={review.isPending}
              data-testid="review-workpaper"
            >
              Sign off as reviewer
            </Button>
          ) : null}
          {perms.canReopen ? (
            <Button
              variant="default"
              leftSection={<IconLockOpen size={16} />}
              onClick={() => setReopening(true)}
              data-testid="reopen-workpaper"
            >
              Reopen
            </Button>
          ) : null}
        </Group>
        {wp.events.length > 0 ? (
          <Timeline
            active={wp.events.length}
            bulletSize={18}
            lineWidth={2}
            mt="xs"
            data-testid="signoff-history"
          >
            {wp.events.map((e) => (
              <Timeline.Item
                key={e.id}
                title={
                  <Group gap={6}>
                    <Text size="sm" fw={500}>
                      {EVENT_LABELS[e.kind] ?? humanize(e.kind)}
                    </Text>
                    {e.kind === "reopened" ? (
                      <Badge size="xs" color="orange" variant="light">
                        reason recorded
                      </Badge>
                    ) : null}
                  </Group>
                }
                data-testid="signoff-event"
                data-kind={e.kind}
              >
                <Text size="xs" c="dimmed">
                  {e.user?.name ?? "Someone"} · {formatDateTime(e.at)}
                </Text>
                {e.reason ? <Text size="sm">{e.reason}</Text> : null}
              </Timeline.Item>
            ))}
          </Timeline>
        ) : null}
      </Stack>
      {reopening ? <ReopenModal page={page} onClose={() => setReopening(false)} /> : null}
    </Card>
  );
}
