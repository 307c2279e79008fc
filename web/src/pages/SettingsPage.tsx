import {
  Alert,
  Badge,
  Box,
  Button,
  Card,
  Checkbox,
  Code,
  CopyButton,
  Grid,
  Group,
  Modal,
  NumberInput,
  PasswordInput,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  ThemeIcon,
  Title,
} from "@mantine/core";
import {
  IconCheck,
  IconCopy,
  IconKey,
  IconShieldCheck,
  IconShieldExclamation,
  IconUser,
  IconUserPlus,
  IconUsersGroup,
} from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, type ReactNode, useState } from "react";
import { api, seg } from "../api";
import { MfaBadge } from "../components/Badges";
import { MfaEnrolment } from "../components/MfaEnrolment";
import { PageHeader } from "../components/PageHeader";
import { SsoSettings } from "../components/SsoSettings";
import { EmptyState, ErrorState, TableSkeleton } from "../components/States";
import { FIRM_ROLE_OPTIONS, formatDate, formatRelative, roleLabel } from "../format";
import { notifySuccess } from "../notify";
import { keys, useFirmMembers } from "../queries";
import { SESSION_KEY, tenantKindOf, useFirmId, useTenant } from "../session";
import type { ApiToken, CreatedToken } from "../types";

function Field({ label, value }: { label: string; value: ReactNode }) {
  return (
    <Box>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600} style={{ letterSpacing: "0.04em" }}>
        {label}
      </Text>
      <Text size="sm" component="div">
        {value}
      </Text>
    </Box>
  );
}

function Section({
  title,
  icon,
  id,
  children,
}: {
  title: string;
  icon: ReactNode;
  id?: string;
  children: ReactNode;
}) {
  return (
    <Stack gap="sm" id={id} component="section" aria-label={title}>
      <Group gap={6} c="dimmed">
        {icon}
        <Text size="xs" tt="uppercase" fw={700} style={{ letterSpacing: "0.06em" }}>
          {title}
        </Text>
      </Group>
      {children}
    </Stack>
  );
}

