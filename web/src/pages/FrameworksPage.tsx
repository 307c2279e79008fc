/**
 * Frameworks: how the organization's SOC 2 controls carry over to other frameworks (issue 6 §1).
 * For organizations in India the "SOC 2 + DPDP" view comes first: the SOC 2 readiness score beside
 * coverage of the DPDP Act, and what DPDP still needs. Any other framework is one pick away.
 */
import {
  Badge,
  Button,
  Card,
  Group,
  Progress,
  Select,
  SimpleGrid,
  Stack,
  Tabs,
  Text,
  Title,
} from "@mantine/core";
import { IconDownload, IconFlag, IconGauge, IconMap2 } from "@tabler/icons-react";
import { Link, useSearchParams } from "react-router-dom";
import { PageHeader } from "../components/PageHeader";
import { ScoreRing, scoreColor } from "../components/ScoreRing";
import { CardsSkeleton, EmptyState, ErrorState } from "../components/States";
import { categoryName, plural } from "../format";
import { useReadiness } from "../queries";
import { EngagementSelect, OrgOnly, useOrgLinks, useWorkspaceEngagement } from "../workspace";
import { CoverageDetail, CoverageSummary, GapList, RequirementsTable } from "./FrameworkCoverage";
import { controlMatrixHref, DPDP_ID, useFrameworkCoverage, useFrameworks } from "./FrameworkData";

const isIndia = (country: string | null | undefined): boolean =>
  /^(india|in|ind)$/i.test((country ?? "").trim());

function CoverageOf({
  orgId,
  frameworkId,
  engagementId,
}: {
  orgId: string;
  frameworkId: string;
  engagementId: string | null;
}) {
  const query = useFrameworkCoverage(orgId, frameworkId, engagementId);
  if (query.isPending) return <CardsSkeleton count={2} height={160} />;
  if (query.error) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  if (query.data.summary.requirements === 0) {
    return <EmptyState title="This framework's mapping is not available yet" />;
  }
  return <CoverageDetail data={query.data} />;
}

function Soc2DpdpView({ orgId, engagementId }: { orgId: string; engagementId: string | null }) {
  const links = useOrgLinks(orgId);
  const readiness = useReadiness(orgId, engagementId);
  const dpdp = useFrameworkCoverage(orgId, DPDP_ID, engagementId);
  if (readiness.isPending || dpdp.isPending) return <CardsSkeleton count={2} height={160} />;
  if (readiness.error) return <ErrorState error={readiness.error} onRetry={() => void readiness.refetch()} />;
  if (dpdp.error) return <ErrorState error={dpdp.error} onRetry={() => void dpdp.refetch()} />;
  const r = readiness.data;
  return (
    <Stack gap="lg" data-testid="soc2-dpdp">
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        <Card withBorder radius="md" padding="lg" data-testid="soc2-readiness-card">
          <Group align="center" gap="xl" wrap="nowrap">
            <ScoreRing score={r.overall} size={96} label="SOC 2 readiness" />
            <Stack gap={4}>
              <Title order={3}>SOC 2 readiness</Title>
              <Text size="sm" c="dimmed">
                {plural(r.controls.implemented, "control")} implemented of {r.controls.total}, with{" "}
                {plural(r.blockers.length, "blocker")} left for {r.categories.join(", ")}.
              </Text>
              <Button component={Link} to={links.readiness} variant="subtle" size="xs" px={0} w="fit-content">
                Open readiness
              </Button>
            </Stack>
          </Group>
          <Stack gap={6} mt="md">
            {r.byCategory.map((c) => (
              <Group key={c.category} gap="sm" wrap="nowrap">
                <Text size="xs" w={150} c="dimmed" truncate>
                  {categoryName(c.category)}
                </Text>
                <Progress value={c.score} color={scoreColor(c.score)} style={{ flex: 1 }} />
                <Text size="xs" w={36} ta="right" className="fw-tabular">
                  {c.score}%
                </Text>
              </Group>
            ))}
          </Stack>
        </Card>
        {dpdp.data.summary.requirements > 0 ? (
          <CoverageSummary data={dpdp.data} compact />
        ) : (
          <EmptyState title="The DPDP mapping is not available yet" />
        )}
      </SimpleGrid>
      {dpdp.data.summary.requirements > 0 ? (
        <>
          <Text size="sm" c="dimmed" maw={820}>
            Your SOC 2 controls already serve the criteria that the DPDP Act's obligations map to. The gaps
            below are the obligations no implemented control serves yet, with the criteria they need; many sit
            in the Privacy category, which a security-only SOC 2 scope does not test.
          </Text>
          <Stack gap="xs">
            <Title order={4}>What DPDP still needs</Title>
            <GapList data={dpdp.data} />
          </Stack>
          <RequirementsTable data={dpdp.data} />
        </>
      ) : null}
    </Stack>
  );
}

