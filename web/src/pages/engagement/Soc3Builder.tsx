/**
 * The SOC 3 builder in the Report tab (issue 5 §4, §7): the general-use report of a Type 2 engagement.
 * It previews what goes in (the opinion on management's assertion, the assertion, the system's
 * boundaries and principal service commitments from the description), lists every reason issuance
 * would be refused, lets a partner issue (signed with the firm's certificate, published on the trust
 * portal), and lists the SOC 3 reports issued so far with their download and portal state.
 */
import {
  Accordion,
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  List,
  Modal,
  Stack,
  Table,
  Text,
  Title,
} from "@mantine/core";
import { IconFileCertificate, IconWorld } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api, errorMessage, seg } from "../../api";
import { ErrorState, TableSkeleton } from "../../components/States";
import { formatDate, formatDateTime, humanize } from "../../format";
import { notifySuccess } from "../../notify";
import { useTenant } from "../../session";
import { type PreviewSection, ReportBlocks } from "./ReportBlocks";

interface IssuedReport {
  id: string;
  kind: string;
  version: number;
  status: string;
  public: boolean;
  pages: number;
  coversUntil: string | null;
  signedAt: string | null;
  certificateFingerprint: string | null;
}

interface Soc3Preview {
  engagement: {
    id: string;
    orgId: string;
    type: string;
    periodStart: string | null;
    periodEnd: string | null;
  };
  canIssue: boolean;
  failures: { guard: string; message: string }[];
  opinion: { kind: string; basis: string | null } | null;
  description: { services: string; boundaries: string; commitments: string; requirements: string };
  sections: PreviewSection[] | null;
  issued: IssuedReport[];
}

export const soc3Key = (engagementId: string) => ["soc3-preview", engagementId] as const;

function Missing({ label, text }: { label: string; text: string }) {
  return (
    <Stack gap={2}>
      <Text size="xs" fw={600} c="dimmed" tt="uppercase">
        {label}
      </Text>
      {text.trim() ? (
        <Text size="sm" style={{ whiteSpace: "pre-wrap" }}>
          {text}
        </Text>
      ) : (
        <Text size="sm" c="red">
          Not written yet in the system description.
        </Text>
      )}
    </Stack>
  );
}

