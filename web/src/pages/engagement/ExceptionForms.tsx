/** The forms on an exception: the auditor's decision on a response, and the client's response. */
import { Alert, Button, Group, Stack, Textarea, TextInput } from "@mantine/core";
import { IconCheck, IconMessageQuestion, IconSend } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { api, errorMessage, seg } from "../../api";
import { fwKeys } from "../../fieldwork-queries";
import type { ExceptionSummary } from "../../fieldwork-types";
import { notifySuccess } from "../../notify";
import { exceptionRef } from "./FieldworkBadges";

export const invalidateAll = (
  queryClient: ReturnType<typeof useQueryClient>,
  e: ExceptionSummary,
  engagementId: string,
) => {
  void queryClient.invalidateQueries({ queryKey: fwKeys.exception(e.id) });
  void queryClient.invalidateQueries({ queryKey: fwKeys.exceptions(engagementId) });
  if (e.workpaperId) void queryClient.invalidateQueries({ queryKey: fwKeys.workpaper(e.workpaperId) });
};

export function DecisionForm({ e, engagementId }: { e: ExceptionSummary; engagementId: string }) {
  const queryClient = useQueryClient();
  const [note, setNote] = useState("");
  const decide = useMutation({
    mutationFn: (decision: "accepted" | "asked-again") =>
      api.post(`/api/exceptions/${seg(e.id)}/decision`, { decision, note: note.trim() }),
    meta: { quiet: true },
    onSuccess: (_r, decision) => {
      notifySuccess(
        decision === "accepted" ? "The response was accepted." : "The client was asked again.",
        exceptionRef(e),
      );
      setNote("");
      invalidateAll(queryClient, e, engagementId);
    },
  });
  return (
    <Stack gap="xs" data-testid="exception-decision">
      <Textarea
        label="Note to the client"
        description="Required when you ask again: say what is missing"
        value={note}
        onChange={(ev) => setNote(ev.currentTarget.value)}
        autosize
        minRows={2}
        data-testid="decision-note"
      />
      {decide.isError ? (
        <Alert color="red" variant="light">
          {errorMessage(decide.error)}
        </Alert>
      ) : null}
      <Group justify="flex-end">
        <Button
          variant="default"
          leftSection={<IconMessageQuestion size={16} />}
          onClick={() => decide.mutate("asked-again")}
          disabled={!note.trim()}
          loading={decide.isPending && decide.variables === "asked-again"}
          data-testid="ask-again"
        >
          Ask again
        </Button>
        <Button
          color="teal"
          leftSection={<IconCheck size={16} />}
          onClick={() => decide.mutate("accepted")}
          loading={decide.isPending && decide.variables === "accepted"}
          data-testid="accept-response"
        >
          Accept response
        </Button>
      </Group>
    </Stack>
  );
}

export function RespondForm({ e, engagementId }: { e: ExceptionSummary; engagementId: string }) {
  const queryClient = useQueryClient();
  const [response, setResponse] = useState("");
  const [remediation, setRemediation] = useState("");
  const [remediationDate, setRemediationDate] = useState("");
  const respond = useMutation({
    mutationFn: () =>
      api.post(`/api/exceptions/${seg(e.id)}/responses`, {
        response: response.trim(),
        remediation: remediation.trim(),
        ...(remediationDate ? { remediationDate } : {}),
      }),
    meta: { quiet: true },
    onSuccess: () => {
      notifySuccess("Your response was sent to the auditor.", exceptionRef(e));
      setResponse("");
      setRemediation("");
      setRemediationDate("");
      invalidateAll(queryClient, e, engagementId);
    },
  });
  const submit = (ev: FormEvent) => {
    ev.preventDefault();
    respond.mutate();
  };
  return (
    <form onSubmit={submit} data-testid="respond-form">
      <Stack gap="sm">
        <Textarea
          label="Management's response"
          description="Why it happened and how you see it; it is printed with the exception in the report"
          value={response}
          onChange={(ev) => setResponse(ev.currentTarget.value)}
          autosize
          minRows={3}
          required
          data-testid="respond-response"
        />
        <Textarea
          label="Remediation"
          description="What was or will be done. Remediation never erases the deviation."
          value={remediation}
          onChange={(ev) => setRemediation(ev.currentTarget.value)}
          autosize
          minRows={2}
          data-testid="respond-remediation"
        />
        <TextInput
          type="date"
          label="Remediation date"
          value={remediationDate}
          onChange={(ev) => setRemediationDate(ev.currentTarget.value)}
          w={200}
          data-testid="respond-date"
        />
        {respond.isError ? (
          <Alert color="red" variant="light">
            {errorMessage(respond.error)}
          </Alert>
        ) : null}
        <Group justify="flex-end">
          <Button
            type="submit"
            leftSection={<IconSend size={16} />}
            disabled={!response.trim()}
            loading={respond.isPending}
            data-testid="respond-submit"
          >
            Send response
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
