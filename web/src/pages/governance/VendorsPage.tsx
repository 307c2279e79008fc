/**
 * The organization's vendor register: filters, the list with tier, review due dates and the
 * warnings of each vendor's latest assurance report (period gap, stale report, modified opinion),
 * the signed-in owner's tasks, subservice organizations from scoping, and CSV / JSON export.
 */
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Tooltip,
} from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import {
  IconAlertTriangle,
  IconDownload,
  IconLink,
  IconPlus,
  IconSearch,
  IconTruckDelivery,
} from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router-dom";
import { api, seg } from "../../api";
import { PageHeader } from "../../components/PageHeader";
import { EmptyState, ErrorState, TableSkeleton } from "../../components/States";
import { formatDate } from "../../format";
import { notifyError, notifySuccess } from "../../notify";
import { OrgOnly, useOrgAccess } from "../../workspace";
import { VendorFormModal } from "./VendorForm";
import {
  REPORT_KIND_LABELS,
  TIER_COLORS,
  TIER_LABELS,
  useVendors,
  useVendorTasks,
  type Vendor,
  vendorKeys,
} from "./vendor-api";

export function VendorWarningBadges({ vendor }: { vendor: Vendor }) {
  if (vendor.warnings.length === 0) return null;
  return (
    <Stack gap={4}>
      {vendor.warnings.map((w) => (
        <Tooltip key={w.message} label={w.message} multiline w={360} withArrow>
          <Badge
            color={w.code === "period_gap" ? "orange" : "red"}
            variant="light"
            tt="none"
            maw="none"
            leftSection={<IconAlertTriangle size={12} />}
            data-testid="vendor-warning-badge"
            data-code={w.code}
          >
            {w.code === "period_gap" && vendor.latestReport
              ? `Period gap · ${vendor.latestReport.gapBeforeMonths > 0 ? `${vendor.latestReport.gapBeforeMonths} mo before` : `${vendor.latestReport.gapAfterMonths} mo after`}`
              : w.code === "stale"
                ? "Stale report"
                : w.code === "modified_opinion"
                  ? "Modified opinion"
                  : "No report"}
          </Badge>
        </Tooltip>
      ))}
    </Stack>
  );
}

