import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Modal,
  Skeleton,
  Stack,
  Table,
  Text,
  ThemeIcon,
  Title,
} from "@mantine/core";
import { IconBook, IconCheck, IconCircleCheck, IconInbox } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router-dom";
import { api, seg } from "../api";
import { Markdown } from "../components/Markdown";
import { PageHeader } from "../components/PageHeader";
import { CardsSkeleton, EmptyState, ErrorState } from "../components/States";
import { daysFromToday, formatDate, formatDateTime, plural } from "../format";
import { notifySuccess } from "../notify";
import { keys, useMyAcknowledgements } from "../queries";
import type { AckInboxItem, PolicyVersionPage } from "../types";

const useAcknowledge = () => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (item: AckInboxItem) =>
      api.post<{ acknowledgedAt: string }>(`/api/policy-versions/${seg(item.versionId)}/acknowledge`),
    meta: { errorTitle: "Not acknowledged" },
    onSuccess: (_res, item) => {
      notifySuccess(`You acknowledged ${item.title}, version ${item.version}.`, "Acknowledged");
      void queryClient.invalidateQueries({ queryKey: keys.myAcknowledgements });
      void queryClient.invalidateQueries({ queryKey: keys.policy(item.policyId) });
      void queryClient.invalidateQueries({ queryKey: keys.policies(item.organization.id) });
      void queryClient.invalidateQueries({ queryKey: keys.ackCoverage(item.organization.id) });
    },
  });
};

function DueText({ item }: { item: AckInboxItem }) {
  if (!item.dueOn) return null;
  const days = daysFromToday(item.dueOn) ?? 0;
  return (
    <Text
      size="xs"
      c={item.overdue ? "red.7" : days <= 7 ? "orange.8" : "dimmed"}
      fw={item.overdue ? 600 : undefined}
    >
      {item.overdue
        ? `Overdue since ${formatDate(item.dueOn)}`
        : `Due ${formatDate(item.dueOn)}${days >= 0 ? ` (in ${plural(days, "day")})` : ""}`}
    </Text>
  );
}

function ReadModal({
  item,
  onClose,
  onAcknowledge,
  pending,
}: {
  item: AckInboxItem | null;
  onClose: () => void;
  onAcknowledge: (item: AckInboxItem) => void;
  pending: boolean;
}) {
  const query = useQuery({
    queryKey: ["policy-version", item?.versionId ?? ""],
    queryFn: ({ signal }) =>
      api.get<PolicyVersionPage>(`/api/policy-versions/${seg(item?.versionId ?? "")}`, signal),
    enabled: !!item,
  });
  return (
    <Modal
      opened={!!item}
      onClose={onClose}
      size="xl"
      title={item ? `${item.title}, version ${item.version}` : ""}
      data-testid="policy-reader-modal"
    >
      {query.isPending ? (
        <Skeleton height={320} />
      ) : query.isError ? (
        <ErrorState error={query.error} />
      ) : (
        <Stack gap="md">
          {item?.changeNote ? (
            <Alert color="blue" variant="light" title="What changed">
              {item.changeNote}
            </Alert>
          ) : null}
          <Markdown source={query.data.version.body} testId="policy-text" />
          {item && !query.data.myAcknowledgement ? (
            <Group
              justify="space-between"
              p="md"
              style={{
                borderTop: "1px solid var(--mantine-color-gray-3)",
                position: "sticky",
                bottom: 0,
                background: "white",
              }}
            >
              <Text size="sm" c="dimmed">
                Your acknowledgement is recorded with the time, your IP address and browser.
              </Text>
              <Button
                color="teal"
                leftSection={<IconCheck size={16} />}
                onClick={() => onAcknowledge(item)}
                loading={pending}
              >
                I have read and accept this policy
              </Button>
            </Group>
          ) : null}
        </Stack>
      )}
    </Modal>
  );
}

