import { Anchor, Card, Group, Skeleton, Stack, Tabs, Text } from "@mantine/core";
import {
  IconCalculator,
  IconChecklist,
  IconCompass,
  IconFileCertificate,
  IconFileDescription,
  IconHistory,
  IconSignature,
  IconTarget,
} from "@tabler/icons-react";
import { Link, useParams, useSearchParams } from "react-router-dom";
import { AuditEventsPanel } from "../components/AuditEvents";
import { StageBadge, TypeBadge } from "../components/Badges";
import { PageHeader } from "../components/PageHeader";
import { StageStepper } from "../components/StageStepper";
import { CardsSkeleton, ErrorState } from "../components/States";
import { categoryName, formatPeriod } from "../format";
import { keys, useEngagement } from "../queries";
import { useTenant } from "../session";
import { AdvisorTab } from "./engagement/AdvisorTab";
import { DescriptionTab } from "./engagement/DescriptionTab";
import { DocumentsTab } from "./engagement/DocumentsTab";
import { FIELDWORK_TABS, FieldworkTabPanels, FieldworkTabs } from "./engagement/FieldworkTabs";
import { NextStepCard } from "./engagement/NextStepCard";
import { QuoteTab } from "./engagement/QuoteTab";
import { ReportTab } from "./engagement/ReportTab";
import { RequestsPanel } from "./engagement/RequestsTab";
import { RollForwardButton } from "./engagement/RollForward";
import { ScopeTab } from "./engagement/ScopeTab";

const TABS = [
  "scope",
  "quote",
  "advisor",
  "description",
  "requests",
  ...FIELDWORK_TABS,
  "report",
  "documents",
  "audit",
] as const;
type TabId = (typeof TABS)[number];

