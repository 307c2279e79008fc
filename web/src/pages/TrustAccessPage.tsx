/**
 * The organization's side of the trust portal (org admins): the public page's address, the queue of
 * access requests with approve / decline / revoke, and the download log (who, which report, when and
 * the watermark id printed on their copy).
 */
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  CopyButton,
  Group,
  Stack,
  Table,
  Tabs,
  Text,
  TextInput,
} from "@mantine/core";
import { IconAlertCircle } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api, errorMessage, seg } from "../api";
import { PageHeader } from "../components/PageHeader";
import { EmptyState, ErrorState, PageLoader } from "../components/States";
import { formatDate, formatDateTime } from "../format";
import { OrgOnly } from "../workspace";

interface AccessRequest {
  id: string;
  name: string;
  email: string;
  company: string;
  reportTitle: string;
  ndaVersion: string;
  ndaAcceptedAt: string;
  ip: string | null;
  status: string;
  expiresAt: string | null;
  decisionNote: string | null;
  createdAt: string;
  link: { url: string; expiresAt: string | null } | null;
}

interface Download {
  id: string;
  reportTitle: string;
  recipient: string;
  name: string | null;
  company: string | null;
  watermarkId: string;
  ip: string | null;
  at: string;
}

const STATUS_COLORS: Record<string, string> = {
  pending: "blue",
  approved: "teal",
  declined: "gray",
  revoked: "red",
  expired: "orange",
};

function RequestActions({ orgId, r }: { orgId: string; r: AccessRequest }) {
  const client = useQueryClient();
  const [note, setNote] = useState("");
  const act = useMutation({
    mutationFn: (action: "approve" | "decline" | "revoke") =>
      api.post(`/api/trust-requests/${seg(r.id)}/${action}`, note.trim() ? { note: note.trim() } : {}),
    onSuccess: () => void client.invalidateQueries({ queryKey: ["trust-requests", orgId] }),
  });
  return (
    <Stack gap={4}>
      <Group gap={4} wrap="nowrap">
        {r.status !== "approved" ? (
          <Button size="compact-xs" onClick={() => act.mutate("approve")} loading={act.isPending}>
            Approve
          </Button>
        ) : (
          <Button
            size="compact-xs"
            color="red"
            variant="light"
            onClick={() => act.mutate("revoke")}
            loading={act.isPending}
          >
            Revoke
          </Button>
        )}
        {r.status === "pending" ? (
          <Button
            size="compact-xs"
            variant="default"
            onClick={() => act.mutate("decline")}
            loading={act.isPending}
          >
            Decline
          </Button>
        ) : null}
        <TextInput
          size="xs"
          placeholder="Note (optional)"
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
          w={160}
        />
      </Group>
      {act.isError ? (
        <Text size="xs" c="red">
          {errorMessage(act.error)}
        </Text>
      ) : null}
    </Stack>
  );
}

function Requests({ orgId }: { orgId: string }) {
  const q = useQuery({
    queryKey: ["trust-requests", orgId],
    queryFn: ({ signal }) =>
      api.get<{ requests: AccessRequest[] }>(`/api/organizations/${seg(orgId)}/trust/requests`, signal),
  });
  if (q.isPending) return <PageLoader />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  if (q.data.requests.length === 0) return <EmptyState title="No access requests yet" />;
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table verticalSpacing="xs" data-testid="trust-requests">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Requester</Table.Th>
            <Table.Th>Report</Table.Th>
            <Table.Th>NDA</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>Link</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {q.data.requests.map((r) => (
            <Table.Tr key={r.id}>
              <Table.Td>
                <Text size="sm" fw={500}>
                  {r.name}, {r.company}
                </Text>
                <Text size="xs" c="dimmed">
                  {r.email}
                </Text>
              </Table.Td>
              <Table.Td>{r.reportTitle}</Table.Td>
              <Table.Td>
                <Text size="xs">{r.ndaVersion}</Text>
                <Text size="xs" c="dimmed">
                  {formatDateTime(r.ndaAcceptedAt)}
                  {r.ip ? ` · ${r.ip}` : ""}
                </Text>
              </Table.Td>
              <Table.Td>
                <Badge variant="light" color={STATUS_COLORS[r.status] ?? "gray"}>
                  {r.status}
                </Badge>
                {r.decisionNote ? (
                  <Text size="xs" c="dimmed">
                    {r.decisionNote}
                  </Text>
                ) : null}
              </Table.Td>
              <Table.Td>
                {r.link ? (
                  <CopyButton value={`${window.location.origin}${r.link.url}`}>
                    {({ copied, copy }) => (
                      <Button size="compact-xs" variant="subtle" onClick={copy}>
                        {copied ? "Copied" : `Copy link (until ${formatDate(r.link?.expiresAt)})`}
                      </Button>
                    )}
                  </CopyButton>
                ) : (
                  <Text size="xs" c="dimmed">
                    —
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <RequestActions orgId={orgId} r={r} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function Downloads({ orgId }: { orgId: string }) {
  const q = useQuery({
    queryKey: ["trust-downloads", orgId],
    queryFn: ({ signal }) =>
      api.get<{ downloads: Download[] }>(`/api/organizations/${seg(orgId)}/trust/downloads`, signal),
  });
  if (q.isPending) return <PageLoader />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  if (q.data.downloads.length === 0) return <EmptyState title="No downloads yet" />;
  return (
    <Table verticalSpacing="xs" data-testid="trust-downloads">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>When</Table.Th>
          <Table.Th>Who</Table.Th>
          <Table.Th>Report</Table.Th>
          <Table.Th>Watermark id</Table.Th>
          <Table.Th>Address</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {q.data.downloads.map((d) => (
          <Table.Tr key={d.id}>
            <Table.Td>{formatDateTime(d.at)}</Table.Td>
            <Table.Td>
              {d.recipient === "public"
                ? "Public copy"
                : `${d.name ?? ""} <${d.recipient}>${d.company ? `, ${d.company}` : ""}`}
            </Table.Td>
            <Table.Td>{d.reportTitle}</Table.Td>
            <Table.Td>
              <Text ff="monospace" size="sm">
                {d.watermarkId}
              </Text>
            </Table.Td>
            <Table.Td>{d.ip ?? "—"}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

export function TrustAccessPage() {
  return (
    <OrgOnly what="trust portal">
      {(orgId) => (
        <>
          <PageHeader
            title="Trust portal"
            subtitle="Who asked for your reports under the NDA, who downloaded them, and the public page."
          />
          <Stack gap="lg">
            <Card withBorder padding="md">
              <Group justify="space-between">
                <Text size="sm">
                  Your public page:{" "}
                  <Anchor href={`/trust/${orgId}`} target="_blank" rel="noreferrer">
                    {`${window.location.origin}/trust/${orgId}`}
                  </Anchor>
                </Text>
              </Group>
            </Card>
            <Alert variant="light" icon={<IconAlertCircle size={16} />}>
              Approving sends nothing by e-mail: the requester sees the link on the page they requested from,
              and you can copy it here. Each download is watermarked for the recipient and logged below.
            </Alert>
            <Tabs defaultValue="requests">
              <Tabs.List>
                <Tabs.Tab value="requests">Access requests</Tabs.Tab>
                <Tabs.Tab value="downloads">Download log</Tabs.Tab>
              </Tabs.List>
              <Tabs.Panel value="requests" pt="md">
                <Requests orgId={orgId} />
              </Tabs.Panel>
              <Tabs.Panel value="downloads" pt="md">
                <Downloads orgId={orgId} />
              </Tabs.Panel>
            </Tabs>
          </Stack>
        </>
      )}
    </OrgOnly>
  );
}
