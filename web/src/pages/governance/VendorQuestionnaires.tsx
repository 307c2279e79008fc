/**
 * A vendor's security questionnaires: create a link (shown once), follow its status, read the
 * answers with the computed score, and record the reviewer's score and rating (stored as evidence).
 */
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  CopyButton,
  Drawer,
  Group,
  NumberInput,
  Select,
  Stack,
  Table,
  Text,
  Textarea,
  Title,
} from "@mantine/core";
import { IconSend } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router-dom";
import { api, errorMessage, seg } from "../../api";
import { ErrorState, TableSkeleton } from "../../components/States";
import { formatDate, formatDateTime } from "../../format";
import { notifyError } from "../../notify";
import { type Questionnaire, useQuestionnaire, type VendorDetail, vendorKeys } from "./vendor-api";

const STATUS_COLORS: Record<string, string> = {
  sent: "blue",
  expired: "gray",
  revoked: "gray",
  submitted: "orange",
  scored: "teal",
};
const ANSWER_COLORS: Record<string, string> = { yes: "teal", partial: "yellow", no: "red", na: "gray" };

function ScoreForm({ q, onDone }: { q: Questionnaire; onDone: () => void }) {
  const [score, setScore] = useState<number | string>("");
  const [rating, setRating] = useState<string | null>(null);
  const [note, setNote] = useState("");
  const [error, setError] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: () =>
      api.post(`/api/vendor-questionnaires/${seg(q.id)}/score`, {
        reviewerScore: score === "" ? null : Number(score),
        rating,
        note,
      }),
    onSuccess: onDone,
    onError: (e) => setError(errorMessage(e)),
  });
  return (
    <Card withBorder padding="sm">
      <Stack gap="xs">
        <Text fw={600} size="sm">
          Your judgement
        </Text>
        <Group grow>
          <NumberInput label="Your score (optional)" min={0} max={100} value={score} onChange={setScore} />
          <Select
            label="Risk rating"
            required
            data={[
              { value: "low", label: "Low" },
              { value: "medium", label: "Medium" },
              { value: "high", label: "High" },
            ]}
            value={rating}
            onChange={setRating}
          />
        </Group>
        <Textarea
          label="Note"
          required
          autosize
          minRows={2}
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
        />
        {error ? (
          <Text c="red.7" size="sm">
            {error}
          </Text>
        ) : null}
        <Button
          onClick={() => save.mutate()}
          loading={save.isPending}
          disabled={!rating || note.trim() === ""}
        >
          Record score and store as evidence
        </Button>
      </Stack>
    </Card>
  );
}

