import {
  Alert,
  Anchor,
  Badge,
  Box,
  Button,
  Card,
  Divider,
  Drawer,
  Group,
  Modal,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  Title,
} from "@mantine/core";
import {
  IconArrowRight,
  IconCalendarEvent,
  IconCheck,
  IconMail,
  IconMessageCircleQuestion,
  IconPhone,
  IconX,
} from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type ReactNode, useState } from "react";
import { Link, Navigate, useNavigate, useParams, useSearchParams } from "react-router-dom";
import { api, seg } from "../api";
import { CostClassBadge, EnquiryStatusBadge } from "../components/Badges";
import { PageHeader } from "../components/PageHeader";
import { DriversTable, QuoteSummary } from "../components/QuoteView";
import { EmptyState, ErrorState, TableSkeleton } from "../components/States";
import {
  categoryName,
  formatDateTime,
  formatMoney,
  formatRelative,
  HOSTING_OPTIONS,
  humanize,
  LEVEL_OPTIONS,
  sectorLabel,
  typeLabel,
} from "../format";
import { notifySuccess } from "../notify";
import { keys, useDashboard, useEnquiries } from "../queries";
import { useFirmId, useTenant } from "../session";
import type { Enquiry, Handles } from "../types";

const CLOSED = new Set(["converted", "declined", "closed", "archived"]);

const optionLabel = (options: { value: string; label: string }[], value: unknown): string =>
  typeof value === "string" ? (options.find((o) => o.value === value)?.label ?? humanize(value)) : "—";

const HANDLE_LABELS: Record<keyof Handles, string> = {
  personalData: "Personal data",
  transactionProcessing: "Transaction processing",
  uptimeCommitments: "Uptime commitments",
  confidentialClientData: "Confidential client data",
};

function Answer({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Box>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" fw={500} component="div">
        {children}
      </Text>
    </Box>
  );
}

function Answers({ enquiry }: { enquiry: Enquiry }) {
  const a = enquiry.answers ?? {};
  const handles: Partial<Handles> = { ...(a.handles ?? {}) };
  for (const key of Object.keys(HANDLE_LABELS) as (keyof Handles)[]) {
    if (typeof a[key] === "boolean") handles[key] = a[key];
  }
  const handled = (Object.keys(HANDLE_LABELS) as (keyof Handles)[]).filter((k) => handles[k]);
  return (
    <Stack gap="sm" data-testid="enquiry-answers">
      <SimpleGrid cols={{ base: 2, sm: 3 }} spacing="sm" verticalSpacing="sm">
        <Answer label="Report type">{typeLabel(a.type)}</Answer>
        <Answer label="Period">
          {a.type === "type2" && a.periodMonths ? `${a.periodMonths} months` : "—"}
        </Answer>
        <Answer label="Categories">{(a.categories ?? []).map(categoryName).join(", ") || "Security"}</Answer>
        <Answer label="Employees">{a.employees ?? "—"}</Answer>
        <Answer label="Systems">{a.systems ?? "—"}</Answer>
        <Answer label="Locations">{a.locations ?? "—"}</Answer>
        <Answer label="Vendors">{a.vendors ?? "—"}</Answer>
        <Answer label="Hosting">{optionLabel(HOSTING_OPTIONS, a.hosting)}</Answer>
        <Answer label="Control maturity">{optionLabel(LEVEL_OPTIONS, a.maturity)}</Answer>
        <Answer label="Evidence readiness">{optionLabel(LEVEL_OPTIONS, a.evidenceReadiness)}</Answer>
        <Answer label="Currency">{typeof a.currency === "string" ? a.currency : "—"}</Answer>
        <Answer label="Sector">{sectorLabel(enquiry.sector)}</Answer>
      </SimpleGrid>
      <Answer label="The service handles">
        {handled.length === 0 ? (
          <Text size="sm" c="dimmed" span>
            None of personal data, transactions, uptime commitments or confidential client data
          </Text>
        ) : (
          <Group gap={6} mt={2}>
            {handled.map((k) => (
              <Badge key={k} variant="light" color="gray">
                {HANDLE_LABELS[k]}
              </Badge>
            ))}
          </Group>
        )}
      </Answer>
    </Stack>
  );
}

