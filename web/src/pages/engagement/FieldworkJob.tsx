/**
 * Long fieldwork work (population import, sample, full-population test, reconciliation) runs as a
 * server job: the page polls it, shows its progress with a Cancel button, and reports how it ended.
 */
import { Alert, Button, Group, Paper, Progress, Stack, Text } from "@mantine/core";
import { IconPlayerStop } from "@tabler/icons-react";
import { useMutation } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { api, errorMessage, seg } from "../../api";
import { isJobDone, jobPercent, useJob } from "../../fieldwork-queries";
import type { Job } from "../../types";

const jobError = (error: unknown): string =>
  typeof error === "string" && error !== ""
    ? error
    : error !== null && typeof error === "object" && "message" in error
      ? String((error as { message: unknown }).message)
      : "The job failed.";

/**
 * Follows one job: a progress bar with Cancel while it runs; `onSucceeded` once when it succeeds;
 * the failure or cancellation stays visible until `onDismiss`.
 */
export function JobProgress({
  jobId,
  label,
  onSucceeded,
  onDismiss,
}: {
  jobId: string;
  /** What the job does, e.g. "Importing the population". */
  label: string;
  onSucceeded: (job: Job) => void;
  onDismiss: () => void;
}) {
  const job = useJob(jobId);
  const cancel = useMutation({
    mutationFn: () => api.post(`/api/jobs/${seg(jobId)}/cancel`),
    meta: { errorTitle: "Could not cancel" },
  });
  const reported = useRef(false);
  const current = job.data;
  useEffect(() => {
    if (current?.status === "succeeded" && !reported.current) {
      reported.current = true;
      onSucceeded(current);
    }
  }, [current, onSucceeded]);

  if (job.isError) {
    return (
      <Alert color="red" variant="light" title={`${label}: status unknown`} data-testid="job-status">
        <Stack gap="xs" align="flex-start">
          <Text size="sm">{errorMessage(job.error)}</Text>
          <Button size="xs" variant="default" onClick={onDismiss}>
            Dismiss
          </Button>
        </Stack>
      </Alert>
    );
  }
  if (!current || !isJobDone(current)) {
    const pct = current ? jobPercent(current) : 0;
    return (
      <Paper withBorder p="md" data-testid="job-progress" data-status={current?.status ?? "queued"}>
        <Stack gap={6}>
          <Group justify="space-between" wrap="nowrap">
            <Text size="sm" fw={500}>
              {label}
            </Text>
            <Button
              size="xs"
              variant="default"
              leftSection={<IconPlayerStop size={14} />}
              onClick={() => cancel.mutate()}
              loading={cancel.isPending}
              disabled={cancel.isSuccess}
              data-testid="job-cancel"
            >
              {cancel.isSuccess ? "Cancelling…" : "Cancel"}
            </Button>
          </Group>
          <Progress value={pct} animated striped size="lg" aria-label={`${label} progress`} />
          <Text size="xs" c="dimmed">
            {current?.message ?? "Waiting to start…"} · {Math.round(pct)}%
          </Text>
        </Stack>
      </Paper>
    );
  }
  if (current.status === "succeeded") return null;
  const failed = current.status === "failed";
  return (
    <Alert
      color={failed ? "red" : "gray"}
      variant="light"
      title={failed ? `${label} failed` : `${label} was cancelled`}
      data-testid="job-status"
      data-status={current.status}
    >
      <Stack gap="xs" align="flex-start">
        <Text size="sm">
          {failed
            ? jobError(current.error)
            : "Nothing was written: a cancelled job leaves no partial result behind."}
        </Text>
        <Button size="xs" variant="default" onClick={onDismiss}>
          Dismiss
        </Button>
      </Stack>
    </Alert>
  );
}

/** `{ job }` or a bare job, as the fieldwork endpoints answer. */
export const jobOf = (res: Job | { job: Job }): Job => ("job" in res ? res.job : res);
