import {
  Anchor,
  Box,
  Button,
  Card,
  Grid,
  Group,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  ThemeIcon,
  Title,
  Tooltip,
} from "@mantine/core";
import {
  IconBuildingSkyscraper,
  IconClipboardList,
  IconExternalLink,
  IconMessageCircleQuestion,
  IconPlus,
} from "@tabler/icons-react";
import type { ReactNode } from "react";
import { Link } from "react-router-dom";
import { EnquiryStatusBadge } from "../components/Badges";
import { PageHeader } from "../components/PageHeader";
import { ReportCurrencyBanner } from "../components/ReportCurrencyBanner";
import { ReportCurrencyCard } from "../components/ReportCurrencyCard";
import { CardsSkeleton, EmptyState, ErrorState, TableSkeleton } from "../components/States";
import {
  clientEngagementCount,
  formatMoney,
  formatRelative,
  STAGE_LABELS,
  STAGE_SHORT_LABELS,
  sectorLabel,
  summaryClient,
} from "../format";
import { useDashboard } from "../queries";
import { useTenant } from "../session";
import { type Dashboard, type EngagementSummary, STAGES } from "../types";
import { AccessReviewBanner } from "./governance/AccessReviewBanner";
import { ReadinessView } from "./ReadinessPage";

const CLOSED_ENQUIRY = new Set(["converted", "declined", "closed", "archived"]);

const countOf = (counts: Record<string, number> | undefined, names: string[], fallback: number): number => {
  for (const name of names) {
    const v = counts?.[name];
    if (typeof v === "number") return v;
  }
  return fallback;
};

function Kpi({
  label,
  value,
  icon,
  to,
  testId,
}: {
  label: string;
  value: number;
  icon: ReactNode;
  to: string;
  testId: string;
}) {
  return (
    <Card component={Link} to={to} padding="md" data-testid={testId} style={{ textDecoration: "none" }}>
      <Group justify="space-between" align="flex-start">
        <Stack gap={2}>
          <Text size="xs" c="dimmed" tt="uppercase" fw={600} style={{ letterSpacing: "0.04em" }}>
            {label}
          </Text>
          <Text fz={30} fw={700} lh={1.15} className="fw-tabular" data-testid="kpi-value">
            {value}
          </Text>
        </Stack>
        <ThemeIcon variant="light" size={38} radius="md">
          {icon}
        </ThemeIcon>
      </Group>
    </Card>
  );
}

/** Ten columns, one per stage: how many engagements sit there, and which. */
export function Pipeline({ data }: { data: Dashboard }) {
  const byStage = (stage: string): EngagementSummary[] => data.engagements.filter((e) => e.stage === stage);
  return (
    <Card padding="md" data-testid="pipeline">
      <Group justify="space-between" mb="sm">
        <Title order={3}>Engagements by stage</Title>
        <Anchor component={Link} to="/engagements" size="sm">
          All engagements
        </Anchor>
      </Group>
      <Box>
        <SimpleGrid cols={{ base: 2, sm: 5, xl: 10 }} spacing={6}>
          {STAGES.map((stage) => {
            const list = byStage(stage);
            const n = data.engagementsByStage?.[stage] ?? list.length;
            return (
              <Paper
                key={stage}
                p="xs"
                radius="sm"
                withBorder
                bg={n > 0 ? "white" : "var(--mantine-color-gray-0)"}
                data-testid={`pipeline-${stage}`}
                data-count={n}
              >
                <Tooltip label={STAGE_LABELS[stage]}>
                  <Text size="xs" c="dimmed" fw={600} lh={1.25} h={30} lineClamp={2}>
                    {STAGE_SHORT_LABELS[stage]}
                  </Text>
                </Tooltip>
                <Text fz={22} fw={700} c={n > 0 ? undefined : "gray.4"} className="fw-tabular">
                  {n}
                </Text>
                <Stack gap={2} mt={4}>
                  {list.slice(0, 3).map((e) => (
                    <Anchor
                      key={e.id}
                      component={Link}
                      to={`/engagements/${e.id}`}
                      size="xs"
                      lineClamp={1}
                      title={`${e.name} · ${summaryClient(e).name}`}
                    >
                      {summaryClient(e).name !== "—" ? summaryClient(e).name : e.name}
                    </Anchor>
                  ))}
                  {list.length > 3 ? (
                    <Text size="xs" c="dimmed">
                      +{list.length - 3} more
                    </Text>
                  ) : null}
                </Stack>
              </Paper>
            );
          })}
        </SimpleGrid>
      </Box>
    </Card>
  );
}

