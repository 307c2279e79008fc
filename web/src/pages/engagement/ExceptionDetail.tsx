/**
 * One exception: what was found (kind, counts, cause, isolated or systematic with its markers), the
 * core's suggestion, a recorded sample extension, and the thread of management's responses with the
 * auditor's decisions. The auditor classifies and decides; the client responds.
 */
import {
  Alert,
  Badge,
  Button,
  Divider,
  Group,
  List,
  MultiSelect,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from "@mantine/core";
import { IconBulb } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { api, errorMessage, seg } from "../../api";
import { ErrorState, TableSkeleton } from "../../components/States";
import { useException } from "../../fieldwork-queries";
import type { ExceptionPage, ExceptionResponse } from "../../fieldwork-types";
import { formatDate, formatDateTime, humanize } from "../../format";
import { notifySuccess } from "../../notify";
import { ExtensionForm } from "./ExceptionExtension";
import { DecisionForm, invalidateAll, RespondForm } from "./ExceptionForms";
import {
  ClassificationBadge,
  CONCLUSION_LABELS,
  EXCEPTION_KIND_LABELS,
  EXCEPTION_KIND_OPTIONS,
  ExceptionStatusBadge,
  exceptionRef,
  uniqueReasons,
} from "./FieldworkBadges";

export const MARKER_LABELS: Record<string, string> = {
  "recurring-cause": "The same root cause recurs",
  "concentrated-person": "Concentrated in one person",
  "concentrated-subsystem": "Concentrated in one subsystem",
  "rate-above-threshold": "Rate above 5 % of a meaningful population",
  "persists-across-period": "Persists across the period",
  "design-cause": "The cause lies in the design",
};

type Detail = ExceptionPage["exception"];

function ClassifyForm({ e, engagementId }: { e: Detail; engagementId: string }) {
  const queryClient = useQueryClient();
  const [kind, setKind] = useState(e.kind);
  const [description, setDescription] = useState(e.description);
  const [cause, setCause] = useState(e.cause ?? "");
  const [classification, setClassification] = useState(e.classification ?? "pending");
  const [markers, setMarkers] = useState<string[]>(e.markers ?? []);
  const save = useMutation({
    mutationFn: () =>
      api.patch(`/api/exceptions/${seg(e.id)}`, {
        kind,
        description: description.trim(),
        cause: cause.trim(),
        classification,
        markers: classification === "systematic" ? markers : [],
      }),
    meta: { quiet: true },
    onSuccess: () => {
      notifySuccess(`${exceptionRef(e)} was updated.`, "Exception saved");
      invalidateAll(queryClient, e, engagementId);
    },
  });
  const submit = (ev: FormEvent) => {
    ev.preventDefault();
    save.mutate();
  };
  return (
    <form onSubmit={submit} data-testid="exception-classify">
      <Stack gap="sm">
        <Select
          label="Kind"
          data={EXCEPTION_KIND_OPTIONS}
          value={kind}
          onChange={(v) => v && setKind(v)}
          allowDeselect={false}
          comboboxProps={{ withinPortal: true }}
          data-testid="exception-kind"
        />
        <Textarea
          label="Description"
          description="What was found, as it will read in Section IV"
          value={description}
          onChange={(ev) => setDescription(ev.currentTarget.value)}
          autosize
          minRows={2}
          data-testid="exception-description"
        />
        <TextInput
          label="Cause"
          description="The identified root cause; deviations cannot be called isolated while it is unknown"
          value={cause}
          onChange={(ev) => setCause(ev.currentTarget.value)}
          data-testid="exception-cause"
        />
        <Stack gap={4}>
          <Text size="sm" fw={500}>
            Classification
          </Text>
          <SegmentedControl
            value={classification}
            onChange={setClassification}
            data={[
              { value: "pending", label: "Not classified" },
              { value: "isolated", label: "Isolated" },
              { value: "systematic", label: "Systematic" },
            ]}
            data-testid="exception-classification"
          />
        </Stack>
        {classification === "systematic" ? (
          <MultiSelect
            label="Systematic markers"
            description="Any one makes the deviations systematic and the control not effective"
            data={Object.entries(MARKER_LABELS).map(([value, label]) => ({ value, label }))}
            value={markers}
            onChange={setMarkers}
            comboboxProps={{ withinPortal: true }}
          />
        ) : null}
        {save.isError ? (
          <Alert color="red" variant="light">
            {errorMessage(save.error)}
          </Alert>
        ) : null}
        <Group justify="flex-end">
          <Button type="submit" loading={save.isPending} data-testid="exception-save">
            Save
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function Suggestion({ e }: { e: Detail }) {
  const s = e.suggestion;
  if (!s) return null;
  return (
    <Alert
      color="brand"
      variant="light"
      icon={<IconBulb size={18} />}
      title="What the rules suggest"
      data-testid="exception-suggestion"
    >
      <Stack gap={4}>
        {s.conclusion || s.classification ? (
          <Text size="sm">
            {s.classification ? `Deviations look ${s.classification}` : ""}
            {s.classification && s.conclusion ? " · " : ""}
            {s.conclusion
              ? `control ${CONCLUSION_LABELS[s.conclusion]?.toLowerCase() ?? humanize(s.conclusion)}`
              : ""}
            {s.kind && s.kind !== "operating-deviation"
              ? ` · kind: ${EXCEPTION_KIND_LABELS[s.kind] ?? s.kind}`
              : ""}
          </Text>
        ) : null}
        <List size="sm">
          {uniqueReasons(s).map((r) => (
            <List.Item key={r}>{r}</List.Item>
          ))}
        </List>
        {s.extendSample ? (
          <Text size="sm" fw={500}>
            {s.extendSample.message}
          </Text>
        ) : null}
      </Stack>
    </Alert>
  );
}

function ResponseCard({ r }: { r: ExceptionResponse }) {
  return (
    <Paper withBorder p="sm" data-testid="exception-response" data-n={r.n} data-decision={r.decision ?? ""}>
      <Stack gap={6}>
        <Group justify="space-between">
          <Text size="sm" fw={600}>
            Response {r.n}
            {r.author?.name ? ` · ${r.author.name}` : ""}
          </Text>
          <Text size="xs" c="dimmed">
            {formatDateTime(r.createdAt)}
          </Text>
        </Group>
        <Text size="sm" style={{ whiteSpace: "pre-wrap" }}>
          {r.response}
        </Text>
        {r.remediation ? (
          <Text size="sm">
            <Text span fw={500}>
              Remediation:
            </Text>{" "}
            {r.remediation}
            {r.remediationDate ? ` (by ${formatDate(r.remediationDate)})` : ""}
          </Text>
        ) : null}
        {r.decision ? (
          <Alert
            color={r.decision === "accepted" ? "teal" : "orange"}
            variant="light"
            p="xs"
            data-testid="response-decision"
          >
            <Text size="sm">
              {r.decision === "accepted" ? "Accepted" : "Asked again"}
              {r.decidedBy?.name ? ` by ${r.decidedBy.name}` : ""}
              {r.decidedAt ? `, ${formatDateTime(r.decidedAt)}` : ""}
              {r.decisionNote ? `: ${r.decisionNote}` : ""}
            </Text>
          </Alert>
        ) : null}
      </Stack>
    </Paper>
  );
}

export function ExceptionDetail({
  id,
  engagementId,
  side,
}: {
  id: string;
  engagementId: string;
  side: "auditor" | "client";
}) {
  const query = useException(id);
  if (query.isPending) return <TableSkeleton rows={4} />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  const e = query.data.exception;
  const permissions = query.data.permissions;
  const latest = e.responses[e.responses.length - 1];
  const askedAgain = e.status === "asked-again" ? latest : undefined;
  return (
    <Stack gap="md" data-testid="exception-detail" data-status={e.status} data-ref={exceptionRef(e)}>
      <Group gap="xs" wrap="wrap">
        <ExceptionStatusBadge status={e.status} />
        {e.classification ? <ClassificationBadge classification={e.classification} /> : null}
        <Badge variant="outline" color="gray">
          {EXCEPTION_KIND_LABELS[e.kind] ?? humanize(e.kind)}
        </Badge>
        <Badge variant="light" color="orange" data-testid="exception-counts">
          {e.deviations} of {e.tested} items
        </Badge>
      </Group>
      <Stack gap={2}>
        <Text size="sm" c="dimmed">
          {e.control.code} · {e.control.title}
          {e.attributeId ? ` · attribute ${e.attributeId}` : ""}
        </Text>
        <Text size="sm" style={{ whiteSpace: "pre-wrap" }}>
          {e.description || "No description yet."}
        </Text>
        {e.cause ? (
          <Text size="sm">
            <Text span fw={500}>
              Cause:
            </Text>{" "}
            {e.cause}
          </Text>
        ) : null}
      </Stack>
      {side === "auditor" && (e.markers ?? []).length > 0 ? (
        <List size="sm" data-testid="exception-markers">
          {(e.markers ?? []).map((m) => (
            <List.Item key={m}>{MARKER_LABELS[m] ?? humanize(m)}</List.Item>
          ))}
        </List>
      ) : null}
      {side === "auditor" ? <Suggestion e={e} /> : null}
      {e.extension ? (
        <Alert color="gray" variant="light" title="Sample extended" data-testid="exception-extension">
          {e.extension.added} more {e.extension.added === 1 ? "item was" : "items were"} added to the sample:{" "}
          {e.extension.reason}
        </Alert>
      ) : null}
      {side === "auditor" && permissions.canEdit ? (
        <>
          <Divider label="Classify" labelPosition="left" />
          <ClassifyForm e={e} engagementId={engagementId} />
        </>
      ) : null}
      {side === "auditor" && permissions.canRecordExtension && !e.extension ? (
        <>
          <Divider label="Extend the sample" labelPosition="left" />
          <ExtensionForm e={e} engagementId={engagementId} />
        </>
      ) : null}
      <Divider label="Management's responses" labelPosition="left" />
      {e.responses.length === 0 ? (
        <Text size="sm" c="dimmed" data-testid="no-responses">
          {side === "client"
            ? "Your auditor is waiting for your response."
            : "The client has not responded yet."}
        </Text>
      ) : (
        <Stack gap="xs">
          {e.responses.map((r) => (
            <ResponseCard key={r.n} r={r} />
          ))}
        </Stack>
      )}
      {side === "client" && askedAgain?.decisionNote ? (
        <Alert color="orange" variant="light" title="Your auditor asked again" data-testid="asked-again-note">
          {askedAgain.decisionNote}
        </Alert>
      ) : null}
      {side === "client" && permissions.canRespond ? (
        <>
          <Title order={4}>{e.responses.length === 0 ? "Respond" : "Respond again"}</Title>
          <RespondForm e={e} engagementId={engagementId} />
        </>
      ) : null}
      {side === "auditor" && permissions.canDecide ? (
        <DecisionForm e={e} engagementId={engagementId} />
      ) : null}
    </Stack>
  );
}