function EnquiryDetail({ enquiry, firmId }: { enquiry: Enquiry; firmId: string }) {
  const { isPartner } = useTenant();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [declineOpen, setDeclineOpen] = useState(false);
  const [reason, setReason] = useState("");
  const invalidate = () => {
    void queryClient.invalidateQueries({ queryKey: keys.enquiries(firmId) });
    void queryClient.invalidateQueries({ queryKey: keys.dashboard(firmId) });
  };

  const convert = useMutation({
    mutationFn: () =>
      api.post<{ organizationId: string; engagementId: string }>(`/api/enquiries/${seg(enquiry.id)}/convert`),
    meta: { errorTitle: "Enquiry not converted" },
    onSuccess: (res) => {
      notifySuccess(
        `${enquiry.company} is now a client, with an engagement in Scoping.`,
        "Converted to client",
      );
      invalidate();
      navigate(res.engagementId ? `/engagements/${res.engagementId}` : `/clients/${res.organizationId}`);
    },
  });
  const decline = useMutation({
    mutationFn: () => api.post(`/api/enquiries/${seg(enquiry.id)}/decline`, { reason: reason.trim() }),
    meta: { errorTitle: "Enquiry not declined" },
    onSuccess: () => {
      notifySuccess(`The enquiry from ${enquiry.company} was declined.`, "Enquiry declined");
      setDeclineOpen(false);
      setReason("");
      invalidate();
    },
  });

  const open = !CLOSED.has(enquiry.status);
  const declineReason = enquiry.declineReason ?? enquiry.declinedReason;

  return (
    <Stack gap="lg" data-testid="enquiry-detail">
      <Group justify="space-between" align="flex-start">
        <Stack gap={2}>
          <Group gap="xs">
            <Title order={2}>{enquiry.company}</Title>
            <EnquiryStatusBadge status={enquiry.status} />
          </Group>
          <Text size="sm" c="dimmed">
            Received {formatDateTime(enquiry.createdAt)}
          </Text>
        </Stack>
      </Group>

      <Card padding="md">
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
          <Answer label="Contact">{enquiry.contactName}</Answer>
          <Answer label="Email">
            <Anchor href={`mailto:${enquiry.email}`} size="sm">
              <IconMail size={13} style={{ verticalAlign: "-2px" }} /> {enquiry.email}
            </Anchor>
          </Answer>
          {enquiry.phone ? (
            <Answer label="Phone">
              <IconPhone size={13} style={{ verticalAlign: "-2px" }} /> {enquiry.phone}
            </Answer>
          ) : null}
          {enquiry.city ? <Answer label="City">{enquiry.city}</Answer> : null}
        </SimpleGrid>
        {enquiry.meetingRequestedAt || enquiry.requestMeeting ? (
          <Alert color="violet" variant="light" mt="sm" p="xs" icon={<IconCalendarEvent size={16} />}>
            <Text size="sm" fw={500}>
              Scoping meeting requested
            </Text>
            {enquiry.meetingNote ? <Text size="sm">{enquiry.meetingNote}</Text> : null}
          </Alert>
        ) : enquiry.meetingNote ? (
          <Text size="sm" mt="sm">
            {enquiry.meetingNote}
          </Text>
        ) : null}
      </Card>

      {open ? (
        isPartner ? (
          <Group>
            <Button
              leftSection={<IconCheck size={16} />}
              loading={convert.isPending}
              onClick={() => convert.mutate()}
              data-testid="convert-enquiry"
            >
              Convert to client
            </Button>
            <Button
              variant="default"
              color="red"
              leftSection={<IconX size={16} />}
              onClick={() => setDeclineOpen(true)}
              data-testid="decline-enquiry"
            >
              Decline
            </Button>
          </Group>
        ) : (
          <Text size="sm" c="dimmed">
            A partner converts this enquiry into a client and engagement, or declines it.
          </Text>
        )
      ) : enquiry.status === "converted" ? (
        <Group gap="sm">
          {enquiry.convertedEngagementId ? (
            <Button
              component={Link}
              to={`/engagements/${enquiry.convertedEngagementId}`}
              rightSection={<IconArrowRight size={16} />}
              variant="light"
            >
              Open the engagement
            </Button>
          ) : null}
          {enquiry.convertedOrgId ? (
            <Button component={Link} to={`/clients/${enquiry.convertedOrgId}`} variant="default">
              Open the client
            </Button>
          ) : null}
        </Group>
      ) : declineReason ? (
        <Alert color="gray" variant="light" title="Declined">
          {declineReason}
        </Alert>
      ) : null}

      <Stack gap="sm">
        <Title order={3}>Questionnaire</Title>
        <Answers enquiry={enquiry} />
      </Stack>

      <Divider />
      <Stack gap="md">
        <Title order={3}>Indicative quote</Title>
        {enquiry.quote ? (
          <>
            <QuoteSummary quote={enquiry.quote} compact />
            <DriversTable quote={enquiry.quote} />
          </>
        ) : (
          <Text size="sm" c="dimmed">
            No quote was stored with this enquiry.
          </Text>
        )}
      </Stack>

      <Modal
        opened={declineOpen}
        onClose={() => setDeclineOpen(false)}
        title={`Decline the enquiry from ${enquiry.company}`}
      >
        <form
          onSubmit={(e) => {
            e.preventDefault();
            decline.mutate();
          }}
        >
          <Stack gap="sm">
            <Textarea
              label="Reason"
              description="Kept with the enquiry and in the audit trail"
              placeholder="e.g. Independence conflict: we provide consulting services to this company."
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
              autosize
              minRows={3}
              required
              data-autofocus
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setDeclineOpen(false)}>
                Cancel
              </Button>
              <Button type="submit" color="red" loading={decline.isPending} data-testid="confirm-decline">
                Decline
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </Stack>
  );
}