function VendorRow({ v }: { v: Vendor }) {
  return (
    <Table.Tr data-testid="vendor-row" data-name={v.name}>
      <Table.Td>
        <Anchor component={Link} to={`/vendors/${v.id}`} fw={600}>
          {v.name}
        </Anchor>
        <Text size="xs" c="dimmed" lineClamp={1} maw={320}>
          {v.service}
        </Text>
      </Table.Td>
      <Table.Td style={{ whiteSpace: "nowrap" }}>
        <Tooltip label={TIER_LABELS[v.tier]} withArrow>
          <Badge color={TIER_COLORS[v.tier]} variant="light" tt="none" maw="none" miw={60}>
            Tier {v.tier}
          </Badge>
        </Tooltip>
      </Table.Td>
      <Table.Td style={{ whiteSpace: "nowrap" }}>
        {v.subserviceMethod ? (
          <Tooltip label={`Subservice organization, ${v.subserviceMethod} method`} withArrow>
            <Badge variant="outline" color="indigo" tt="none" maw="none">
              {v.subserviceMethod === "carve-out" ? "Carve-out" : "Inclusive"}
            </Badge>
          </Tooltip>
        ) : v.status !== "active" ? (
          <Badge variant="outline" color="gray">
            {v.status}
          </Badge>
        ) : null}
      </Table.Td>
      <Table.Td>
        <Text size="sm">{v.ownerName ?? "—"}</Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm" c={v.reviewOverdue ? "red.7" : undefined} fw={v.reviewOverdue ? 600 : undefined}>
          {formatDate(v.reviewDueOn)}
        </Text>
        {v.reviewOverdue ? (
          <Text size="xs" c="red.7">
            overdue
          </Text>
        ) : null}
      </Table.Td>
      <Table.Td>
        {v.latestReport ? (
          <>
            <Text size="sm">{REPORT_KIND_LABELS[v.latestReport.kind]}</Text>
            <Text size="xs" c="dimmed">
              to {formatDate(v.latestReport.coveredTo)}
            </Text>
          </>
        ) : (
          <Text size="sm" c="dimmed">
            none
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <VendorWarningBadges vendor={v} />
      </Table.Td>
    </Table.Tr>
  );
}

function MyTasks({ orgId }: { orgId: string }) {
  const tasks = useVendorTasks(orgId, true);
  const list = tasks.data?.tasks ?? [];
  if (tasks.isPending || list.length === 0) return null;
  return (
    <Card padding="md" data-testid="vendor-tasks">
      <Text fw={600} mb="xs">
        Your vendor tasks
      </Text>
      <Stack gap={6}>
        {list.slice(0, 8).map((t) => (
          <Group key={`${t.kind}-${t.vendorId}-${t.title}`} gap="xs" wrap="nowrap">
            <Badge size="sm" color={t.overdue ? "red" : "gray"} variant="light">
              {t.kind === "review" ? (t.overdue ? "overdue" : "due") : t.kind.replaceAll("_", " ")}
            </Badge>
            <Anchor component={Link} to={`/vendors/${t.vendorId}`} size="sm">
              {t.title}
            </Anchor>
            {t.dueOn ? (
              <Text size="xs" c="dimmed">
                {formatDate(t.dueOn)}
              </Text>
            ) : null}
          </Group>
        ))}
      </Stack>
    </Card>
  );
}

function OrgVendors({ orgId }: { orgId: string }) {
  const access = useOrgAccess(orgId);
  const queryClient = useQueryClient();
  const [q, setQ] = useState("");
  const [debounced] = useDebouncedValue(q, 250);
  const [tier, setTier] = useState<string | null>(null);
  const [attention, setAttention] = useState<string | null>(null);
  const [subservice, setSubservice] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const query = useVendors(orgId, { q: debounced, tier, attention, subservice });
  const sync = useMutation({
    mutationFn: () =>
      api.post<{ created: string[]; linked: string[] }>(
        `/api/organizations/${seg(orgId)}/vendors/sync-subservice`,
      ),
    onSuccess: (r) => {
      notifySuccess(
        r.created.length > 0
          ? `Added ${r.created.join(", ")} to the register.`
          : `Linked ${r.linked.length} subservice organizations.`,
      );
      void queryClient.invalidateQueries({ queryKey: vendorKeys.all(orgId) });
    },
    onError: (e) => notifyError(e),
  });
  const data = query.data;
  const unlinked = (data?.subserviceOrgs ?? []).filter((s) => s.vendorId === null);
  const exportHref = (format: string) => `/api/organizations/${seg(orgId)}/vendors/export?format=${format}`;
  return (
    <Stack gap="md">
      <PageHeader
        title="Vendors"
        subtitle={
          data?.engagement
            ? `Vendors and subservice organizations; reports are read against your period ${formatDate(data.engagement.periodStart)} – ${formatDate(data.engagement.periodEnd)}.`
            : "Vendors and subservice organizations, their assurance reports and reviews."
        }
        actions={
          <Group gap="xs">
            <Button
              component="a"
              href={exportHref("csv")}
              variant="default"
              size="xs"
              leftSection={<IconDownload size={14} />}
              data-testid="vendors-export-csv"
            >
              CSV
            </Button>
            <Button
              component="a"
              href={exportHref("json")}
              variant="default"
              size="xs"
              leftSection={<IconDownload size={14} />}
            >
              JSON
            </Button>
            {data?.permissions.canCreate ? (
              <Button
                size="xs"
                leftSection={<IconPlus size={14} />}
                onClick={() => setCreating(true)}
                data-testid="vendor-add"
              >
                Add vendor
              </Button>
            ) : null}
          </Group>
        }
      />
      {unlinked.length > 0 && access.contributor ? (
        <Alert
          color="indigo"
          icon={<IconLink size={18} />}
          title="Subservice organizations from scoping"
          data-testid="subservice-unlinked"
        >
          <Group justify="space-between">
            <Text size="sm">
              {unlinked.map((s) => `${s.name} (${s.method})`).join(", ")}{" "}
              {unlinked.length === 1 ? "is" : "are"} not in the register yet.
            </Text>
            <Button size="xs" onClick={() => sync.mutate()} loading={sync.isPending}>
              Add and link
            </Button>
          </Group>
        </Alert>
      ) : null}
      {access.contributor ? <MyTasks orgId={orgId} /> : null}
      <Group gap="sm">
        <TextInput
          placeholder="Search name, service or data"
          leftSection={<IconSearch size={14} />}
          value={q}
          onChange={(e) => setQ(e.currentTarget.value)}
          w={260}
          data-testid="vendor-search"
        />
        <Select
          placeholder="Any tier"
          clearable
          data={[1, 2, 3].map((t) => ({ value: String(t), label: TIER_LABELS[t] ?? String(t) }))}
          value={tier}
          onChange={setTier}
          w={180}
        />
        <Select
          placeholder="Needs attention?"
          clearable
          data={[
            { value: "warning", label: "With warnings" },
            { value: "overdue", label: "Review overdue" },
          ]}
          value={attention}
          onChange={setAttention}
          w={180}
          data-testid="vendor-attention"
        />
        <Select
          placeholder="Subservice?"
          clearable
          data={[
            { value: "yes", label: "Subservice organizations" },
            { value: "no", label: "Other vendors" },
          ]}
          value={subservice}
          onChange={setSubservice}
          w={210}
        />
      </Group>
      <Card padding="md">
        {query.isPending ? (
          <TableSkeleton rows={6} />
        ) : query.isError ? (
          <ErrorState error={query.error} onRetry={() => void query.refetch()} />
        ) : data && data.vendors.length === 0 ? (
          <EmptyState
            icon={<IconTruckDelivery size={22} />}
            title={q || tier || attention || subservice ? "No vendor matches" : "No vendors yet"}
            testId="vendors-empty"
          >
            {q || tier || attention || subservice
              ? "Clear the filters to see every vendor."
              : "Add the third parties that hold your data or run part of your service, starting with critical ones."}
          </EmptyState>
        ) : (
          <Table.ScrollContainer minWidth={900}>
            <Table verticalSpacing="sm" highlightOnHover data-testid="vendors-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Vendor</Table.Th>
                  <Table.Th w={90}>Tier</Table.Th>
                  <Table.Th w={120}>Subservice</Table.Th>
                  <Table.Th>Owner</Table.Th>
                  <Table.Th>Review due</Table.Th>
                  <Table.Th>Latest report</Table.Th>
                  <Table.Th w={230}>Warnings</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data?.vendors.map((v) => (
                  <VendorRow key={v.id} v={v} />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Card>
      <VendorFormModal orgId={orgId} opened={creating} onClose={() => setCreating(false)} />
    </Stack>
  );
}

/** The organization's vendors. */
export function VendorsPage() {
  return <OrgOnly what="vendors">{(orgId) => <OrgVendors orgId={orgId} />}</OrgOnly>;
}
