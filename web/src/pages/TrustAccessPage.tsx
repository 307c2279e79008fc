/**
 * The organization's side of the trust portal (org admins): the public page's address, the queue of
 * access requests with approve / decline / revoke, and the download log (who, which report, when and
 * the watermark id printed on their copy), and the settings: allow-listed domains whose requests are
 * approved at once, and how many days a download link lasts.
 */
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  CopyButton,
  Group,
  NumberInput,
  Stack,
  Table,
  Tabs,
  TagsInput,
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
import { notifySuccess, notifyWarning } from "../notify";
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
  allowListed: boolean;
  createdAt: string;
  link: { url: string; expiresAt: string | null } | null;
}

interface Settings {
  allowedDomains: string[];
  linkDays: number;
  updatedAt: string | null;
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
      api.post<{ status: string; emailed?: boolean }>(
        `/api/trust-requests/${seg(r.id)}/${action}`,
        note.trim() ? { note: note.trim() } : {},
      ),
    onSuccess: (result) => {
      void client.invalidateQueries({ queryKey: ["trust-requests", orgId] });
      if (result.status !== "approved") return;
      if (result.emailed) notifySuccess(`The download link was e-mailed to ${r.email}.`, "Approved");
      else
        notifyWarning(
          `E-mail is not configured or failed: copy the link from the table and send it to ${r.email}; it also shows on the page they requested from.`,
          "Approved, not e-mailed",
        );
    },
  });
  return (
    <Stack gap={4}>
      <Group gap={4} wrap="nowrap">
        {r.status !== "approved" ? (
          <Button
            size="compact-xs"
            onClick={() => act.mutate("approve")}
            loading={act.isPending}
            data-testid="trust-approve"
          >
            Approve
          </Button>
        ) : (
          <Button
            size="compact-xs"
            color="red"
            variant="light"
            onClick={() => act.mutate("revoke")}
            loading={act.isPending}
            data-testid="trust-revoke"
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
            <Table.Tr key={r.id} data-testid="trust-request-row" data-email={r.email} data-status={r.status}>
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
                <Group gap={4}>
                  <Badge variant="light" color={STATUS_COLORS[r.status] ?? "gray"}>
                    {r.status}
                  </Badge>
                  {r.allowListed ? (
                    <Badge variant="outline" color="teal" size="sm" data-testid="trust-allow-listed">
                      allow-list
                    </Badge>
                  ) : null}
                </Group>
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

function SettingsPanel({ orgId }: { orgId: string }) {
  const client = useQueryClient();
  const q = useQuery({
    queryKey: ["trust-settings", orgId],
    queryFn: ({ signal }) =>
      api.get<{ settings: Settings }>(`/api/organizations/${seg(orgId)}/trust/settings`, signal),
  });
  const [draft, setDraft] = useState<{ allowedDomains: string[]; linkDays: number } | null>(null);
  const save = useMutation({
    mutationFn: (body: { allowedDomains: string[]; linkDays: number }) =>
      api.put<{ settings: Settings }>(`/api/organizations/${seg(orgId)}/trust/settings`, body),
    onSuccess: (result) => {
      client.setQueryData(["trust-settings", orgId], result);
      setDraft(null);
      notifySuccess("Trust portal settings saved.");
    },
  });
  if (q.isPending) return <PageLoader />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  const value = draft ?? {
    allowedDomains: q.data.settings.allowedDomains,
    linkDays: q.data.settings.linkDays,
  };
  return (
    <Card withBorder padding="lg" maw={720} data-testid="trust-settings">
      <Stack gap="md">
        <TagsInput
          label="Allow-listed e-mail domains"
          description="Requests from these domains (and their subdomains) are approved at once, without review. Company domains only; personal mailboxes are refused."
          placeholder="e.g. customer-bank.com, then Enter"
          value={value.allowedDomains}
          onChange={(allowedDomains) => setDraft({ ...value, allowedDomains })}
          splitChars={[",", " ", ";"]}
          clearable
          data-testid="trust-allowed-domains"
        />
        <NumberInput
          label="Download links last (days)"
          description="Applies to links approved from now on; a link can be revoked at any time."
          min={1}
          max={90}
          w={220}
          value={value.linkDays}
          onChange={(v) => setDraft({ ...value, linkDays: typeof v === "number" ? v : Number(v) || 1 })}
          data-testid="trust-link-days"
        />
        {save.isError ? (
          <Alert color="red" icon={<IconAlertCircle size={16} />}>
            {errorMessage(save.error)}
          </Alert>
        ) : null}
        <Group>
          <Button
            onClick={() => save.mutate(value)}
            loading={save.isPending}
            disabled={draft === null}
            data-testid="trust-settings-save"
          >
            Save settings
          </Button>
          {q.data.settings.updatedAt ? (
            <Text size="xs" c="dimmed">
              Last changed {formatDateTime(q.data.settings.updatedAt)}
            </Text>
          ) : null}
        </Group>
      </Stack>
    </Card>
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
              Approving makes an expiring download link: the requester sees it on the page they requested
              from, receives it by e-mail when this server has e-mail configured, and you can copy it here.
              Each download is watermarked for the recipient and logged.
            </Alert>
            <Tabs defaultValue="requests" keepMounted={false}>
              <Tabs.List>
                <Tabs.Tab value="requests">Access requests</Tabs.Tab>
                <Tabs.Tab value="downloads">Download log</Tabs.Tab>
                <Tabs.Tab value="settings" data-testid="trust-settings-tab">
                  Settings
                </Tabs.Tab>
              </Tabs.List>
              <Tabs.Panel value="requests" pt="md">
                <Requests orgId={orgId} />
              </Tabs.Panel>
              <Tabs.Panel value="downloads" pt="md">
                <Downloads orgId={orgId} />
              </Tabs.Panel>
              <Tabs.Panel value="settings" pt="md">
                <SettingsPanel orgId={orgId} />
              </Tabs.Panel>
            </Tabs>
          </Stack>
        </>
      )}
    </OrgOnly>
  );
}
