import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Card,
  Checkbox,
  Grid,
  Group,
  Input,
  List,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Table,
  TagsInput,
  Text,
  TextInput,
  Title,
  Tooltip,
} from "@mantine/core";
import {
  IconAlertTriangle,
  IconDeviceFloppy,
  IconInfoCircle,
  IconPlus,
  IconTrash,
} from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useMemo, useState } from "react";
import { api, errorMessage, seg } from "../../api";
import { CategoryPicker, normalizeCategories } from "../../components/CategoryPicker";
import { EmptyState } from "../../components/States";
import { SECTORS } from "../../format";
import { notifySuccess } from "../../notify";
import { keys } from "../../queries";
import type {
  Boundary,
  CategoryCode,
  EngagementPage,
  EngagementType,
  Handles,
  SubserviceOrg,
} from "../../types";

const HANDLES: { key: keyof Handles; label: string; description: string }[] = [
  { key: "personalData", label: "Personal data", description: "Information about identifiable people" },
  {
    key: "transactionProcessing",
    label: "Transaction processing",
    description: "Payments, orders, claims or other transactions for customers",
  },
  {
    key: "uptimeCommitments",
    label: "Uptime commitments",
    description: "An SLA or other availability promise",
  },
  {
    key: "confidentialClientData",
    label: "Confidential client data",
    description: "Business data customers expect to be kept confidential",
  },
];

const NO_HANDLES: Handles = {
  personalData: false,
  transactionProcessing: false,
  uptimeCommitments: false,
  confidentialClientData: false,
};

interface ScopeForm {
  name: string;
  type: EngagementType;
  asOfDate: string;
  periodStart: string;
  periodEnd: string;
  firstReport: boolean;
  categories: CategoryCode[];
  boundary: Boundary;
  sector: string;
  handles: Handles;
}

const fromPage = (page: EngagementPage): ScopeForm => {
  const e = page.engagement;
  return {
    name: e.name,
    type: e.type,
    asOfDate: e.asOfDate ?? "",
    periodStart: e.periodStart ?? "",
    periodEnd: e.periodEnd ?? "",
    firstReport: e.firstReport,
    categories: normalizeCategories(e.categories ?? []),
    boundary: {
      services: e.boundary?.services ?? [],
      infrastructure: e.boundary?.infrastructure ?? [],
      locations: e.boundary?.locations ?? [],
    },
    sector: e.organization?.sector ?? "other",
    handles: { ...NO_HANDLES, ...(e.boundary?.handles ?? e.handles ?? {}) },
  };
};

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** Only the fields that changed, so the audit trail records what was really edited. */
const diff = (before: ScopeForm, after: ScopeForm): Record<string, unknown> => {
  const patch: Record<string, unknown> = {};
  if (after.name.trim() !== before.name) patch.name = after.name.trim();
  if (after.type !== before.type) patch.type = after.type;
  // Empty dates are left out rather than sent as null: the period check reports what is missing.
  const typeChanged = after.type !== before.type;
  if (after.type === "type1") {
    if ((after.asOfDate !== before.asOfDate || typeChanged) && after.asOfDate !== "")
      patch.asOfDate = after.asOfDate;
  } else {
    if ((after.periodStart !== before.periodStart || typeChanged) && after.periodStart !== "") {
      patch.periodStart = after.periodStart;
    }
    if ((after.periodEnd !== before.periodEnd || typeChanged) && after.periodEnd !== "") {
      patch.periodEnd = after.periodEnd;
    }
  }
  if (after.firstReport !== before.firstReport) patch.firstReport = after.firstReport;
  if (!same(after.categories, before.categories)) patch.categories = after.categories;
  // The server takes the boundary lists at the top level of the patch, each one replacing the saved list.
  for (const key of ["services", "infrastructure", "locations"] as const) {
    if (!same(after.boundary[key], before.boundary[key])) patch[key] = after.boundary[key];
  }
  if (!same(after.handles, before.handles)) patch.handles = after.handles;
  return patch;
};

