/**
 * The Documents tab: the engagement letter and the management representation letter. The firm team
 * generates versions (a new one supersedes the unaccepted), sends a draft to the organization, and
 * sees each version's status and acceptance record; the organization admin reads a sent letter and
 * accepts or declines it. Both sides download the letters and the accepted copies.
 */
import { Alert, Button, Card, Collapse, Group, Stack, Text, Textarea, TextInput, Title } from "@mantine/core";
import { IconFilePlus, IconSend } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api, errorMessage, seg } from "../../api";
import { EmptyState, ErrorState, TableSkeleton } from "../../components/States";
import { formatDate } from "../../format";
import { notifySuccess } from "../../notify";
import {
  AcceptanceRecord,
  AcceptForm,
  type DocumentKind,
  documentKeys,
  type EngagementDocument,
  VersionsTable,
} from "./DocumentsShared";

interface DocumentsPage {
  documents: EngagementDocument[];
  engagementLetterSignedAt: string | null;
  stage: string;
  representationLetterAvailable: boolean;
  permissions: { canGenerate: boolean; canAccept: boolean };
}

const KIND_INTRO: Record<DocumentKind, { title: string; firm: string; org: string }> = {
  "engagement-letter": {
    title: "Engagement letter",
    firm: "The terms of the examination: scope, responsibilities, limitations, restricted use, the fixed fee from the approved quote, the timeline and independence. The organization admin accepts it electronically.",
    org: "The terms of the examination your auditors propose. Read it and accept it on behalf of the organization, or decline it with a reason.",
  },
  "representation-letter": {
    title: "Management representation letter",
    firm: "Management's written representations, obtained near the end of fieldwork; it lists the engagement's exceptions and the incidents disclosed. The report cannot be issued until it is accepted.",
    org: "Management's written representations to the auditors. Accepting it needs your authenticator code.",
  },
};

function GenerateEngagementLetter({ engagementId, onDone }: { engagementId: string; onDone: () => void }) {
  const [open, setOpen] = useState(false);
  const [paymentTerms, setPaymentTerms] = useState("");
  const [fieldworkStart, setFieldworkStart] = useState("");
  const [reportBy, setReportBy] = useState("");
  const generate = useMutation({
    mutationFn: () =>
      api.post(`/api/engagements/${seg(engagementId)}/documents`, {
        kind: "engagement-letter",
        ...(paymentTerms.trim() ? { paymentTerms: paymentTerms.trim() } : {}),
        ...(fieldworkStart ? { fieldworkStart } : {}),
        ...(reportBy ? { reportBy } : {}),
      }),
    onSuccess: () => {
      notifySuccess("A new version of the engagement letter is ready to send.", "Engagement letter");
      setOpen(false);
      onDone();
    },
  });
  return (
    <Stack gap="xs">
      <Group>
        <Button
          leftSection={<IconFilePlus size={16} />}
          onClick={() => setOpen((o) => !o)}
          variant={open ? "default" : "filled"}
          data-testid="generate-engagement-letter-open"
        >
          Generate engagement letter…
        </Button>
      </Group>
      <Collapse in={open}>
        <Card withBorder padding="md">
          <Stack gap="xs">
            <Textarea
              label="Payment terms (optional)"
              description="Leave empty to bill by phase (planning, fieldwork, reporting), each payable within 30 days."
              value={paymentTerms}
              onChange={(e) => setPaymentTerms(e.currentTarget.value)}
            />
            <Group grow>
              <TextInput
                label="Planned start of fieldwork (optional)"
                placeholder="YYYY-MM-DD"
                value={fieldworkStart}
                onChange={(e) => setFieldworkStart(e.currentTarget.value)}
              />
              <TextInput
                label="Planned report date (optional)"
                placeholder="YYYY-MM-DD"
                value={reportBy}
                onChange={(e) => setReportBy(e.currentTarget.value)}
              />
            </Group>
            {generate.isError ? <Alert color="red">{errorMessage(generate.error)}</Alert> : null}
            <Group justify="flex-end">
              <Button
                loading={generate.isPending}
                onClick={() => generate.mutate()}
                data-testid="generate-engagement-letter"
              >
                Generate
              </Button>
            </Group>
          </Stack>
        </Card>
      </Collapse>
    </Stack>
  );
}

