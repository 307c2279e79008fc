import {
  Alert,
  Anchor,
  Badge,
  Box,
  Button,
  Card,
  Grid,
  Group,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Tabs,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import {
  IconBuildingSkyscraper,
  IconClipboardList,
  IconFileCertificate,
  IconFiles,
  IconGauge,
  IconShieldCheck,
  IconShieldX,
  IconUserPlus,
  IconUsers,
} from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, type ReactNode, useState } from "react";
import { Link, useParams, useSearchParams } from "react-router-dom";
import { ApiError, api, errorMessage, seg } from "../api";
import { MfaBadge } from "../components/Badges";
import { EngagementsTable } from "../components/EngagementsTable";
import { PageHeader } from "../components/PageHeader";
import { CardsSkeleton, EmptyState, ErrorState, TableSkeleton } from "../components/States";
import { formatDate, ORG_ROLE_OPTIONS, roleLabel, sectorLabel } from "../format";
import { notifySuccess } from "../notify";
import { keys, useOrganization } from "../queries";
import { useTenant } from "../session";
import type { Member } from "../types";
import { ControlsView } from "./ControlsPage";
import { EvidenceLibrary } from "./EvidencePage";
import { PoliciesView } from "./PoliciesPage";
import { ReadinessView } from "./ReadinessPage";

const CLIENT_TABS = ["overview", "readiness", "controls", "evidence", "policies"] as const;
type ClientTab = (typeof CLIENT_TABS)[number];

function Detail({ label, value }: { label: string; value: string | number | null | undefined }) {
  return (
    <Stack gap={2}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600} style={{ letterSpacing: "0.04em" }}>
        {label}
      </Text>
      <Text size="sm">{value === null || value === undefined || value === "" ? "—" : value}</Text>
    </Stack>
  );
}

