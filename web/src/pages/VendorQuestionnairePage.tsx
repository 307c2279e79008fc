/**
 * The vendor's side of a security questionnaire, opened by link without an account (/q/:token):
 * fifteen questions answered yes / partial / no / not applicable with a comment, submitted once.
 */
import {
  Alert,
  Button,
  Card,
  Container,
  Group,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  ThemeIcon,
  Title,
} from "@mantine/core";
import { IconCircleCheck, IconShieldCheck } from "@tabler/icons-react";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useParams } from "react-router-dom";
import { api, errorMessage, seg } from "../api";
import { LogoMark } from "../components/Logo";
import { ErrorState, PageLoader } from "../components/States";
import { formatDate } from "../format";

interface PublicQuestionnaire {
  organization: string;
  vendor: string;
  status: "open" | "submitted";
  expiresAt: string;
  submittedAt: string | null;
  questions: { id: string; section: string; text: string; weight: number }[];
}

type Answer = "yes" | "partial" | "no" | "na";

function Done({ data }: { data: PublicQuestionnaire }) {
  return (
    <Card padding="xl" data-testid="questionnaire-done">
      <Stack align="center" gap="xs">
        <ThemeIcon color="teal" size={48} radius="xl" variant="light">
          <IconCircleCheck size={28} />
        </ThemeIcon>
        <Title order={3}>Thank you</Title>
        <Text c="dimmed" ta="center">
          Your answers for {data.organization} were received. You can close this page.
        </Text>
      </Stack>
    </Card>
  );
}

function Form({ token, data, onDone }: { token: string; data: PublicQuestionnaire; onDone: () => void }) {
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const [answers, setAnswers] = useState<Record<string, Answer>>({});
  const [comments, setComments] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const submit = useMutation({
    mutationFn: () =>
      api.publicPost(`/api/public/vendor-questionnaires/${seg(token)}`, {
        respondentName: name,
        respondentEmail: email,
        answers: data.questions
          .filter((q) => answers[q.id])
          .map((q) => ({ questionId: q.id, answer: answers[q.id], comment: comments[q.id] ?? "" })),
      }),
    onSuccess: onDone,
    onError: (e) => setError(errorMessage(e)),
  });
  const answered = data.questions.filter((q) => answers[q.id]).length;
  let section = "";
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        setError(null);
        submit.mutate();
      }}
      data-testid="questionnaire-form"
    >
      <Stack gap="md">
        <Card padding="md">
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              label="Your name"
              required
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
            />
            <TextInput
              label="Work e-mail"
              type="email"
              required
              value={email}
              onChange={(e) => setEmail(e.currentTarget.value)}
            />
          </SimpleGrid>
        </Card>
        {data.questions.map((q, i) => {
          const heading = q.section !== section ? q.section : null;
          section = q.section;
          const a = answers[q.id];
          return (
            <Stack key={q.id} gap={6}>
              {heading ? (
                <Title order={4} mt="sm">
                  {heading}
                </Title>
              ) : null}
              <Card padding="md" data-testid="question" data-id={q.id}>
                <Text size="sm" mb="xs">
                  {i + 1}. {q.text}
                </Text>
                <SegmentedControl
                  size="xs"
                  value={a ?? ""}
                  onChange={(v) => setAnswers((s) => ({ ...s, [q.id]: v as Answer }))}
                  data={[
                    { value: "yes", label: "Yes" },
                    { value: "partial", label: "Partly" },
                    { value: "no", label: "No" },
                    { value: "na", label: "Not applicable" },
                  ]}
                />
                <Textarea
                  mt="xs"
                  size="xs"
                  autosize
                  minRows={1}
                  maxLength={2000}
                  placeholder={
                    a === "partial" || a === "no"
                      ? "Explain what is missing and when it will be in place (required)"
                      : "Comment (optional)"
                  }
                  value={comments[q.id] ?? ""}
                  onChange={(e) => setComments((s) => ({ ...s, [q.id]: e.currentTarget.value }))}
                />
              </Card>
            </Stack>
          );
        })}
        {error ? (
          <Alert color="red" data-testid="questionnaire-error">
            {error}
          </Alert>
        ) : null}
        <Group justify="space-between">
          <Text size="sm" c="dimmed">
            {answered} of {data.questions.length} answered · link valid until {formatDate(data.expiresAt)}
          </Text>
          <Button type="submit" loading={submit.isPending} data-testid="questionnaire-submit">
            Submit answers
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function VendorQuestionnairePage() {
  const { token = "" } = useParams();
  const [done, setDone] = useState(false);
  const query = useQuery({
    queryKey: ["public-vendor-questionnaire", token],
    queryFn: ({ signal }) =>
      api.get<PublicQuestionnaire>(`/api/public/vendor-questionnaires/${seg(token)}`, signal),
    retry: false,
  });
  return (
    <Container size="md" py="xl">
      <Group gap="sm" mb="lg">
        <LogoMark />
        <ThemeIcon variant="light" radius="xl">
          <IconShieldCheck size={18} />
        </ThemeIcon>
        <Title order={2}>Vendor security questionnaire</Title>
      </Group>
      {query.isPending ? (
        <PageLoader />
      ) : query.isError ? (
        <ErrorState error={query.error} />
      ) : done || query.data.status === "submitted" ? (
        <Done data={query.data} />
      ) : (
        <Stack gap="md">
          <Text>
            <b>{query.data.organization}</b> asks <b>{query.data.vendor}</b> to answer these questions about
            the security of the service it provides. Answers are stored as part of {query.data.organization}'s
            vendor review.
          </Text>
          <Form token={token} data={query.data} onDone={() => setDone(true)} />
        </Stack>
      )}
    </Container>
  );
}