function FirmDashboard({ firmId }: { firmId: string }) {
  const query = useDashboard(firmId);
  const { tenant } = useTenant();

  if (query.isPending) {
    return (
      <Stack>
        <PageHeader title="Dashboard" subtitle={tenant?.name} />
        <CardsSkeleton count={3} />
        <CardsSkeleton count={1} height={150} />
        <TableSkeleton />
      </Stack>
    );
  }
  if (query.isError) {
    return (
      <>
        <PageHeader title="Dashboard" subtitle={tenant?.name} />
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      </>
    );
  }
  const data = query.data;
  const slug = data.firm.slug;
  const openEnquiries = data.enquiries.filter((e) => !CLOSED_ENQUIRY.has(e.status)).length;

  return (
    <>
      <PageHeader
        title="Dashboard"
        subtitle={data.firm.name}
        actions={
          <>
            {slug ? (
              <Button
                component="a"
                href={`/f/${slug}`}
                target="_blank"
                rel="noreferrer"
                variant="default"
                leftSection={<IconExternalLink size={16} />}
              >
                Public page
              </Button>
            ) : null}
            <Button component={Link} to="/engagements/new" leftSection={<IconPlus size={16} />}>
              New engagement
            </Button>
          </>
        }
      />
      <Stack gap="lg">
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md">
          <Kpi
            label="Active engagements"
            value={countOf(
              data.counts,
              ["activeEngagements", "engagements", "active"],
              data.engagements.length,
            )}
            icon={<IconClipboardList size={20} />}
            to="/engagements"
            testId="kpi-active-engagements"
          />
          <Kpi
            label="Clients"
            value={countOf(data.counts, ["clients", "organizations"], data.clients.length)}
            icon={<IconBuildingSkyscraper size={20} />}
            to="/clients"
            testId="kpi-clients"
          />
          <Kpi
            label="Open enquiries"
            value={countOf(data.counts, ["openEnquiries", "enquiries", "newEnquiries"], openEnquiries)}
            icon={<IconMessageCircleQuestion size={20} />}
            to="/enquiries"
            testId="kpi-open-enquiries"
          />
        </SimpleGrid>

        <Pipeline data={data} />

        <ReportCurrencyCard firmId={data.firm.id} />

        <Grid gutter="lg">
          <Grid.Col span={{ base: 12, md: 7 }}>
            <Card padding="md" data-testid="clients-card">
              <Group justify="space-between" mb="sm">
                <Title order={3}>Clients</Title>
                <Anchor component={Link} to="/clients" size="sm">
                  Manage clients
                </Anchor>
              </Group>
              {data.clients.length === 0 ? (
                <EmptyState
                  icon={<IconBuildingSkyscraper size={22} />}
                  title="No clients yet"
                  action={
                    <Button component={Link} to="/clients?new=1" size="xs" variant="default">
                      Add a client
                    </Button>
                  }
                >
                  Add a client, or convert an enquiry from your public page into one.
                </EmptyState>
              ) : (
                <Table data-testid="clients-table">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Client</Table.Th>
                      <Table.Th>Sector</Table.Th>
                      <Table.Th>City</Table.Th>
                      <Table.Th ta="right">Engagements</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {data.clients.map((c) => (
                      <Table.Tr key={c.id}>
                        <Table.Td>
                          <Link className="fw-row-link" to={`/clients/${c.id}`}>
                            {c.name}
                          </Link>
                        </Table.Td>
                        <Table.Td>
                          <Text size="sm">{sectorLabel(c.sector)}</Text>
                        </Table.Td>
                        <Table.Td>
                          <Text size="sm">{c.city ?? "—"}</Text>
                        </Table.Td>
                        <Table.Td ta="right" className="fw-tabular">
                          {clientEngagementCount(c)}
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              )}
            </Card>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 5 }}>
            <Card padding="md" data-testid="latest-enquiries">
              <Group justify="space-between" mb="sm">
                <Title order={3}>Latest enquiries</Title>
                <Anchor component={Link} to="/enquiries" size="sm">
                  All enquiries
                </Anchor>
              </Group>
              {data.enquiries.length === 0 ? (
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
                <Stack gap={0}>
                  {data.enquiries.slice(0, 10).map((q) => {
                    const total = q.total ?? q.quote?.total;
                    const currency = q.currency ?? q.quote?.currency ?? "INR";
                    return (
                      <Group
                        key={q.id}
                        justify="space-between"
                        wrap="nowrap"
                        py={8}
                        style={{ borderBottom: "1px solid var(--mantine-color-gray-2)" }}
                        data-testid="enquiry-row"
                      >
                        <Stack gap={0} style={{ minWidth: 0 }}>
                          <Anchor component={Link} to={`/enquiries/${q.id}`} fw={500} size="sm" truncate>
                            {q.company}
                          </Anchor>
                          <Text size="xs" c="dimmed">
                            {formatRelative(q.createdAt)}
                            {total !== undefined ? ` · ${formatMoney(total, currency)}` : ""}
                          </Text>
                        </Stack>
                        <EnquiryStatusBadge status={q.status} />
                      </Group>
                    );
                  })}
                </Stack>
              )}
            </Card>
          </Grid.Col>
        </Grid>
      </Stack>
    </>
  );
}

export function DashboardPage() {
  const { tenant } = useTenant();
  if (!tenant) return null;
  if (tenant.kind === "firm") return <FirmDashboard firmId={tenant.id} />;
  return (
    <ReadinessView
      orgId={tenant.id}
      banner={
        <>
          <ReportCurrencyBanner orgId={tenant.id} />
          <AccessReviewBanner orgId={tenant.id} />
        </>
      }
    />
  );
}