function Profile() {
  const { session } = useTenant();
  const user = session.user;
  return (
    <Stack gap="lg">
      <Card padding="lg" data-testid="profile">
        <Stack gap="md">
          <Title order={3}>Your details</Title>
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <Field label="Name" value={user.name} />
            <Field label="Email" value={user.email} />
            <Field label="CPA licence number" value={user.cpaLicenceNumber ?? "—"} />
          </SimpleGrid>
        </Stack>
      </Card>
      <Card padding="lg">
        <Stack gap="sm">
          <Title order={3}>Memberships</Title>
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Workspace</Table.Th>
                <Table.Th>Kind</Table.Th>
                <Table.Th>Role</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {session.memberships.map((m) => (
                <Table.Tr key={`${m.tenantKind}:${m.tenantId}:${m.role}`}>
                  <Table.Td>{m.tenantName}</Table.Td>
                  <Table.Td>{tenantKindOf(m) === "firm" ? "CPA firm" : "Organization"}</Table.Td>
                  <Table.Td>
                    <Badge variant="light" color="gray">
                      {roleLabel(m.role)}
                    </Badge>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Stack>
      </Card>
    </Stack>
  );
}

function ChangePassword() {
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [error, setError] = useState<string | null>(null);
  const change = useMutation({
    mutationFn: () => api.post("/api/auth/password", { currentPassword: current, newPassword: next }),
    meta: { quiet: true },
    onSuccess: () => {
      setCurrent("");
      setNext("");
      setError(null);
      notifySuccess("Your other sessions were signed out.", "Password changed");
    },
    onError: (e: unknown) => setError(e instanceof Error ? e.message : String(e)),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    change.mutate();
  };
  return (
    <Card padding="lg" data-testid="change-password">
      <form onSubmit={submit}>
        <Stack gap="sm">
          <Title order={3}>Password</Title>
          <Text size="sm" c="dimmed">
            At least 12 characters. Changing it signs you out everywhere else.
          </Text>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <PasswordInput
              label="Current password"
              value={current}
              onChange={(e) => setCurrent(e.currentTarget.value)}
              autoComplete="current-password"
              required
            />
            <PasswordInput
              label="New password"
              value={next}
              onChange={(e) => setNext(e.currentTarget.value)}
              autoComplete="new-password"
              minLength={12}
              required
            />
          </SimpleGrid>
          {error && (
            <Alert color="red" data-testid="password-error">
              {error}
            </Alert>
          )}
          <Group>
            <Button type="submit" loading={change.isPending} data-testid="change-password-submit">
              Change password
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}

function Security() {
  const { session } = useTenant();
  const queryClient = useQueryClient();
  const [enrolling, setEnrolling] = useState(false);
  const enabled = session.user.mfaEnabled;
  return (
    <Card padding="lg" data-testid="mfa-status">
      <Group justify="space-between" align="flex-start" wrap="wrap">
        <Group gap="sm" align="flex-start" wrap="nowrap">
          <ThemeIcon size={38} radius="md" variant="light" color={enabled ? "teal" : "orange"}>
            {enabled ? <IconShieldCheck size={20} /> : <IconShieldExclamation size={20} />}
          </ThemeIcon>
          <div>
            <Group gap="xs">
              <Title order={3}>Two-factor authentication</Title>
              <Badge color={enabled ? "teal" : "orange"} variant="light" data-testid="mfa-badge">
                {enabled ? "Enabled" : "Not enabled"}
              </Badge>
            </Group>
            <Text size="sm" c="dimmed" maw={560}>
              {enabled
                ? "Signing in asks for a code from your authenticator app. If you lose the device, use one of your recovery codes."
                : "Add a second factor to protect client evidence. Partners and admins must use one; a partner needs it to sign reports."}
            </Text>
          </div>
        </Group>
        {!enabled ? (
          <Button onClick={() => setEnrolling(true)} data-testid="start-mfa">
            Set up two-factor authentication
          </Button>
        ) : null}
      </Group>
      <Modal
        opened={enrolling}
        onClose={() => setEnrolling(false)}
        title="Set up two-factor authentication"
        size="md"
      >
        {enrolling ? (
          <MfaEnrolment
            onDone={() => {
              setEnrolling(false);
              notifySuccess("Two-factor authentication is on.", "Security");
              void queryClient.invalidateQueries({ queryKey: SESSION_KEY });
            }}
          />
        ) : null}
      </Modal>
    </Card>
  );
}

function NewTokenAlert({ token, onClose }: { token: CreatedToken; onClose: () => void }) {
  return (
    <Alert
      color="teal"
      variant="light"
      title={`Token “${token.name ?? "new token"}” created. Copy it now: it is shown only once.`}
      withCloseButton
      onClose={onClose}
      data-testid="new-token"
    >
      <Group gap="xs" wrap="nowrap" mt={4}>
        <Code fz="sm" style={{ flex: 1, wordBreak: "break-all" }} data-testid="new-token-value">
          {token.token}
        </Code>
        <CopyButton value={token.token}>
          {({ copied, copy }) => (
            <Button
              size="xs"
              variant={copied ? "filled" : "default"}
              color={copied ? "teal" : undefined}
              leftSection={copied ? <IconCheck size={14} /> : <IconCopy size={14} />}
              onClick={copy}
              data-testid="copy-token"
            >
              {copied ? "Copied" : "Copy"}
            </Button>
          )}
        </CopyButton>
      </Group>
      <Text size="xs" mt="xs">
        Use it as <Code fz="xs">Authorization: Bearer …</Code> from the CLI or a CI pipeline.
      </Text>
    </Alert>
  );
}

function Tokens() {
  const queryClient = useQueryClient();
  const [name, setName] = useState("");
  const [scopes, setScopes] = useState<string[]>(["read"]);
  const [days, setDays] = useState<number | string>(90);
  const [created, setCreated] = useState<CreatedToken | null>(null);
  const [revoking, setRevoking] = useState<ApiToken | null>(null);

  const tokens = useQuery({
    queryKey: keys.tokens,
    queryFn: ({ signal }) => api.get<{ tokens: ApiToken[] }>("/api/auth/tokens", signal),
  });
  const create = useMutation({
    mutationFn: () =>
      api.post<CreatedToken>("/api/auth/tokens", {
        name: name.trim(),
        scopes,
        expiresInDays: typeof days === "number" ? days : 90,
      }),
    meta: { errorTitle: "Token not created" },
    onSuccess: (res) => {
      setCreated({ ...res, name: res.name ?? name.trim() });
      notifySuccess("Copy the token now; it will not be shown again.", "API token created");
      setName("");
      void queryClient.invalidateQueries({ queryKey: keys.tokens });
    },
  });
  const revoke = useMutation({
    mutationFn: (t: ApiToken) => api.delete(`/api/auth/tokens/${seg(t.id)}`),
    meta: { errorTitle: "Token not revoked" },
    onSuccess: (_r, t) => {
      notifySuccess(`“${t.name}” can no longer be used.`, "Token revoked");
      setRevoking(null);
      void queryClient.invalidateQueries({ queryKey: keys.tokens });
    },
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  const list = tokens.data?.tokens ?? [];
  const now = new Date().toISOString();

  return (
    <Stack gap="lg">
      <Card padding="lg">
        <form onSubmit={submit} data-testid="token-form">
          <Stack gap="md">
            <div>
              <Title order={3}>Create an API token</Title>
              <Text size="sm" c="dimmed">
                For the fieldwork CLI and CI pipelines (evidence upload, exports). Tokens act as you.
              </Text>
            </div>
            <Grid gutter="sm" align="flex-end">
              <Grid.Col span={{ base: 12, sm: 5 }}>
                <TextInput
                  label="Token name"
                  placeholder="GitHub Actions evidence upload"
                  value={name}
                  onChange={(e) => setName(e.currentTarget.value)}
                  required
                />
              </Grid.Col>
              <Grid.Col span={{ base: 6, sm: 3 }}>
                <Checkbox.Group label="Scopes" value={scopes} onChange={setScopes}>
                  <Group gap="md" mt={8} mb={6}>
                    <Checkbox value="read" label="Read" />
                    <Checkbox value="write" label="Write" />
                  </Group>
                </Checkbox.Group>
              </Grid.Col>
              <Grid.Col span={{ base: 6, sm: 2 }}>
                <NumberInput
                  label="Expires in (days)"
                  value={days}
                  onChange={setDays}
                  min={1}
                  max={365}
                  allowDecimal={false}
                  allowNegative={false}
                />
              </Grid.Col>
              <Grid.Col span={{ base: 12, sm: 2 }}>
                <Button
                  type="submit"
                  fullWidth
                  leftSection={<IconKey size={16} />}
                  loading={create.isPending}
                  disabled={scopes.length === 0}
                  data-testid="create-token"
                >
                  Create token
                </Button>
              </Grid.Col>
            </Grid>
            {created ? <NewTokenAlert token={created} onClose={() => setCreated(null)} /> : null}
          </Stack>
        </form>
      </Card>
      <Card padding="lg">
        <Stack gap="sm">
          <Title order={3}>Your tokens</Title>
          {tokens.isPending ? (
            <TableSkeleton rows={3} />
          ) : tokens.isError ? (
            <ErrorState error={tokens.error} onRetry={() => void tokens.refetch()} />
          ) : list.length === 0 ? (
            <EmptyState icon={<IconKey size={22} />} title="No API tokens">
              Create one above to use the CLI against this server.
            </EmptyState>
          ) : (
            <Box style={{ overflowX: "auto" }}>
              <Table miw={760} data-testid="tokens-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Name</Table.Th>
                    <Table.Th>Token</Table.Th>
                    <Table.Th>Scopes</Table.Th>
                    <Table.Th>Created</Table.Th>
                    <Table.Th>Last used</Table.Th>
                    <Table.Th>Expires</Table.Th>
                    <Table.Th>Status</Table.Th>
                    <Table.Th />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {list.map((t) => {
                    const expired = !!t.expiresAt && t.expiresAt < now;
                    const status = t.revokedAt ? "Revoked" : expired ? "Expired" : "Active";
                    return (
                      <Table.Tr key={t.id} data-testid="token-row" data-status={status.toLowerCase()}>
                        <Table.Td>
                          <Text size="sm" fw={500}>
                            {t.name}
                          </Text>
                        </Table.Td>
                        <Table.Td>
                          <Code fz="xs">{t.prefix}…</Code>
                        </Table.Td>
                        <Table.Td>
                          <Group gap={4}>
                            {t.scopes.map((s) => (
                              <Badge
                                key={s}
                                size="xs"
                                variant="light"
                                color={s === "write" ? "orange" : "gray"}
                              >
                                {s}
                              </Badge>
                            ))}
                          </Group>
                        </Table.Td>
                        <Table.Td>{formatDate(t.createdAt)}</Table.Td>
                        <Table.Td>{t.lastUsedAt ? formatRelative(t.lastUsedAt) : "Never"}</Table.Td>
                        <Table.Td>{formatDate(t.expiresAt)}</Table.Td>
                        <Table.Td>
                          <Badge
                            variant="light"
                            color={status === "Active" ? "teal" : status === "Revoked" ? "red" : "gray"}
                          >
                            {status}
                          </Badge>
                        </Table.Td>
                        <Table.Td ta="right">
                          {status === "Active" ? (
                            <Button
                              size="compact-xs"
                              variant="subtle"
                              color="red"
                              onClick={() => setRevoking(t)}
                              data-testid="revoke-token"
                            >
                              Revoke
                            </Button>
                          ) : null}
                        </Table.Td>
                      </Table.Tr>
                    );
                  })}
                </Table.Tbody>
              </Table>
            </Box>
          )}
        </Stack>
      </Card>
      <Modal opened={!!revoking} onClose={() => setRevoking(null)} title="Revoke API token">
        <Stack gap="md">
          <Text size="sm">
            Revoke “{revoking?.name}”? Anything using it (a CLI session, a CI pipeline) stops working
            immediately.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setRevoking(null)}>
              Cancel
            </Button>
            <Button
              color="red"
              loading={revoke.isPending}
              onClick={() => revoking && revoke.mutate(revoking)}
              data-testid="confirm-revoke"
            >
              Revoke token
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}

function Team({ firmId }: { firmId: string }) {
  const queryClient = useQueryClient();
  const members = useFirmMembers(firmId);
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const [role, setRole] = useState("staff_auditor");
  const [licence, setLicence] = useState("");
  const [password, setPassword] = useState("");

  const add = useMutation({
    mutationFn: () =>
      api.post(`/api/firms/${seg(firmId)}/members`, {
        name: name.trim(),
        email: email.trim(),
        role,
        ...(licence.trim() !== "" ? { cpaLicenceNumber: licence.trim() } : {}),
        ...(password !== "" ? { password } : {}),
      }),
    meta: { errorTitle: "Member not added" },
    onSuccess: () => {
      notifySuccess(`${name.trim()} joined the firm as ${roleLabel(role)}.`, "Member added");
      setName("");
      setEmail("");
      setLicence("");
      setPassword("");
      void queryClient.invalidateQueries({ queryKey: keys.members(firmId) });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    add.mutate();
  };
  const list = members.data ?? [];

  return (
    <Stack gap="lg">
      <Card padding="lg">
        <Stack gap="sm">
          <Title order={3}>Firm members</Title>
          {members.isPending ? (
            <TableSkeleton rows={3} />
          ) : members.isError ? (
            <ErrorState error={members.error} onRetry={() => void members.refetch()} />
          ) : list.length === 0 ? (
            <EmptyState icon={<IconUsersGroup size={22} />} title="No members yet" />
          ) : (
            <Table data-testid="firm-members-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Email</Table.Th>
                  <Table.Th>Role</Table.Th>
                  <Table.Th>CPA licence</Table.Th>
                  <Table.Th>MFA</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.map((m) => (
                  <Table.Tr key={`${m.userId ?? m.id ?? m.email}-${m.role}`}>
                    <Table.Td>
                      <Text size="sm" fw={500}>
                        {m.name}
                      </Text>
                    </Table.Td>
                    <Table.Td>{m.email}</Table.Td>
                    <Table.Td>
                      <Badge variant="light" color={m.role === "partner" ? "brand" : "gray"}>
                        {roleLabel(m.role)}
                      </Badge>
                    </Table.Td>
                    <Table.Td>{m.cpaLicenceNumber ?? "—"}</Table.Td>
                    <Table.Td>
                      <MfaBadge enabled={m.mfaEnabled} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Stack>
      </Card>
      <Card padding="lg">
        <form onSubmit={submit} data-testid="add-firm-member-form">
          <Stack gap="sm">
            <Title order={3}>Add a firm member</Title>
            <Grid gutter="sm">
              <Grid.Col span={{ base: 12, sm: 6 }}>
                <TextInput
                  label="Name"
                  value={name}
                  onChange={(e) => setName(e.currentTarget.value)}
                  required
                />
              </Grid.Col>
              <Grid.Col span={{ base: 12, sm: 6 }}>
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
                  data={FIRM_ROLE_OPTIONS}
                  value={role}
                  onChange={(v) => setRole(v ?? "staff_auditor")}
                  allowDeselect={false}
                />
              </Grid.Col>
              <Grid.Col span={{ base: 12, sm: 4 }}>
                <TextInput
                  label="CPA licence number"
                  description={role === "partner" ? "Needed for a partner to sign reports" : "Optional"}
                  value={licence}
                  onChange={(e) => setLicence(e.currentTarget.value)}
                />
              </Grid.Col>
              <Grid.Col span={{ base: 12, sm: 4 }}>
                <PasswordInput
                  label="Initial password"
                  description="For a new user; they change it later"
                  value={password}
                  onChange={(e) => setPassword(e.currentTarget.value)}
                  autoComplete="new-password"
                />
              </Grid.Col>
            </Grid>
            <Group justify="flex-end">
              <Button type="submit" leftSection={<IconUserPlus size={16} />} loading={add.isPending}>
                Add member
              </Button>
            </Group>
          </Stack>
        </form>
      </Card>
    </Stack>
  );
}

export function SettingsPage() {
  const firmId = useFirmId();
  const { tenant, roles } = useTenant();
  const ssoAdmin = tenant && roles.includes(tenant.kind === "firm" ? "firm_admin" : "org_admin");
  return (
    <>
      <PageHeader title="Settings" subtitle="Your profile, sign-in security and API tokens" />
      <Stack gap="xl">
        <Section title="Profile" icon={<IconUser size={16} />}>
          <Profile />
        </Section>
        <Section title="Security" icon={<IconShieldCheck size={16} />}>
          <Security />
          <ChangePassword />
        </Section>
        <Section title="API tokens" icon={<IconKey size={16} />} id="tokens">
          <Tokens />
        </Section>
        {firmId ? (
          <Section title="Team" icon={<IconUsersGroup size={16} />} id="team">
            <Team firmId={firmId} />
          </Section>
        ) : null}
        {tenant && ssoAdmin ? (
          <Section title="Single sign-on" icon={<IconKey size={16} />} id="sso">
            <SsoSettings kind={tenant.kind} tenantId={tenant.id} />
          </Section>
        ) : null}
      </Stack>
    </>
  );
}