function SubserviceOrgs({ page, canEdit }: { page: EngagementPage; canEdit: boolean }) {
  const id = page.engagement.id;
  const queryClient = useQueryClient();
  const [name, setName] = useState("");
  const [service, setService] = useState("");
  const [method, setMethod] = useState<string>("carve-out");
  const invalidate = () => queryClient.invalidateQueries({ queryKey: keys.engagement(id) });

  const add = useMutation({
    mutationFn: () =>
      api.post<SubserviceOrg>(`/api/engagements/${seg(id)}/subservice-orgs`, {
        name: name.trim(),
        service: service.trim(),
        method,
      }),
    meta: { errorTitle: "Subservice organization not added" },
    onSuccess: () => {
      notifySuccess(`${name.trim()} was added (${method}).`, "Subservice organization added");
      setName("");
      setService("");
      void invalidate();
    },
  });
  const remove = useMutation({
    mutationFn: (sub: SubserviceOrg) =>
      api.delete(`/api/engagements/${seg(id)}/subservice-orgs/${seg(sub.id)}`),
    meta: { errorTitle: "Subservice organization not removed" },
    onSuccess: (_r, sub) => {
      notifySuccess(`${sub.name} was removed.`, "Subservice organization removed");
      void invalidate();
    },
  });

  const subs = page.engagement.subserviceOrgs ?? [];
  const submit = (e: FormEvent) => {
    e.preventDefault();
    add.mutate();
  };

  return (
    <Card padding="lg" data-testid="subservice-orgs">
      <Stack gap="sm">
        <div>
          <Title order={3}>Subservice organizations</Title>
          <Text size="sm" c="dimmed">
            Carve-out: the report excludes their controls and lists the complementary controls you rely on.
            Inclusive: their controls are described and tested with yours.
          </Text>
        </div>
        {subs.length === 0 ? (
          <EmptyState title="No subservice organizations">
            Add the cloud provider, payment processor or data centre whose controls your service relies on.
          </EmptyState>
        ) : (
          <Table data-testid="subservice-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Service provided</Table.Th>
                <Table.Th>Method</Table.Th>
                {canEdit ? <Table.Th w={48} /> : null}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {subs.map((s) => (
                <Table.Tr key={s.id} data-testid="subservice-row">
                  <Table.Td>
                    <Text size="sm" fw={500}>
                      {s.name}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{s.service}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={s.method === "inclusive" ? "violet" : "gray"}>
                      {s.method === "inclusive" ? "Inclusive" : "Carve-out"}
                    </Badge>
                  </Table.Td>
                  {canEdit ? (
                    <Table.Td>
                      <Tooltip label={`Remove ${s.name}`}>
                        <ActionIcon
                          variant="subtle"
                          color="red"
                          aria-label={`Remove ${s.name}`}
                          loading={remove.isPending && remove.variables?.id === s.id}
                          onClick={() => remove.mutate(s)}
                        >
                          <IconTrash size={16} />
                        </ActionIcon>
                      </Tooltip>
                    </Table.Td>
                  ) : null}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {canEdit ? (
          <form onSubmit={submit} data-testid="add-subservice-form">
            <Grid gutter="sm" align="flex-end">
              <Grid.Col span={{ base: 12, sm: 4 }}>
                <TextInput
                  label="Subservice organization"
                  placeholder="Amazon Web Services"
                  value={name}
                  onChange={(e) => setName(e.currentTarget.value)}
                  required
                />
              </Grid.Col>
              <Grid.Col span={{ base: 12, sm: 4 }}>
                <TextInput
                  label="Service provided"
                  placeholder="Cloud hosting (ap-south-1)"
                  value={service}
                  onChange={(e) => setService(e.currentTarget.value)}
                  required
                />
              </Grid.Col>
              <Grid.Col span={{ base: 8, sm: 2 }}>
                <Select
                  label="Method"
                  data={[
                    { value: "carve-out", label: "Carve-out" },
                    { value: "inclusive", label: "Inclusive" },
                  ]}
                  value={method}
                  onChange={(v) => setMethod(v ?? "carve-out")}
                  allowDeselect={false}
                />
              </Grid.Col>
              <Grid.Col span={{ base: 4, sm: 2 }}>
                <Button type="submit" fullWidth leftSection={<IconPlus size={16} />} loading={add.isPending}>
                  Add
                </Button>
              </Grid.Col>
            </Grid>
          </form>
        ) : null}
      </Stack>
    </Card>
  );
}

function PeriodMessages({ page }: { page: EngagementPage }) {
  const { period } = page;
  const general = period.errors.filter((e) => !["asOfDate", "periodStart", "periodEnd"].includes(e.field));
  return (
    <Stack gap="xs">
      {general.length > 0 ? (
        <Alert
          color="red"
          variant="light"
          icon={<IconAlertTriangle size={16} />}
          p="xs"
          data-testid="period-errors"
        >
          <List size="sm">
            {general.map((e) => (
              <List.Item key={e.message}>{e.message}</List.Item>
            ))}
          </List>
        </Alert>
      ) : null}
      {period.warnings.length > 0 ? (
        <Alert
          color="yellow"
          variant="light"
          icon={<IconInfoCircle size={16} />}
          p="xs"
          data-testid="period-warnings"
        >
          <List size="sm">
            {period.warnings.map((w) => (
              <List.Item key={w}>{w}</List.Item>
            ))}
          </List>
        </Alert>
      ) : null}
    </Stack>
  );
}

function ScopeEditor({ page }: { page: EngagementPage }) {
  const id = page.engagement.id;
  const canEdit = page.permissions.canEditScope;
  const queryClient = useQueryClient();
  const initial = useMemo(() => fromPage(page), [page]);
  const [form, setForm] = useState<ScopeForm>(initial);
  const patch = diff(initial, form);
  const dirty = Object.keys(patch).length > 0;
  const set = <K extends keyof ScopeForm>(key: K, value: ScopeForm[K]) =>
    setForm((f) => ({ ...f, [key]: value }));
  const setBoundary = (key: keyof Boundary, value: string[]) =>
    setForm((f) => ({ ...f, boundary: { ...f.boundary, [key]: value } }));

  const save = useMutation({
    mutationFn: () => api.patch(`/api/engagements/${seg(id)}/scope`, patch),
    // Shown in place, above the save bar.
    meta: { quiet: true },
    onSuccess: () => {
      notifySuccess("The scope is saved.", "Scope saved");
      void queryClient.invalidateQueries({ queryKey: keys.engagement(id) });
      void queryClient.invalidateQueries({ queryKey: ["dashboard"] });
    },
  });

  // Period errors describe the saved values; hide them while the user is editing the dates.
  const datesEdited =
    form.type !== initial.type ||
    form.asOfDate !== initial.asOfDate ||
    form.periodStart !== initial.periodStart ||
    form.periodEnd !== initial.periodEnd;
  const fieldError = (field: string): string | undefined =>
    datesEdited ? undefined : page.period.errors.find((e) => e.field === field)?.message;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (dirty) save.mutate();
  };

  return (
    <form onSubmit={submit} data-testid="scope-form">
      <Stack gap="lg">
        {!canEdit ? (
          <Alert
            color="gray"
            variant="light"
            icon={<IconInfoCircle size={16} />}
            data-testid="scope-read-only"
          >
            {page.engagement.stage !== "scoping"
              ? "The scope is fixed once the engagement has left Scoping. To change it, move the engagement back to Scoping with a reason."
              : "Your role can view the scope but not change it."}
          </Alert>
        ) : null}
        <Grid gutter="lg">
          <Grid.Col span={{ base: 12, md: 6 }}>
            <Card padding="lg" h="100%">
              <Stack gap="md">
                <Title order={3}>Report type and period</Title>
                <TextInput
                  label="Engagement name"
                  value={form.name}
                  onChange={(e) => set("name", e.currentTarget.value)}
                  disabled={!canEdit}
                  required
                />
                <Input.Wrapper label="Report type">
                  <SegmentedControl
                    mt={6}
                    fullWidth
                    value={form.type}
                    onChange={(v) => set("type", v as EngagementType)}
                    disabled={!canEdit}
                    data={[
                      { value: "type1", label: "Type 1 (as of a date)" },
                      { value: "type2", label: "Type 2 (over a period)" },
                    ]}
                    data-testid="scope-type"
                  />
                </Input.Wrapper>
                {form.type === "type1" ? (
                  <TextInput
                    label="As-of date"
                    type="date"
                    value={form.asOfDate}
                    onChange={(e) => set("asOfDate", e.currentTarget.value)}
                    error={fieldError("asOfDate")}
                    disabled={!canEdit}
                  />
                ) : (
                  <SimpleGrid cols={2} spacing="sm">
                    <TextInput
                      label="Period start"
                      type="date"
                      value={form.periodStart}
                      onChange={(e) => set("periodStart", e.currentTarget.value)}
                      error={fieldError("periodStart")}
                      disabled={!canEdit}
                    />
                    <TextInput
                      label="Period end"
                      type="date"
                      value={form.periodEnd}
                      onChange={(e) => set("periodEnd", e.currentTarget.value)}
                      error={fieldError("periodEnd")}
                      disabled={!canEdit}
                    />
                  </SimpleGrid>
                )}
                {form.type === "type2" && page.period.months !== null && !datesEdited ? (
                  <Text size="sm" c="dimmed" data-testid="period-months">
                    Period length: {page.period.months} months
                  </Text>
                ) : null}
                {!datesEdited ? <PeriodMessages page={page} /> : null}
                <Checkbox
                  label="First report"
                  description="The organization's first SOC 2 report; a shorter first Type 2 period is acceptable"
                  checked={form.firstReport}
                  onChange={(e) => set("firstReport", e.currentTarget.checked)}
                  disabled={!canEdit}
                />
              </Stack>
            </Card>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 6 }}>
            <Card padding="lg" h="100%">
              <Stack gap="md">
                <Title order={3}>Service profile</Title>
                <Text size="sm" c="dimmed">
                  What the service does drives which categories are recommended.
                </Text>
                <Select
                  label="Sector"
                  description="The client's sector, from the client record"
                  data={SECTORS}
                  value={form.sector}
                  readOnly
                  disabled
                />
                <Input.Wrapper label="The service handles">
                  <Stack gap={8} mt={6}>
                    {HANDLES.map((h) => (
                      <Checkbox
                        key={h.key}
                        label={h.label}
                        description={h.description}
                        checked={form.handles[h.key]}
                        onChange={(e) =>
                          set("handles", { ...form.handles, [h.key]: e.currentTarget.checked })
                        }
                        disabled={!canEdit}
                      />
                    ))}
                  </Stack>
                </Input.Wrapper>
              </Stack>
            </Card>
          </Grid.Col>
        </Grid>

        <Card padding="lg">
          <Stack gap="sm">
            <div>
              <Title order={3}>Trust services categories</Title>
              <Text size="sm" c="dimmed">
                Security is in every SOC 2 report. Recommendations follow the sector and what the service
                handles.
              </Text>
            </div>
            <CategoryPicker
              value={form.categories}
              onChange={(c) => set("categories", c)}
              recommendations={page.recommendations}
              disabled={!canEdit}
            />
          </Stack>
        </Card>

        <Card padding="lg" data-testid="system-boundary">
          <Stack gap="md">
            <div>
              <Title order={3}>System boundary</Title>
              <Text size="sm" c="dimmed">
                What the report covers. Type a value and press Enter to add it.
              </Text>
            </div>
            <TagsInput
              label="Services"
              description="The services to customers that the report describes"
              placeholder="e.g. Payments API"
              value={form.boundary.services}
              onChange={(v) => setBoundary("services", v)}
              disabled={!canEdit}
              clearable
              data-testid="boundary-services"
            />
            <TagsInput
              label="Infrastructure components"
              description="Applications, databases, networks and tools in scope"
              placeholder="e.g. PostgreSQL, Kubernetes, GitHub"
              value={form.boundary.infrastructure}
              onChange={(v) => setBoundary("infrastructure", v)}
              disabled={!canEdit}
              clearable
              data-testid="boundary-infrastructure"
            />
            <TagsInput
              label="Locations and cloud regions"
              description="Offices, data centres and cloud regions"
              placeholder="e.g. Bengaluru office, AWS ap-south-1"
              value={form.boundary.locations}
              onChange={(v) => setBoundary("locations", v)}
              disabled={!canEdit}
              clearable
              data-testid="boundary-locations"
            />
          </Stack>
        </Card>

        {save.isError ? (
          <Alert
            color="red"
            variant="light"
            icon={<IconAlertTriangle size={16} />}
            title="Scope not saved"
            data-testid="scope-error"
          >
            {errorMessage(save.error)}
          </Alert>
        ) : null}
        {canEdit ? (
          <Group
            justify="space-between"
            p="sm"
            style={{
              position: dirty ? "sticky" : "static",
              bottom: 8,
              zIndex: 5,
              background: "var(--mantine-color-body)",
              border: "1px solid var(--mantine-color-gray-3)",
              borderRadius: "var(--mantine-radius-md)",
              boxShadow: dirty ? "var(--mantine-shadow-md)" : undefined,
            }}
          >
            <Text size="sm" c={dirty ? undefined : "dimmed"} data-testid="scope-dirty">
              {dirty ? "You have unsaved changes." : "All changes saved."}
            </Text>
            <Group gap="xs">
              <Button variant="default" disabled={!dirty || save.isPending} onClick={() => setForm(initial)}>
                Discard
              </Button>
              <Button
                type="submit"
                leftSection={<IconDeviceFloppy size={16} />}
                disabled={!dirty}
                loading={save.isPending}
                data-testid="save-scope"
              >
                Save scope
              </Button>
            </Group>
          </Group>
        ) : null}
      </Stack>
    </form>
  );
}

export function ScopeTab({ page }: { page: EngagementPage }) {
  const e = page.engagement;
  // A fresh editor whenever the saved scope changes (after a save or another user's edit).
  const version = JSON.stringify([
    e.name,
    e.type,
    e.asOfDate,
    e.periodStart,
    e.periodEnd,
    e.firstReport,
    e.categories,
    e.boundary,
    e.organization?.sector,
    e.boundary?.handles ?? e.handles,
    page.period,
  ]);
  return (
    <Stack gap="lg">
      <ScopeEditor key={version} page={page} />
      <SubserviceOrgs page={page} canEdit={page.permissions.canEditScope} />
    </Stack>
  );
}