function QuestionnaireDrawer({
  id,
  canScore,
  onClose,
}: {
  id: string;
  canScore: boolean;
  onClose: () => void;
}) {
  const query = useQuestionnaire(id);
  const queryClient = useQueryClient();
  const q = query.data?.questionnaire;
  return (
    <Drawer
      opened
      onClose={onClose}
      position="right"
      size="xl"
      title={<Title order={3}>Security questionnaire</Title>}
    >
      {query.isPending ? (
        <TableSkeleton rows={8} />
      ) : query.isError || !q ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <Stack gap="sm" data-testid="questionnaire-detail">
          <Group gap="xs">
            <Badge color={STATUS_COLORS[q.status]}>{q.status}</Badge>
            {q.respondent ? (
              <Text size="sm">
                Answered by {q.respondent.name} ({q.respondent.email}) on {formatDateTime(q.submittedAt)}
              </Text>
            ) : null}
          </Group>
          {q.computedScore !== null ? (
            <Text size="sm">
              Computed score <b>{q.computedScore}</b> / 100 · rating {query.data.computed.rating}
              {query.data.computed.essentialGaps.length > 0
                ? ` · essential gaps: ${query.data.computed.essentialGaps.join(", ")}`
                : ""}
            </Text>
          ) : null}
          {q.status === "scored" ? (
            <Alert color="teal">
              Reviewer rating {q.reviewerRating}
              {q.reviewerScore !== null ? `, score ${q.reviewerScore}` : ""}: {q.reviewerNote}{" "}
              {q.evidenceId ? (
                <Anchor component={Link} to={`/evidence/${q.evidenceId}`} size="sm">
                  Evidence
                </Anchor>
              ) : null}
            </Alert>
          ) : null}
          {q.status === "submitted" && canScore ? (
            <ScoreForm
              q={q}
              onDone={() => {
                void queryClient.invalidateQueries({ queryKey: vendorKeys.questionnaire(id) });
                void queryClient.invalidateQueries({ queryKey: ["vendor"] });
              }}
            />
          ) : null}
          {(q.answers ?? []).length > 0 ? (
            <Table verticalSpacing="xs">
              <Table.Tbody>
                {(q.answers ?? []).map((a) => (
                  <Table.Tr key={a.questionId}>
                    <Table.Td w={100}>
                      <Badge color={ANSWER_COLORS[a.answer]} variant="light" tt="none" maw="none">
                        {a.answer}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{a.text}</Text>
                      {a.comment ? (
                        <Text size="xs" c="dimmed">
                          {a.comment}
                        </Text>
                      ) : null}
                    </Table.Td>
                    <Table.Td w={60}>
                      <Text size="xs" c="dimmed">
                        ×{a.weight}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          ) : null}
        </Stack>
      )}
    </Drawer>
  );
}

export function VendorQuestionnaires({ d }: { d: VendorDetail }) {
  const queryClient = useQueryClient();
  const [link, setLink] = useState<string | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const send = useMutation({
    mutationFn: () =>
      api.post<{ path: string }>(`/api/vendors/${seg(d.vendor.id)}/questionnaires`, { expiresInDays: 14 }),
    onSuccess: (r) => {
      setLink(`${window.location.origin}${r.path}`);
      void queryClient.invalidateQueries({ queryKey: vendorKeys.detail(d.vendor.id) });
    },
    onError: (e) => notifyError(e),
  });
  return (
    <Card padding="md" data-testid="vendor-questionnaires">
      <Group justify="space-between" mb="sm">
        <Title order={4}>Security questionnaires</Title>
        {d.permissions.canEdit ? (
          <Button
            size="xs"
            variant="default"
            leftSection={<IconSend size={14} />}
            onClick={() => send.mutate()}
            loading={send.isPending}
            data-testid="questionnaire-send"
          >
            Create questionnaire link
          </Button>
        ) : null}
      </Group>
      {link ? (
        <Alert
          color="blue"
          mb="sm"
          data-testid="questionnaire-link"
          title="Send this link to the vendor (shown once, valid 14 days)"
        >
          <Group gap="xs" wrap="nowrap">
            <Text size="sm" style={{ wordBreak: "break-all" }}>
              {link}
            </Text>
            <CopyButton value={link}>
              {({ copied, copy }) => (
                <Button size="xs" variant="light" onClick={copy}>
                  {copied ? "Copied" : "Copy"}
                </Button>
              )}
            </CopyButton>
          </Group>
        </Alert>
      ) : null}
      {d.questionnaires.length === 0 ? (
        <Text size="sm" c="dimmed">
          No questionnaire yet. The vendor answers fifteen security questions by link, without an account.
        </Text>
      ) : (
        <Table verticalSpacing="xs">
          <Table.Tbody>
            {d.questionnaires.map((q) => (
              <Table.Tr key={q.id} data-testid="questionnaire-row">
                <Table.Td>
                  <Badge color={STATUS_COLORS[q.status]} variant="light">
                    {q.status}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">
                    Created {formatDate(q.createdAt)}
                    {q.status === "sent" ? ` · link valid until ${formatDate(q.expiresAt)}` : ""}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">
                    {q.computedScore !== null ? `Score ${q.computedScore}` : ""}
                    {q.reviewerRating ? ` · rated ${q.reviewerRating}` : ""}
                  </Text>
                </Table.Td>
                <Table.Td>
                  {q.submittedAt ? (
                    <Button size="xs" variant="light" onClick={() => setOpen(q.id)}>
                      Answers
                    </Button>
                  ) : null}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {open ? (
        <QuestionnaireDrawer id={open} canScore={d.permissions.canEdit} onClose={() => setOpen(null)} />
      ) : null}
    </Card>
  );
}
