/**
 * The organization admin's engagement documents: letters from the auditors awaiting acceptance
 * (read, then accept with name, title and agreement — plus an authenticator code for the
 * representation letter — or decline), and the letters already answered with their records.
 */
import { Anchor, Card, Group, Stack, Text, Title } from "@mantine/core";
import { IconSignature } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router-dom";
import { api, seg } from "../api";
import { PageHeader } from "../components/PageHeader";
import { EmptyState, ErrorState, TableSkeleton } from "../components/States";
import { formatDate } from "../format";
import {
  AcceptanceRecord,
  AcceptForm,
  documentKeys,
  type EngagementDocument,
  StatusBadge,
} from "./engagement/DocumentsShared";

function Pending({ doc }: { doc: EngagementDocument }) {
  return (
    <Card withBorder padding="lg" data-testid="pending-document">
      <Stack gap="sm">
        <Group justify="space-between">
          <div>
            <Title order={4}>
              {doc.kindLabel} · v{doc.version}
            </Title>
            <Text size="sm" c="dimmed">
              <Anchor component={Link} to={`/engagements/${seg(doc.engagementId)}?tab=documents`}>
                {doc.engagementName}
              </Anchor>{" "}
              · dated {formatDate(doc.letterDate)} · sent by{" "}
              {doc.sentBy?.name ?? doc.generatedBy?.name ?? "the firm"}
            </Text>
          </div>
          <StatusBadge status={doc.status} />
        </Group>
        <AcceptForm doc={doc} />
      </Stack>
    </Card>
  );
}

export function EngagementDocumentsPage() {
  const query = useQuery({
    queryKey: documentKeys.organization,
    queryFn: () => api.get<{ documents: EngagementDocument[] }>("/api/engagement-documents"),
  });
  const header = (
    <PageHeader
      title="Engagement documents"
      subtitle="Engagement letters and management representation letters from your auditors, to read and accept electronically."
    />
  );
  if (query.isPending)
    return (
      <Stack>
        {header}
        <TableSkeleton />
      </Stack>
    );
  if (query.isError)
    return (
      <Stack>
        {header}
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      </Stack>
    );
  const pending = query.data.documents.filter((d) => d.status === "sent");
  const answered = query.data.documents.filter((d) => d.status === "accepted" || d.status === "declined");
  return (
    <Stack>
      {header}
      <Title order={3}>Awaiting your acceptance</Title>
      {pending.length === 0 ? (
        <EmptyState
          icon={<IconSignature size={22} />}
          title="Nothing to accept"
          testId="no-pending-documents"
        >
          When your auditors send an engagement letter or a representation letter, it appears here.
        </EmptyState>
      ) : (
        pending.map((d) => <Pending key={d.id} doc={d} />)
      )}
      <Title order={3}>Answered</Title>
      {answered.length === 0 ? (
        <Text c="dimmed">No letter has been accepted or declined yet.</Text>
      ) : (
        answered.map((d) => (
          <Card key={d.id} withBorder padding="md" data-testid="answered-document">
            <Group justify="space-between" mb="xs">
              <Text fw={600}>
                {d.kindLabel} · v{d.version} ·{" "}
                <Anchor component={Link} to={`/engagements/${seg(d.engagementId)}?tab=documents`}>
                  {d.engagementName}
                </Anchor>
              </Text>
              <StatusBadge status={d.status} />
            </Group>
            {d.acceptance ? <AcceptanceRecord doc={d} /> : null}
            {d.decline ? (
              <Text size="sm">
                Declined on {formatDate(d.decline.at)}: {d.decline.reason}
              </Text>
            ) : null}
          </Card>
        ))
      )}
    </Stack>
  );
}