function IssuedSoc3Table({ rows, orgId }: { rows: IssuedReport[]; orgId: string }) {
  return (
    <Table data-testid="soc3-issued">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Version</Table.Th>
          <Table.Th>Signed</Table.Th>
          <Table.Th>Pages</Table.Th>
          <Table.Th>Trust portal</Table.Th>
          <Table.Th>PDF</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((r) => (
          <Table.Tr key={r.id}>
            <Table.Td>{r.version}</Table.Td>
            <Table.Td>{formatDateTime(r.signedAt)}</Table.Td>
            <Table.Td>{r.pages}</Table.Td>
            <Table.Td>
              {r.public ? (
                <Group gap={6}>
                  <Badge color="teal" leftSection={<IconWorld size={12} />}>
                    Public
                  </Badge>
                  <Anchor href={`/trust/${seg(orgId)}`} target="_blank" rel="noopener" size="sm">
                    Trust portal
                  </Anchor>
                </Group>
              ) : (
                <Badge color="gray">
                  {r.status === "superseded" ? "Superseded, not public" : "Not public"}
                </Badge>
              )}
            </Table.Td>
            <Table.Td>
              <Anchor href={`/api/reports/${seg(r.id)}/pdf`} target="_blank" rel="noopener">
                Download
              </Anchor>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

export function Soc3Builder({ engagementId }: { engagementId: string }) {
  const queryClient = useQueryClient();
  const { roles } = useTenant();
  const [confirming, setConfirming] = useState(false);
  const query = useQuery({
    queryKey: soc3Key(engagementId),
    queryFn: ({ signal }) =>
      api.get<Soc3Preview>(`/api/engagements/${seg(engagementId)}/soc3/preview`, signal),
  });
  const issue = useMutation({
    mutationFn: () => api.post<IssuedReport>(`/api/engagements/${seg(engagementId)}/soc3`),
    meta: { quiet: true },
    onSuccess: (r) => {
      notifySuccess(`SOC 3 version ${r.version} is signed and public on the trust portal.`, "SOC 3");
      setConfirming(false);
      void queryClient.invalidateQueries({ queryKey: soc3Key(engagementId) });
    },
  });
  if (query.isPending) return <TableSkeleton rows={3} />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  const p = query.data;
  if (p.engagement.type !== "type2") {
    return (
      <Text size="sm" c="dimmed" data-testid="soc3-type1">
        A SOC 3 report exists only for Type 2 engagements (operating effectiveness over a period).
      </Text>
    );
  }
  const isPartner = roles.includes("partner");
  const section = (id: string) => p.sections?.find((s) => s.id === id) ?? null;
  return (
    <Card withBorder padding="md" data-testid="soc3-builder">
      <Stack>
        <Group justify="space-between" align="flex-start">
          <Stack gap={2}>
            <Title order={4}>SOC 3 report</Title>
            <Text size="sm" c="dimmed" maw={720}>
              The general-use report for {formatDate(p.engagement.periodStart)} to{" "}
              {formatDate(p.engagement.periodEnd)}: the opinion on management's assertion, the assertion, and
              the system's boundaries and principal service commitments. No controls, tests or results.
            </Text>
          </Stack>
          {isPartner ? (
            <Button
              leftSection={<IconFileCertificate size={16} />}
              disabled={!p.canIssue}
              onClick={() => setConfirming(true)}
              data-testid="soc3-issue"
            >
              {p.issued.some((r) => r.status === "issued") ? "Issue a new version…" : "Issue SOC 3…"}
            </Button>
          ) : null}
        </Group>
        {p.failures.length > 0 ? (
          <Alert color="yellow" title="Before the SOC 3 can be issued" data-testid="soc3-failures">
            <List size="sm">
              {p.failures.map((f) => (
                <List.Item key={f.guard}>{f.message}</List.Item>
              ))}
            </List>
          </Alert>
        ) : null}
        <Accordion variant="separated" multiple defaultValue={["III"]}>
          <Accordion.Item value="I">
            <Accordion.Control>
              <Group gap="xs">
                <Text fw={600}>Opinion on management's assertion</Text>
                {p.opinion ? (
                  <Badge variant="light">{humanize(p.opinion.kind)}</Badge>
                ) : (
                  <Badge color="red">Not decided</Badge>
                )}
              </Group>
            </Accordion.Control>
            <Accordion.Panel>
              {section("I") ? (
                <ReportBlocks blocks={section("I")?.blocks ?? []} />
              ) : (
                <Text size="sm" c="dimmed">
                  Shown once the opinion is decided and the description is complete.
                </Text>
              )}
            </Accordion.Panel>
          </Accordion.Item>
          <Accordion.Item value="II">
            <Accordion.Control>
              <Text fw={600}>Management's assertion</Text>
            </Accordion.Control>
            <Accordion.Panel>
              {section("II") ? (
                <ReportBlocks blocks={section("II")?.blocks ?? []} />
              ) : (
                <Text size="sm" c="dimmed">
                  Shown once the opinion is decided and the description is complete.
                </Text>
              )}
            </Accordion.Panel>
          </Accordion.Item>
          <Accordion.Item value="III">
            <Accordion.Control>
              <Text fw={600}>System boundaries and principal service commitments</Text>
            </Accordion.Control>
            <Accordion.Panel>
              {section("III") ? (
                <ReportBlocks blocks={section("III")?.blocks ?? []} />
              ) : (
                <Stack gap="sm">
                  <Missing label="Boundaries (DC3)" text={p.description.boundaries} />
                  <Missing label="Principal service commitments (DC2)" text={p.description.commitments} />
                  <Missing label="System requirements" text={p.description.requirements} />
                </Stack>
              )}
            </Accordion.Panel>
          </Accordion.Item>
        </Accordion>
        {p.issued.length > 0 ? (
          <IssuedSoc3Table rows={p.issued} orgId={p.engagement.orgId} />
        ) : (
          <Text size="sm" c="dimmed">
            No SOC 3 issued yet.
          </Text>
        )}
      </Stack>
      <Modal
        opened={confirming}
        onClose={() => setConfirming(false)}
        title="Issue the SOC 3 report"
        size="lg"
      >
        <Stack>
          <Text size="sm">
            The report is rendered as previewed, signed with the firm's certificate in your name and published
            on the organization's trust portal, where anyone can download it. A previous SOC 3 of this
            engagement is superseded and leaves the portal.
          </Text>
          {issue.isError ? (
            <Alert color="red" data-testid="soc3-issue-error">
              {errorMessage(issue.error)}
            </Alert>
          ) : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(false)}>
              Cancel
            </Button>
            <Button loading={issue.isPending} onClick={() => issue.mutate()} data-testid="soc3-issue-confirm">
              Sign and publish
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Card>
  );
}