function KindSection({
  kind,
  engagementId,
  page,
  isFirm,
  refresh,
}: {
  kind: DocumentKind;
  engagementId: string;
  page: DocumentsPage;
  isFirm: boolean;
  refresh: () => void;
}) {
  const docs = page.documents.filter((d) => d.kind === kind);
  const accepted = docs.find((d) => d.status === "accepted");
  const pending = docs.find((d) => d.status === "sent");
  const declined = docs.find((d) => d.status === "declined" && !docs.some((o) => o.version > d.version));
  const intro = KIND_INTRO[kind];
  const send = useMutation({
    mutationFn: (id: string) => api.post(`/api/engagement-documents/${seg(id)}/send`),
    onSuccess: () => {
      notifySuccess("Sent. The organization's admins have been notified.", intro.title);
      refresh();
    },
  });
  const generateRep = useMutation({
    mutationFn: () => api.post(`/api/engagements/${seg(engagementId)}/documents`, { kind }),
    onSuccess: () => {
      notifySuccess("A new version of the representation letter is ready to send.", intro.title);
      refresh();
    },
  });
  const paperSigned = kind === "engagement-letter" && page.engagementLetterSignedAt !== null && !accepted;
  const canGenerate = page.permissions.canGenerate && !accepted && !paperSigned;
  return (
    <Card withBorder padding="lg" data-testid={`documents-${kind}`}>
      <Stack>
        <div>
          <Title order={4}>{intro.title}</Title>
          <Text size="sm" c="dimmed">
            {isFirm ? intro.firm : intro.org}
          </Text>
        </div>
        {paperSigned ? (
          <Alert color="teal">
            A signed engagement letter was recorded on {formatDate(page.engagementLetterSignedAt)} (signed
            outside Fieldwork).
          </Alert>
        ) : null}
        {canGenerate && kind === "engagement-letter" ? (
          <GenerateEngagementLetter engagementId={engagementId} onDone={refresh} />
        ) : null}
        {canGenerate && kind === "representation-letter" ? (
          page.representationLetterAvailable ? (
            <Group>
              <Button
                leftSection={<IconFilePlus size={16} />}
                loading={generateRep.isPending}
                onClick={() => generateRep.mutate()}
                data-testid="generate-representation-letter"
              >
                Generate representation letter
              </Button>
            </Group>
          ) : (
            <Text size="sm" c="dimmed">
              Available from Control testing onwards, near the end of fieldwork.
            </Text>
          )
        ) : null}
        {generateRep.isError ? <Alert color="red">{errorMessage(generateRep.error)}</Alert> : null}
        {send.isError ? <Alert color="red">{errorMessage(send.error)}</Alert> : null}
        {declined && !pending ? (
          <Alert color="red" title={`Version ${declined.version} was declined`}>
            {declined.decline?.reason}
          </Alert>
        ) : null}
        {accepted ? <AcceptanceRecord doc={accepted} /> : null}
        {pending && page.permissions.canAccept ? <AcceptForm doc={pending} onDone={refresh} /> : null}
        {pending && !page.permissions.canAccept ? (
          <Text size="sm" data-testid="awaiting-acceptance">
            Version {pending.version} was sent and awaits the organization admin's acceptance.
          </Text>
        ) : null}
        {docs.length === 0 ? (
          <EmptyState
            title={isFirm ? "No version generated yet" : "Nothing to accept yet"}
            testId={`empty-${kind}`}
          >
            {isFirm
              ? "Generate the letter from the engagement's facts."
              : "The firm has not sent this letter yet."}
          </EmptyState>
        ) : (
          <VersionsTable
            documents={docs}
            {...(page.permissions.canGenerate
              ? {
                  actions: (d: EngagementDocument) =>
                    d.status === "draft" ? (
                      <Button
                        size="xs"
                        leftSection={<IconSend size={14} />}
                        loading={send.isPending && send.variables === d.id}
                        onClick={() => send.mutate(d.id)}
                        data-testid={`send-document-${d.version}`}
                      >
                        Send to organization
                      </Button>
                    ) : null,
                }
              : {})}
          />
        )}
      </Stack>
    </Card>
  );
}

export function DocumentsTab({ engagementId, isFirm }: { engagementId: string; isFirm: boolean }) {
  const queryClient = useQueryClient();
  const query = useQuery({
    queryKey: documentKeys.engagement(engagementId),
    queryFn: () => api.get<DocumentsPage>(`/api/engagements/${seg(engagementId)}/documents`),
  });
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: documentKeys.engagement(engagementId) });
    void queryClient.invalidateQueries({ queryKey: ["engagement", engagementId] });
  };
  if (query.isPending) return <TableSkeleton />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  return (
    <Stack data-testid="documents-tab">
      <KindSection
        kind="engagement-letter"
        engagementId={engagementId}
        page={query.data}
        isFirm={isFirm}
        refresh={refresh}
      />
      <KindSection
        kind="representation-letter"
        engagementId={engagementId}
        page={query.data}
        isFirm={isFirm}
        refresh={refresh}
      />
    </Stack>
  );
}