type Filter = "open" | "all" | "converted" | "declined";

export function EnquiriesPage() {
  const firmId = useFirmId();
  const { enquiryId } = useParams();
  const navigate = useNavigate();
  const query = useEnquiries(firmId);
  const dashboard = useDashboard(firmId);
  const [filter, setFilter] = useState<Filter>("all");
  const [search] = useSearchParams();
  if (!firmId) return <Navigate to="/" replace />;
  // Notifications and e-mails link to /enquiries?open=<id>.
  const open = search.get("open");
  if (!enquiryId && open) return <Navigate to={`/enquiries/${encodeURIComponent(open)}`} replace />;

  const slug = dashboard.data?.firm.slug;
  const all = query.data?.enquiries ?? [];
  const shown = all.filter((q) =>
    filter === "all" ? true : filter === "open" ? !CLOSED.has(q.status) : q.status === filter,
  );
  const selected = enquiryId ? all.find((q) => q.id === enquiryId) : undefined;

  return (
    <>
      <PageHeader
        title="Enquiries"
        subtitle={
          slug ? (
            <>
              Scoping questionnaires from your public page{" "}
              <Anchor href={`/f/${slug}`} target="_blank" rel="noreferrer" size="sm">
                /f/{slug}
              </Anchor>
            </>
          ) : (
            "Scoping questionnaires from your public page"
          )
        }
      />
      <Card padding="md">
        {query.isPending ? (
          <TableSkeleton />
        ) : query.isError ? (
          <ErrorState error={query.error} onRetry={() => void query.refetch()} />
        ) : all.length === 0 ? (
          <EmptyState
            icon={<IconMessageCircleQuestion size={22} />}
            title="No enquiries yet"
            testId="enquiries-empty"
          >
            No enquiries yet — share your public page:{" "}
            {slug ? (
              <Anchor href={`/f/${slug}`} target="_blank" rel="noreferrer" size="sm">
                /f/{slug}
              </Anchor>
            ) : (
              "/f/<your firm>"
            )}
          </EmptyState>
        ) : (
          <Stack gap="sm">
            <SegmentedControl
              value={filter}
              onChange={(v) => setFilter(v as Filter)}
              data={[
                { value: "all", label: `All (${all.length})` },
                { value: "open", label: `Open (${all.filter((q) => !CLOSED.has(q.status)).length})` },
                { value: "converted", label: "Converted" },
                { value: "declined", label: "Declined" },
              ]}
              w="fit-content"
              data-testid="enquiry-filter"
            />
            <Box style={{ overflowX: "auto" }}>
              <Table miw={760} data-testid="enquiries-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Company</Table.Th>
                    <Table.Th>Contact</Table.Th>
                    <Table.Th>Scope</Table.Th>
                    <Table.Th ta="right">Indicative quote</Table.Th>
                    <Table.Th>Received</Table.Th>
                    <Table.Th>Status</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {shown.map((q) => (
                    <Table.Tr
                      key={q.id}
                      data-testid="enquiry-row"
                      bg={q.id === enquiryId ? "var(--mantine-color-brand-0)" : undefined}
                    >
                      <Table.Td>
                        <Link className="fw-row-link" to={`/enquiries/${q.id}`}>
                          {q.company}
                        </Link>
                        <Text size="xs" c="dimmed">
                          {sectorLabel(q.sector)}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{q.contactName}</Text>
                        <Text size="xs" c="dimmed">
                          {q.email}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">
                          {typeLabel(q.answers?.type)}
                          {q.answers?.categories ? ` · ${q.answers.categories.join(", ")}` : ""}
                        </Text>
                      </Table.Td>
                      <Table.Td ta="right">
                        {q.quote ? (
                          <Stack gap={2} align="flex-end">
                            <Text size="sm" fw={600} className="fw-tabular">
                              {formatMoney(q.quote.total, q.quote.currency)}
                            </Text>
                            <CostClassBadge costClass={q.quote.costClass} size="xs" />
                          </Stack>
                        ) : (
                          "—"
                        )}
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm" title={formatDateTime(q.createdAt)}>
                          {formatRelative(q.createdAt)}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <EnquiryStatusBadge status={q.status} />
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Box>
            {shown.length === 0 ? (
              <Text size="sm" c="dimmed" ta="center" py="md">
                No enquiries with this status.
              </Text>
            ) : null}
          </Stack>
        )}
      </Card>
      <Drawer
        opened={!!enquiryId}
        onClose={() => navigate("/enquiries")}
        position="right"
        size="xl"
        title={<Text fw={600}>Enquiry</Text>}
      >
        {selected ? (
          <EnquiryDetail enquiry={selected} firmId={firmId} />
        ) : query.isPending ? (
          <TableSkeleton />
        ) : query.isError ? (
          <ErrorState error={query.error} />
        ) : (
          <EmptyState title="Enquiry not found">
            It may have been removed, or it belongs to another firm.
          </EmptyState>
        )}
      </Drawer>
    </>
  );
}