function AddMemberForm({ orgId }: { orgId: string }) {
  const queryClient = useQueryClient();
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<string>("control_owner");
  const add = useMutation({
    mutationFn: () =>
      api.post(`/api/organizations/${seg(orgId)}/members`, { name: name.trim(), email: email.trim(), role }),
    meta: { errorTitle: "Member not added" },
    onSuccess: () => {
      notifySuccess(`${name.trim()} was added as ${roleLabel(role)}.`, "Member added");
      setName("");
      setEmail("");
      void queryClient.invalidateQueries({ queryKey: keys.organization(orgId) });
    },
  });
  const independence = add.error instanceof ApiError && add.error.code === "INDEPENDENCE";
  const submit = (e: FormEvent) => {
    e.preventDefault();
    add.mutate();
  };
  return (
    <form onSubmit={submit} data-testid="add-member-form">
      <Stack gap="sm">
        <Text fw={600} size="sm">
          Add a member
        </Text>
        <Grid gutter="sm" align="flex-end">
          <Grid.Col span={{ base: 12, sm: 4 }}>
            <TextInput label="Name" value={name} onChange={(e) => setName(e.currentTarget.value)} required />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 4 }}>
            <TextInput
              label="Email"
              type="email"
              value={email}
              onChange={(e) => setEmail(e.currentTarget.value)}
              required
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 4 }}>
            <Select
              label="Role"
              data={ORG_ROLE_OPTIONS}
              value={role}
              onChange={(v) => setRole(v ?? "control_owner")}
              allowDeselect={false}
            />
          </Grid.Col>
        </Grid>
        {add.isError ? (
          independence ? (
            <Alert
              color="red"
              variant="filled"
              icon={<IconShieldX size={20} />}
              title="Refused: auditor independence"
              data-testid="independence-refusal"
            >
              <Text size="sm">{errorMessage(add.error)}</Text>
              <Text size="xs" mt={6} opacity={0.9}>
                A member of the auditing CPA firm may not hold a role inside a client organization it audits.
              </Text>
            </Alert>
          ) : (
            <Alert color="red" variant="light" data-testid="member-error">
              {errorMessage(add.error)}
            </Alert>
          )
        ) : null}
        <Group justify="flex-end">
          <Button type="submit" leftSection={<IconUserPlus size={16} />} loading={add.isPending}>
            Add member
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function MembersTable({ members }: { members: readonly Member[] }) {
  if (members.length === 0) {
    return (
      <EmptyState icon={<IconUsers size={22} />} title="No members yet">
        Add the organization admin first; they can invite their control owners.
      </EmptyState>
    );
  }
  return (
    <Table data-testid="members-table">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Name</Table.Th>
          <Table.Th>Email</Table.Th>
          <Table.Th>Role</Table.Th>
          <Table.Th>MFA</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {members.map((m) => (
          <Table.Tr key={`${m.userId ?? m.id ?? m.email}-${m.role}`}>
            <Table.Td>
              <Text size="sm" fw={500}>
                {m.name}
              </Text>
            </Table.Td>
            <Table.Td>
              <Text size="sm">{m.email}</Text>
            </Table.Td>
            <Table.Td>
              <Badge variant="light" color="gray">
                {roleLabel(m.role)}
              </Badge>
            </Table.Td>
            <Table.Td>
              <MfaBadge enabled={m.mfaEnabled} />
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** A client organization: details, engagements and members. Also an organization user's home. */
export function OrganizationView({ orgId, home = false }: { orgId: string; home?: boolean }) {
  const query = useOrganization(orgId);
  const { isFirm, roles } = useTenant();
  const canAddMembers = isFirm || roles.includes("org_admin");
  const canCreateEngagement = isFirm || roles.includes("org_admin");

  if (query.isPending) {
    return (
      <Stack>
        <PageHeader title={home ? "Organization" : "Client"} />
        <CardsSkeleton count={1} height={110} />
        <TableSkeleton />
      </Stack>
    );
  }
  if (query.isError) {
    return (
      <>
        <PageHeader
          title={home ? "Organization" : "Client"}
          crumbs={home ? [] : [{ label: "Clients", to: "/clients" }]}
        />
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      </>
    );
  }
  const { organization: org, engagements, members } = query.data;
  const place = [org.city, org.country].filter(Boolean).join(", ");

  const overview = (
    <Stack gap="lg">
      <Card padding="md" data-testid="client-details">
        <SimpleGrid cols={{ base: 2, sm: 3, md: 6 }} spacing="md">
          <Detail label="Sector" value={sectorLabel(org.sector)} />
          <Detail label="Employees" value={org.employees} />
          <Detail label="City" value={org.city} />
          <Detail label="Country" value={org.country} />
          <Detail label="Website" value={org.website} />
          <Detail label={home ? "On Fieldwork since" : "Client since"} value={formatDate(org.createdAt)} />
        </SimpleGrid>
      </Card>

      <Card padding="md">
        <Group justify="space-between" mb="sm">
          <Title order={3}>Engagements</Title>
          {engagements.length > 0 ? (
            <Text size="sm" c="dimmed">
              {engagements.length}
            </Text>
          ) : null}
        </Group>
        {engagements.length === 0 ? (
          <EmptyState
            icon={<IconClipboardList size={22} />}
            title="No engagements yet"
            action={
              canCreateEngagement ? (
                <Button
                  component={Link}
                  to={`/engagements/new?org=${encodeURIComponent(org.id)}`}
                  size="xs"
                  variant="default"
                >
                  Start an engagement
                </Button>
              ) : undefined
            }
          >
            An engagement is one SOC 2 examination: a Type 1 as of a date, or a Type 2 over a period.
          </EmptyState>
        ) : (
          <EngagementsTable engagements={engagements} showClient={false} />
        )}
      </Card>

      <Card padding="md" data-testid="members-card">
        <Group justify="space-between" mb="sm">
          <Title order={3}>Members</Title>
          <Text size="sm" c="dimmed">
            People of {org.name} who use Fieldwork
          </Text>
        </Group>
        <Stack gap="lg">
          <MembersTable members={members ?? []} />
          {canAddMembers ? (
            <Box pt="xs" style={{ borderTop: "1px solid var(--mantine-color-gray-2)" }}>
              <AddMemberForm orgId={org.id} />
            </Box>
          ) : null}
        </Stack>
      </Card>
      {home ? (
        <Text size="xs" c="dimmed">
          Your auditor sees the same engagements.{" "}
          <Anchor component={Link} to="/engagements" size="xs">
            Open your engagements
          </Anchor>
        </Text>
      ) : null}
    </Stack>
  );

  return (
    <>
      <PageHeader
        title={org.name}
        crumbs={home ? [] : [{ label: "Clients", to: "/clients" }, { label: org.name }]}
        subtitle={[sectorLabel(org.sector), place].filter((s) => s && s !== "—").join(" · ")}
        actions={
          canCreateEngagement ? (
            <Button component={Link} to={`/engagements/new?org=${encodeURIComponent(org.id)}`}>
              New engagement
            </Button>
          ) : null
        }
      />
      {home || !isFirm ? overview : <ClientTabs orgId={org.id} overview={overview} />}
    </>
  );
}

/** The firm's view of a client: its details, and read-only views of its readiness workspace. */
function ClientTabs({ orgId, overview }: { orgId: string; overview: ReactNode }) {
  const [params, setParams] = useSearchParams();
  const wanted = params.get("tab");
  const tab: ClientTab = CLIENT_TABS.includes(wanted as ClientTab) ? (wanted as ClientTab) : "overview";
  const setTab = (next: string | null) => {
    // Each tab keeps only its own parameters.
    const p = new URLSearchParams();
    if (next && next !== "overview") p.set("tab", next);
    const engagement = params.get("engagement");
    if (engagement) p.set("engagement", engagement);
    setParams(p, { replace: true });
  };
  return (
    <Tabs value={tab} onChange={setTab} keepMounted={false} variant="outline">
      <Tabs.List mb="lg">
        <Tabs.Tab
          value="overview"
          leftSection={<IconBuildingSkyscraper size={16} />}
          data-testid="tab-overview"
        >
          Overview
        </Tabs.Tab>
        <Tabs.Tab value="readiness" leftSection={<IconGauge size={16} />} data-testid="tab-readiness">
          Readiness
        </Tabs.Tab>
        <Tabs.Tab value="controls" leftSection={<IconShieldCheck size={16} />} data-testid="tab-controls">
          Controls
        </Tabs.Tab>
        <Tabs.Tab value="evidence" leftSection={<IconFiles size={16} />} data-testid="tab-evidence">
          Evidence
        </Tabs.Tab>
        <Tabs.Tab
          value="policies"
          leftSection={<IconFileCertificate size={16} />}
          data-testid="tab-policies-client"
        >
          Policies
        </Tabs.Tab>
      </Tabs.List>
      <Tabs.Panel value="overview">{overview}</Tabs.Panel>
      <Tabs.Panel value="readiness">
        <ReadinessView orgId={orgId} embedded />
      </Tabs.Panel>
      <Tabs.Panel value="controls">
        <ControlsView orgId={orgId} embedded />
      </Tabs.Panel>
      <Tabs.Panel value="evidence">
        <EvidenceLibrary orgId={orgId} embedded />
      </Tabs.Panel>
      <Tabs.Panel value="policies">
        <PoliciesView orgId={orgId} embedded />
      </Tabs.Panel>
    </Tabs>
  );
}

export function ClientPage() {
  const { orgId } = useParams();
  if (!orgId) return null;
  return <OrganizationView orgId={orgId} />;
}