/** The signed-in person's policy acknowledgements: what they still owe, and what they have done. */
export function AcknowledgementsPage() {
  const query = useMyAcknowledgements();
  const ack = useAcknowledge();
  const [reading, setReading] = useState<AckInboxItem | null>(null);

  const header = (
    <PageHeader
      title="Acknowledgements"
      subtitle="Policies you are asked to read and accept. Each new version needs a new acknowledgement."
    />
  );
  if (query.isPending) {
    return (
      <>
        {header}
        <CardsSkeleton count={1} height={120} />
      </>
    );
  }
  if (query.isError) {
    return (
      <>
        {header}
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      </>
    );
  }
  const { outstanding, acknowledged } = query.data;
  const acknowledge = (item: AckInboxItem) =>
    ack.mutate(item, { onSuccess: () => setReading((r) => (r?.versionId === item.versionId ? null : r)) });
  return (
    <>
      {header}
      <Stack gap="lg">
        <Card data-testid="ack-outstanding" data-count={outstanding.length}>
          <Group justify="space-between" mb="sm">
            <Title order={3}>To acknowledge</Title>
            {outstanding.length > 0 ? (
              <Badge color="orange" variant="light" size="lg">
                {outstanding.length}
              </Badge>
            ) : null}
          </Group>
          {outstanding.length === 0 ? (
            <EmptyState icon={<IconCircleCheck size={22} />} title="You are up to date" testId="ack-empty">
              You have acknowledged every policy that applies to you. New versions will appear here.
            </EmptyState>
          ) : (
            <Stack gap="sm">
              {outstanding.map((item) => (
                <Card
                  key={item.versionId}
                  withBorder
                  padding="md"
                  data-testid="ack-item"
                  data-policy={item.title}
                  data-version={item.version}
                  style={item.overdue ? { borderColor: "var(--mantine-color-red-4)" } : undefined}
                >
                  <Group justify="space-between" wrap="wrap" gap="md">
                    <Group gap="md" wrap="nowrap" style={{ minWidth: 0, flex: 1 }}>
                      <ThemeIcon size={40} radius="md" variant="light" color={item.overdue ? "red" : "brand"}>
                        <IconBook size={20} />
                      </ThemeIcon>
                      <Stack gap={2} style={{ minWidth: 0 }}>
                        <Group gap={6}>
                          <Text fw={600}>{item.title}</Text>
                          <Badge size="sm" variant="outline" color="gray">
                            Version {item.version}
                          </Badge>
                        </Group>
                        <Text size="xs" c="dimmed">
                          {item.organization.name} · published {formatDate(item.publishedAt)}
                          {item.changeNote ? ` · ${item.changeNote}` : ""}
                        </Text>
                        <DueText item={item} />
                      </Stack>
                    </Group>
                    <Group gap="sm">
                      <Button
                        variant="default"
                        leftSection={<IconBook size={16} />}
                        onClick={() => setReading(item)}
                        data-testid="read-policy"
                      >
                        Read
                      </Button>
                      <Button
                        color="teal"
                        leftSection={<IconCheck size={16} />}
                        onClick={() => acknowledge(item)}
                        loading={ack.isPending && ack.variables?.versionId === item.versionId}
                        data-testid="acknowledge-button"
                      >
                        I have read and accept this policy
                      </Button>
                    </Group>
                  </Group>
                </Card>
              ))}
            </Stack>
          )}
        </Card>
        <Card data-testid="ack-done-list">
          <Title order={3} mb="sm">
            Acknowledged
          </Title>
          {acknowledged.length === 0 ? (
            <Text size="sm" c="dimmed">
              Nothing yet.
            </Text>
          ) : (
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Policy</Table.Th>
                  <Table.Th>Version</Table.Th>
                  <Table.Th>Organization</Table.Th>
                  <Table.Th>Acknowledged</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {acknowledged.map((item) => (
                  <Table.Tr key={item.versionId} data-testid="ack-done">
                    <Table.Td>
                      <Anchor component={Link} to={`/policies/${item.policyId}`} size="sm" fw={500}>
                        {item.title}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>v{item.version}</Table.Td>
                    <Table.Td>
                      <Text size="sm">{item.organization.name}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Group gap={6}>
                        <IconCircleCheck size={16} color="var(--mantine-color-teal-6)" />
                        <Text size="sm">{formatDateTime(item.acknowledgedAt)}</Text>
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Card>
        <Group gap={6}>
          <IconInbox size={14} color="var(--mantine-color-dimmed)" />
          <Text size="xs" c="dimmed">
            Your organization can see who has acknowledged each version, and so can its auditor.
          </Text>
        </Group>
      </Stack>
      <ReadModal
        item={reading}
        onClose={() => setReading(null)}
        onAcknowledge={acknowledge}
        pending={ack.isPending}
      />
    </>
  );
}