export function EngagementPage() {
  const { id } = useParams();
  const query = useEngagement(id);
  const { isFirm, roles } = useTenant();
  // Employees see neither the request list nor its evidence.
  const seesRequests = isFirm || roles.includes("org_admin") || roles.includes("control_owner");
  // Letters carry the fee and management's statements: the firm team and the organization admin.
  const seesDocuments = isFirm || roles.includes("org_admin");
  const [params, setParams] = useSearchParams();
  const tabParam = params.get("tab");
  const tab: TabId = TABS.includes(tabParam as TabId) ? (tabParam as TabId) : "scope";
  const setTab = (next: string | null) => {
    const p = new URLSearchParams(params);
    p.set("tab", next ?? "scope");
    setParams(p, { replace: true });
  };

  if (query.isPending) {
    return (
      <Stack>
        <Skeleton height={16} width={180} />
        <Skeleton height={34} width={420} />
        <Skeleton height={56} />
        <CardsSkeleton count={1} height={160} />
      </Stack>
    );
  }
  if (query.isError) {
    return (
      <>
        <PageHeader title="Engagement" crumbs={[{ label: "Engagements", to: "/engagements" }]} />
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      </>
    );
  }

  const page = query.data;
  const e = page.engagement;
  const org = e.organization;

  return (
    <>
      <PageHeader
        title={<span data-testid="engagement-name">{e.name}</span>}
        crumbs={[
          { label: "Engagements", to: "/engagements" },
          ...(isFirm && org ? [{ label: org.name, to: `/clients/${org.id}` }] : []),
          { label: e.name },
        ]}
        actions={
          roles.includes("engagement_manager") || roles.includes("partner") ? (
            <RollForwardButton engagementId={e.id} name={e.name} />
          ) : null
        }
        badges={
          <>
            <TypeBadge type={e.type} size="lg" />
            <StageBadge stage={e.stage} size="lg" />
          </>
        }
        subtitle={
          <Group gap={6} wrap="wrap">
            {org ? (
              <Anchor
                component={Link}
                to={isFirm ? `/clients/${org.id}` : "/organization"}
                size="sm"
                data-testid="engagement-client"
              >
                {org.name}
              </Anchor>
            ) : null}
            <Text span size="sm" c="dimmed">
              ·
            </Text>
            <Text span size="sm" c="dimmed" data-testid="engagement-period">
              {formatPeriod(e)}
            </Text>
            <Text span size="sm" c="dimmed">
              ·
            </Text>
            <Text span size="sm" c="dimmed">
              {(e.categories ?? []).map(categoryName).join(", ")}
            </Text>
            {e.firm ? (
              <>
                <Text span size="sm" c="dimmed">
                  ·
                </Text>
                <Text span size="sm" c="dimmed">
                  Auditor: {e.firm.name}
                </Text>
              </>
            ) : null}
          </Group>
        }
      />
      <Stack gap="lg">
        <Card padding="md">
          <StageStepper stages={page.stages} />
        </Card>
        <NextStepCard
          // A new card (and no stale refusal) whenever the stage or its blockers change.
          key={`${e.stage}:${page.nextStep.blockers.map((b) => b.guard).join(",")}`}
          page={page}
          onGoTab={setTab}
        />
        <Tabs value={tab} onChange={setTab} keepMounted={false} variant="outline">
          <Tabs.List>
            <Tabs.Tab value="scope" leftSection={<IconTarget size={16} />} data-testid="tab-scope">
              Scope
            </Tabs.Tab>
            <Tabs.Tab value="quote" leftSection={<IconCalculator size={16} />} data-testid="tab-quote">
              Quote
            </Tabs.Tab>
            <Tabs.Tab value="advisor" leftSection={<IconCompass size={16} />} data-testid="tab-advisor">
              Type advisor
            </Tabs.Tab>
            <Tabs.Tab
              value="description"
              leftSection={<IconFileDescription size={16} />}
              data-testid="tab-description"
            >
              System description
            </Tabs.Tab>
            {seesRequests ? (
              <Tabs.Tab value="requests" leftSection={<IconChecklist size={16} />} data-testid="tab-requests">
                Requests
              </Tabs.Tab>
            ) : null}
            {isFirm ? <FieldworkTabs /> : null}
            {seesRequests ? (
              <Tabs.Tab
                value="report"
                leftSection={<IconFileCertificate size={16} />}
                data-testid="tab-report"
              >
                Report
              </Tabs.Tab>
            ) : null}
            {seesDocuments ? (
              <Tabs.Tab
                value="documents"
                leftSection={<IconSignature size={16} />}
                data-testid="tab-documents"
              >
                Documents
              </Tabs.Tab>
            ) : null}
            <Tabs.Tab value="audit" leftSection={<IconHistory size={16} />} data-testid="tab-audit">
              Audit trail
            </Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="scope" pt="lg">
            <ScopeTab page={page} />
          </Tabs.Panel>
          <Tabs.Panel value="quote" pt="lg">
            <QuoteTab page={page} />
          </Tabs.Panel>
          <Tabs.Panel value="advisor" pt="lg">
            <AdvisorTab page={page} />
          </Tabs.Panel>
          <Tabs.Panel value="description" pt="lg">
            <DescriptionTab engagementId={e.id} />
          </Tabs.Panel>
          {seesRequests && org ? (
            <Tabs.Panel value="requests" pt="lg">
              <RequestsPanel engagementId={e.id} orgId={org.id} />
            </Tabs.Panel>
          ) : null}
          {isFirm ? <FieldworkTabPanels page={page} /> : null}
          {seesRequests ? (
            <Tabs.Panel value="report" pt="lg">
              <ReportTab engagementId={e.id} />
            </Tabs.Panel>
          ) : null}
          {seesDocuments ? (
            <Tabs.Panel value="documents" pt="lg">
              <DocumentsTab engagementId={e.id} isFirm={isFirm} />
            </Tabs.Panel>
          ) : null}
          <Tabs.Panel value="audit" pt="lg">
            <Card padding="lg">
              <AuditEventsPanel
                path={`/api/engagements/${encodeURIComponent(e.id)}/audit-events`}
                queryKey={keys.engagement(e.id)}
              />
            </Card>
          </Tabs.Panel>
        </Tabs>
      </Stack>
    </>
  );
}
