/**
 * Pieces shared by the firm's Documents tab and the organization's Engagement documents page: the
 * document types, the versions table, the acceptance record and the acceptance form (name, title,
 * agreement, and an authenticator code for the representation letter).
 */
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Checkbox,
  Code,
  Group,
  PinInput,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
} from "@mantine/core";
import { IconCircleCheck, IconDownload } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { api, errorMessage, seg } from "../../api";
import { formatDate, formatDateTime } from "../../format";
import { notifySuccess } from "../../notify";

export type DocumentKind = "engagement-letter" | "representation-letter";
export type DocumentStatus = "draft" | "sent" | "accepted" | "declined" | "superseded";

export interface EngagementDocument {
  id: string;
  engagementId: string;
  engagementName?: string;
  kind: DocumentKind;
  kindLabel: string;
  version: number;
  status: DocumentStatus;
  title: string;
  letterDate: string;
  documentSha256: string;
  size: number;
  generatedBy: { id: string; name: string } | null;
  generatedAt: string;
  sentAt: string | null;
  sentBy: { id: string; name: string } | null;
  acceptance: {
    name: string;
    title: string;
    userId: string | null;
    ip: string | null;
    userAgent: string | null;
    at: string;
    confirmation: string | null;
    acceptedSha256: string | null;
    evidenceId: string | null;
  } | null;
  decline: { by: { id: string; name: string } | null; at: string; reason: string } | null;
  supersededAt: string | null;
}

export const documentKeys = {
  engagement: (engagementId: string) => ["engagement-documents", engagementId] as const,
  organization: ["engagement-documents", "organization"] as const,
};

export const STATUS_COLOR: Record<DocumentStatus, string> = {
  draft: "yellow",
  sent: "blue",
  accepted: "teal",
  declined: "red",
  superseded: "gray",
};

const STATUS_LABEL: Record<DocumentStatus, string> = {
  draft: "Draft (not sent)",
  sent: "Awaiting acceptance",
  accepted: "Accepted",
  declined: "Declined",
  superseded: "Superseded",
};

export function StatusBadge({ status }: { status: DocumentStatus }) {
  return (
    <Badge color={STATUS_COLOR[status]} variant="light" data-testid="document-status">
      {STATUS_LABEL[status]}
    </Badge>
  );
}

export const pdfUrl = (id: string, copy?: "original" | "accepted") =>
  `/api/engagement-documents/${seg(id)}/pdf${copy ? `?copy=${copy}` : ""}`;

