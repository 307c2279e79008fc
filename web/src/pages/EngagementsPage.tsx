import { Button, Card, Group, Select, Stack, Text, TextInput } from "@mantine/core";
import { IconClipboardList, IconPlus, IconSearch } from "@tabler/icons-react";
import { useState } from "react";
import { Link, useSearchParams } from "react-router-dom";
import { EngagementsTable } from "../components/EngagementsTable";
import { PageHeader } from "../components/PageHeader";
import { EmptyState, ErrorState, TableSkeleton } from "../components/States";
import { STAGE_LABELS, summaryClient } from "../format";
import { useDashboard, useOrganization } from "../queries";
import { useTenant } from "../session";
import { type EngagementSummary, STAGES } from "../types";

const STAGE_OPTIONS = STAGES.map((s) => ({ value: s, label: STAGE_LABELS[s] }));

export function EngagementsPage() {
  const { tenant, isFirm, roles } = useTenant();
  const dashboard = useDashboard(isFirm && tenant ? tenant.id : null);
  const organization = useOrganization(!isFirm && tenant ? tenant.id : null);
  const query = isFirm ? dashboard : organization;
  const [params, setParams] = useSearchParams();
  const [search, setSearch] = useState("");
  const stage = params.get("stage");
  const type = params.get("type");
  const canCreate = isFirm || roles.includes("org_admin");

  const all: EngagementSummary[] =
    (isFirm ? dashboard.data?.engagements : organization.data?.engagements) ?? [];
  const needle = search.trim().toLowerCase();
  const shown = all.filter(
    (e) =>
      (!stage || e.stage === stage) &&
      (!type || e.type === type) &&
      (needle === "" || `${e.name} ${summaryClient(e).name}`.toLowerCase().includes(needle)),
  );
  const setFilter = (key: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };

  return (
    <>
      <PageHeader
        title="Engagements"
        subtitle={isFirm ? "Every SOC 2 examination of your firm, by stage" : "Your SOC 2 examinations"}
        actions={
          canCreate ? (
            <Button
              component={Link}
              to="/engagements/new"
              leftSection={<IconPlus size={16} />}
              data-testid="new-engagement"
            >
              New engagement
            </Button>
          ) : null
        }
      />
      <Card padding="md">
        {query.isPending ? (
          <TableSkeleton />
        ) : query.isError ? (
          <ErrorState error={query.error} onRetry={() => void query.refetch()} />
        ) : all.length === 0 ? (
          <EmptyState
            icon={<IconClipboardList size={22} />}
            title="No engagements yet"
            action={
              canCreate ? (
                <Button component={Link} to="/engagements/new" size="xs" variant="default">
                  Start an engagement
                </Button>
              ) : undefined
            }
          >
            {isFirm
              ? "Create one for a client, or convert an enquiry from your public page."
              : "Your auditor has not started an engagement for your organization yet."}
          </EmptyState>
        ) : (
          <Stack gap="sm">
            <Group gap="sm" wrap="wrap">
              <TextInput
                placeholder={isFirm ? "Search by engagement or client" : "Search engagements"}
                leftSection={<IconSearch size={16} />}
                value={search}
                onChange={(e) => setSearch(e.currentTarget.value)}
                w={300}
                aria-label="Search engagements"
              />
              <Select
                placeholder="All stages"
                data={STAGE_OPTIONS}
                value={stage}
                onChange={(v) => setFilter("stage", v)}
                clearable
                w={230}
                aria-label="Stage"
              />
              <Select
                placeholder="Type 1 and Type 2"
                data={[
                  { value: "type1", label: "Type 1" },
                  { value: "type2", label: "Type 2" },
                ]}
                value={type}
                onChange={(v) => setFilter("type", v)}
                clearable
                w={180}
                aria-label="Type"
              />
            </Group>
            {shown.length === 0 ? (
              <Text size="sm" c="dimmed" ta="center" py="lg">
                No engagement matches these filters.
              </Text>
            ) : (
              <EngagementsTable engagements={shown} showClient={isFirm} />
            )}
          </Stack>
        )}
      </Card>
    </>
  );
}
