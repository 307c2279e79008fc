/**
 * Extending the sample behind an exception: draws more items deterministically from the same
 * population (a job), then records the extension on the exception with its reason. The new items
 * join the workpaper's grid.
 */
import { Alert, Button, Group, NumberInput, Stack, Text, Textarea } from "@mantine/core";
import { IconPlus } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api, errorMessage, seg } from "../../api";
import { fwKeys, useWorkpaper } from "../../fieldwork-queries";
import type { ExceptionPage } from "../../fieldwork-types";
import { notifySuccess } from "../../notify";
import type { Job } from "../../types";
import { JobProgress, jobOf } from "./FieldworkJob";

export function ExtensionForm({ e, engagementId }: { e: ExceptionPage["exception"]; engagementId: string }) {
  const queryClient = useQueryClient();
  const workpaper = useWorkpaper(e.workpaperId);
  const sample = workpaper.data?.workpaper.basis.sample ?? null;
  const [additional, setAdditional] = useState<number | string>(
    e.suggestion?.extendSample?.suggestedAdditional ?? 10,
  );
  const [reason, setReason] = useState("");
  const [jobId, setJobId] = useState<string | null>(null);
  const extend = useMutation({
    mutationFn: () =>
      api.post<Job | { job: Job }>(`/api/samples/${seg(sample?.id ?? "")}/extend`, {
        additional: typeof additional === "number" ? additional : 1,
        reason: reason.trim(),
      }),
    meta: { quiet: true },
    onSuccess: (res) => setJobId(jobOf(res).id),
  });
  const record = useMutation({
    mutationFn: (sampleId: string) =>
      api.post(`/api/exceptions/${seg(e.id)}/extension`, { sampleId, reason: reason.trim() }),
    meta: { quiet: true },
    onSuccess: () => {
      notifySuccess("The extension was drawn and recorded; its items are in the workpaper's grid.", e.ref);
      setReason("");
      void queryClient.invalidateQueries({ queryKey: fwKeys.exception(e.id) });
      void queryClient.invalidateQueries({ queryKey: fwKeys.exceptions(engagementId) });
      if (e.workpaperId) void queryClient.invalidateQueries({ queryKey: fwKeys.workpaper(e.workpaperId) });
    },
  });
  if (!sample) {
    return (
      <Text size="sm" c="dimmed">
        The workpaper tests no sample, so there is nothing to extend.
      </Text>
    );
  }
  if (jobId) {
    return (
      <JobProgress
        jobId={jobId}
        label="Drawing the extension"
        onSucceeded={(job) => {
          setJobId(null);
          const id = (job.result as { sampleId?: string } | null)?.sampleId;
          if (id) record.mutate(id);
        }}
        onDismiss={() => setJobId(null)}
      />
    );
  }
  const error = extend.error ?? record.error;
  return (
    <Stack gap="xs" data-testid="exception-extend">
      <Group align="flex-end" gap="sm" wrap="nowrap">
        <NumberInput
          label="More items"
          value={additional}
          onChange={setAdditional}
          min={1}
          max={5000}
          w={120}
        />
        <Textarea
          label="Why the sample is extended"
          value={reason}
          onChange={(ev) => setReason(ev.currentTarget.value)}
          autosize
          minRows={1}
          style={{ flex: 1 }}
        />
      </Group>
      {error ? (
        <Alert color="red" variant="light">
          {errorMessage(error)}
        </Alert>
      ) : null}
      <Group justify="flex-end">
        <Button
          variant="default"
          leftSection={<IconPlus size={16} />}
          onClick={() => extend.mutate()}
          disabled={!reason.trim() || typeof additional !== "number"}
          loading={extend.isPending || record.isPending}
        >
          Extend the sample
        </Button>
      </Group>
    </Stack>
  );
}