export function VersionsTable({
  documents,
  actions,
}: {
  documents: EngagementDocument[];
  actions?: (d: EngagementDocument) => React.ReactNode;
}) {
  return (
    <Table data-testid="document-versions" verticalSpacing="xs">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Version</Table.Th>
          <Table.Th>Status</Table.Th>
          <Table.Th>Letter date</Table.Th>
          <Table.Th>Generated</Table.Th>
          <Table.Th>PDF</Table.Th>
          {actions ? <Table.Th /> : null}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {documents.map((d) => (
          <Table.Tr key={d.id} data-testid={`document-row-${d.version}`}>
            <Table.Td>v{d.version}</Table.Td>
            <Table.Td>
              <StatusBadge status={d.status} />
            </Table.Td>
            <Table.Td>{formatDate(d.letterDate)}</Table.Td>
            <Table.Td>
              <Text size="sm">{formatDateTime(d.generatedAt)}</Text>
              <Text size="xs" c="dimmed">
                {d.generatedBy?.name ?? ""}
              </Text>
            </Table.Td>
            <Table.Td>
              <Anchor href={pdfUrl(d.id)} target="_blank" rel="noopener" size="sm">
                <Group gap={4} wrap="nowrap">
                  <IconDownload size={14} />
                  {d.acceptance ? "Accepted copy" : "Download"}
                </Group>
              </Anchor>
            </Table.Td>
            {actions ? <Table.Td>{actions(d)}</Table.Td> : null}
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

export function AcceptanceRecord({ doc }: { doc: EngagementDocument }) {
  const a = doc.acceptance;
  if (!a) return null;
  return (
    <Card withBorder padding="md" bg="var(--mantine-color-teal-0)" data-testid="acceptance-record">
      <Group gap="xs" mb="xs">
        <IconCircleCheck size={18} color="var(--mantine-color-teal-7)" />
        <Text fw={600}>
          Accepted by {a.name}, {a.title}
        </Text>
      </Group>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
        <Text size="sm">Time: {formatDateTime(a.at)}</Text>
        <Text size="sm">Network address: {a.ip ?? "not recorded"}</Text>
        <Text size="sm" style={{ wordBreak: "break-all" }}>
          Browser: {a.userAgent ?? "not recorded"}
        </Text>
        <Text size="sm">Confirmation: {a.confirmation ?? ""}</Text>
      </SimpleGrid>
      <Text size="xs" c="dimmed" mt="xs">
        SHA-256 of the letter as presented: <Code>{doc.documentSha256}</Code>
      </Text>
      <Group mt="xs" gap="md">
        <Anchor href={pdfUrl(doc.id, "accepted")} target="_blank" rel="noopener" size="sm">
          Accepted copy with acceptance record
        </Anchor>
        <Anchor href={pdfUrl(doc.id, "original")} target="_blank" rel="noopener" size="sm">
          Letter as presented
        </Anchor>
        {a.evidenceId ? (
          <Anchor href={`/evidence/${seg(a.evidenceId)}`} size="sm">
            Evidence item
          </Anchor>
        ) : null}
      </Group>
    </Card>
  );
}

/** The organization admin's answer to a sent letter: accept (name, title, agreement, code) or decline. */
export function AcceptForm({ doc, onDone }: { doc: EngagementDocument; onDone?: () => void }) {
  const queryClient = useQueryClient();
  const [fullName, setFullName] = useState("");
  const [title, setTitle] = useState("");
  const [agree, setAgree] = useState(false);
  const [code, setCode] = useState("");
  const [declining, setDeclining] = useState(false);
  const [reason, setReason] = useState("");
  const needsCode = doc.kind === "representation-letter";
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: ["engagement-documents"] });
    void queryClient.invalidateQueries({ queryKey: ["engagement", doc.engagementId] });
    onDone?.();
  };
  const accept = useMutation({
    mutationFn: () =>
      api.post(`/api/engagement-documents/${seg(doc.id)}/accept`, {
        fullName: fullName.trim(),
        title: title.trim(),
        agree,
        documentSha256: doc.documentSha256,
        ...(needsCode ? { totpCode: code } : {}),
      }),
    onSuccess: () => {
      notifySuccess(`${doc.kindLabel} accepted. The accepted copy is stored as evidence.`, "Accepted");
      refresh();
    },
  });
  const decline = useMutation({
    mutationFn: () => api.post(`/api/engagement-documents/${seg(doc.id)}/decline`, { reason: reason.trim() }),
    onSuccess: () => {
      notifySuccess("The firm has been told why the letter was declined.", "Declined");
      refresh();
    },
  });
  const ready =
    fullName.trim().length >= 2 && title.trim().length >= 2 && agree && (!needsCode || code.length === 6);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (ready) accept.mutate();
  };
  return (
    <Card withBorder padding="md" data-testid="accept-form">
      <form onSubmit={submit}>
        <Stack gap="sm">
          <Text size="sm">
            Read the letter first:{" "}
            <Anchor href={pdfUrl(doc.id)} target="_blank" rel="noopener" data-testid="read-letter">
              open version {doc.version} (PDF)
            </Anchor>
            . Accepting records your name, title, the time, your network address and browser, and the letter's
            SHA-256.
          </Text>
          <Group grow align="flex-start">
            <TextInput
              label="Your full name"
              value={fullName}
              onChange={(e) => setFullName(e.currentTarget.value)}
              required
              data-testid="accept-name"
            />
            <TextInput
              label="Your title"
              placeholder="Chief Compliance Officer"
              value={title}
              onChange={(e) => setTitle(e.currentTarget.value)}
              required
              data-testid="accept-title"
            />
          </Group>
          <Checkbox
            checked={agree}
            onChange={(e) => setAgree(e.currentTarget.checked)}
            label={`I have read version ${doc.version} of the ${doc.kindLabel.toLowerCase()} and accept it on behalf of the organization.`}
            data-testid="accept-agree"
          />
          {needsCode ? (
            <Stack gap={4}>
              <Text size="sm" fw={500}>
                Authenticator code (written representations need a fresh code)
              </Text>
              <PinInput
                length={6}
                type="number"
                oneTimeCode
                value={code}
                onChange={setCode}
                aria-label="Authenticator code"
                data-testid="accept-totp"
              />
            </Stack>
          ) : null}
          {accept.isError ? <Alert color="red">{errorMessage(accept.error)}</Alert> : null}
          {decline.isError ? <Alert color="red">{errorMessage(decline.error)}</Alert> : null}
          {declining ? (
            <Stack gap="xs">
              <Textarea
                label="Why do you decline it?"
                value={reason}
                onChange={(e) => setReason(e.currentTarget.value)}
                data-testid="decline-reason"
              />
              <Group justify="flex-end">
                <Button variant="default" onClick={() => setDeclining(false)}>
                  Cancel
                </Button>
                <Button
                  color="red"
                  disabled={reason.trim().length < 3}
                  loading={decline.isPending}
                  onClick={() => decline.mutate()}
                  data-testid="decline-submit"
                >
                  Decline letter
                </Button>
              </Group>
            </Stack>
          ) : (
            <Group justify="space-between">
              <Button
                variant="subtle"
                color="red"
                onClick={() => setDeclining(true)}
                data-testid="decline-open"
              >
                Decline…
              </Button>
              <Button type="submit" disabled={!ready} loading={accept.isPending} data-testid="accept-submit">
                Accept {doc.kindLabel.toLowerCase()}
              </Button>
            </Group>
          )}
        </Stack>
      </form>
    </Card>
  );
}