export function FrameworksView({ orgId }: { orgId: string }) {
  const ws = useWorkspaceEngagement(orgId);
  const frameworks = useFrameworks();
  const [params, setParams] = useSearchParams();
  const india = isIndia(ws.organization?.country);
  const tab = params.get("fwtab") ?? (india ? "soc2-dpdp" : "frameworks");
  const list = frameworks.data?.frameworks ?? [];
  const frameworkId = params.get("framework") ?? (india ? DPDP_ID : (list[0]?.id ?? null));
  const set = (key: string, value: string | null) => {
    const p = new URLSearchParams(params);
    if (value) p.set(key, value);
    else p.delete(key);
    setParams(p, { replace: true });
  };
  return (
    <>
      <PageHeader
        title="Frameworks"
        subtitle="How your SOC 2 controls carry over to ISO 27001, the DPDP Act, RBI and SEBI directions, GDPR and HIPAA, through our mapping of each to the criteria."
        actions={
          <>
            <EngagementSelect
              engagements={ws.engagements}
              value={ws.engagementId}
              onChange={ws.setEngagementId}
            />
            <Button
              component="a"
              href={controlMatrixHref(orgId, ws.engagementId)}
              download
              variant="default"
              leftSection={<IconDownload size={16} />}
              data-testid="export-control-matrix"
            >
              Export control matrix (xlsx)
            </Button>
          </>
        }
      />
      {ws.error ? <ErrorState error={ws.error} /> : null}
      <Tabs value={tab} onChange={(v) => set("fwtab", v)} keepMounted={false}>
        <Tabs.List mb="lg">
          <Tabs.Tab value="soc2-dpdp" leftSection={<IconGauge size={16} />} data-testid="tab-soc2-dpdp">
            SOC 2 + DPDP{" "}
            {india ? (
              <Badge size="xs" variant="light" ml={4}>
                India
              </Badge>
            ) : null}
          </Tabs.Tab>
          <Tabs.Tab value="frameworks" leftSection={<IconMap2 size={16} />} data-testid="tab-frameworks">
            By framework
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="soc2-dpdp">
          {ws.isPending ? (
            <CardsSkeleton count={2} />
          ) : (
            <Soc2DpdpView orgId={orgId} engagementId={ws.engagementId} />
          )}
        </Tabs.Panel>
        <Tabs.Panel value="frameworks">
          <Stack gap="lg">
            {frameworks.error ? (
              <ErrorState error={frameworks.error} onRetry={() => void frameworks.refetch()} />
            ) : null}
            <Group gap="sm">
              <Select
                aria-label="Framework"
                data-testid="framework-select"
                leftSection={<IconFlag size={16} />}
                w={420}
                allowDeselect={false}
                value={frameworkId}
                onChange={(v) => set("framework", v)}
                data={list.map((f) => ({ value: f.id, label: `${f.name} (${f.jurisdiction})` }))}
                comboboxProps={{ withinPortal: true }}
              />
              {list.find((f) => f.id === frameworkId) ? (
                <Text size="sm" c="dimmed">
                  {(() => {
                    const f = list.find((x) => x.id === frameworkId);
                    return f
                      ? `${f.source} · ${plural(f.mappings, "link")} to ${plural(f.criteriaMapped, "criterion", "criteria")}`
                      : "";
                  })()}
                </Text>
              ) : null}
            </Group>
            {frameworkId && !ws.isPending ? (
              <CoverageOf orgId={orgId} frameworkId={frameworkId} engagementId={ws.engagementId} />
            ) : (
              <CardsSkeleton count={2} />
            )}
          </Stack>
        </Tabs.Panel>
      </Tabs>
    </>
  );
}

export function FrameworksPage() {
  return <OrgOnly what="framework coverage">{(orgId) => <FrameworksView orgId={orgId} />}</OrgOnly>;
}
