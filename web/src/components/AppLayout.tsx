import {
  AppShell,
  Avatar,
  Badge,
  Box,
  Burger,
  Group,
  Menu,
  NavLink,
  Paper,
  ScrollArea,
  Select,
  Stack,
  Text,
  UnstyledButton,
} from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import {
  IconAlertOctagon,
  IconBuildingBank,
  IconBuildingSkyscraper,
  IconChecklist,
  IconChevronDown,
  IconClipboardList,
  IconFileCertificate,
  IconFileImport,
  IconFiles,
  IconFlame,
  IconGauge,
  IconHistory,
  IconInbox,
  IconLayoutDashboard,
  IconLogout,
  IconMap2,
  IconMessageCircleQuestion,
  IconSettings,
  IconShieldCheck,
  IconSignature,
  IconTruckDelivery,
  IconUrgent,
  IconUserCheck,
  IconUsersGroup,
  IconWorld,
} from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { Link, Outlet, useLocation, useNavigate } from "react-router-dom";
import { api, setCsrfToken } from "../api";
import { initials, roleLabel } from "../format";
import { useMyAcknowledgements } from "../queries";
import { SESSION_KEY, type Tenant, useTenant } from "../session";
import { Logo } from "./Logo";
import { NotificationsBell } from "./NotificationsBell";

interface NavItem {
  label: string;
  to: string;
  icon: ReactNode;
  firmOnly?: boolean;
  /** Organization members who handle evidence (not employees). */
  contributorsOnly?: boolean;
  /** Organization admins only. */
  adminOnly?: boolean;
  badge?: "acknowledgements";
}

const icon = (Icon: typeof IconGauge) => <Icon size={18} stroke={1.6} />;

/** An organization member's workspace: readiness first, then what it is made of. */
const ORG_NAV: NavItem[] = [
  { label: "Readiness", to: "/", icon: icon(IconGauge) },
  { label: "Controls", to: "/controls", icon: icon(IconShieldCheck) },
  { label: "Frameworks", to: "/frameworks", icon: icon(IconMap2) },
  { label: "OSCAL imports", to: "/imported-frameworks", icon: icon(IconFileImport), contributorsOnly: true },
  { label: "Evidence", to: "/evidence", icon: icon(IconFiles), contributorsOnly: true },
  { label: "Policies", to: "/policies", icon: icon(IconFileCertificate) },
  { label: "Acknowledgements", to: "/acknowledgements", icon: icon(IconInbox), badge: "acknowledgements" },
  { label: "Requests", to: "/requests", icon: icon(IconChecklist), contributorsOnly: true },
  { label: "Exceptions", to: "/exceptions", icon: icon(IconAlertOctagon), contributorsOnly: true },
  { label: "Risks", to: "/risks", icon: icon(IconFlame), contributorsOnly: true },
  { label: "Vendors", to: "/vendors", icon: icon(IconTruckDelivery), contributorsOnly: true },
  { label: "Access reviews", to: "/access-reviews", icon: icon(IconUserCheck), contributorsOnly: true },
  { label: "Incidents", to: "/incidents", icon: icon(IconUrgent), contributorsOnly: true },
  { label: "Engagements", to: "/engagements", icon: icon(IconClipboardList) },
  { label: "Engagement documents", to: "/engagement-documents", icon: icon(IconSignature), adminOnly: true },
  { label: "Organization", to: "/organization", icon: icon(IconBuildingSkyscraper) },
  { label: "Trust portal", to: "/trust-access", icon: icon(IconWorld), adminOnly: true },
  { label: "Audit trail", to: "/audit", icon: icon(IconHistory) },
  { label: "Settings", to: "/settings", icon: icon(IconSettings) },
];

const NAV: NavItem[] = [
  { label: "Dashboard", to: "/", icon: <IconLayoutDashboard size={18} stroke={1.6} /> },
  {
    label: "Clients",
    to: "/clients",
    icon: <IconBuildingSkyscraper size={18} stroke={1.6} />,
    firmOnly: true,
  },
  { label: "Engagements", to: "/engagements", icon: <IconClipboardList size={18} stroke={1.6} /> },
  {
    label: "Enquiries",
    to: "/enquiries",
    icon: <IconMessageCircleQuestion size={18} stroke={1.6} />,
    firmOnly: true,
  },
  { label: "Audit trail", to: "/audit", icon: <IconHistory size={18} stroke={1.6} /> },
  { label: "Settings", to: "/settings", icon: <IconSettings size={18} stroke={1.6} /> },
];

const isActive = (pathname: string, to: string): boolean =>
  to === "/" ? pathname === "/" : pathname === to || pathname.startsWith(`${to}/`);

function TenantSwitcher() {
  const { tenant, tenants, setTenant } = useTenant();
  const navigate = useNavigate();
  if (!tenant) return null;
  if (tenants.length <= 1) {
    return (
      <Paper withBorder p="xs" radius="md" data-testid="tenant-current">
        <Group gap="xs" wrap="nowrap">
          {tenant.kind === "firm" ? <IconBuildingBank size={18} /> : <IconBuildingSkyscraper size={18} />}
          <Box style={{ minWidth: 0 }}>
            <Text size="sm" fw={600} truncate>
              {tenant.name}
            </Text>
            <Text size="xs" c="dimmed">
              {roleLabel(tenant.role)}
            </Text>
          </Box>
        </Group>
      </Paper>
    );
  }
  const item = (t: Tenant) => ({ value: `${t.kind}:${t.id}`, label: t.name });
  const firms = tenants.filter((t) => t.kind === "firm").map(item);
  const orgs = tenants.filter((t) => t.kind === "org").map(item);
  const data = [
    ...(firms.length > 0 ? [{ group: "CPA firms", items: firms }] : []),
    ...(orgs.length > 0 ? [{ group: "Organizations", items: orgs }] : []),
  ];
  return (
    <Select
      label="Workspace"
      aria-label="Workspace"
      data={data}
      value={`${tenant.kind}:${tenant.id}`}
      onChange={(value) => {
        if (!value) return;
        setTenant(value);
        navigate("/");
      }}
      allowDeselect={false}
      leftSection={
        tenant.kind === "firm" ? <IconBuildingBank size={16} /> : <IconBuildingSkyscraper size={16} />
      }
      description={roleLabel(tenant.role)}
      comboboxProps={{ withinPortal: true }}
      data-testid="tenant-switcher"
    />
  );
}

function UserMenu() {
  const { session } = useTenant();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const logout = useMutation({
    mutationFn: () => api.post("/api/auth/logout"),
    meta: { errorTitle: "Could not sign out" },
    onSuccess: () => {
      setCsrfToken(null);
      queryClient.clear();
      queryClient.setQueryData(SESSION_KEY, null);
      navigate("/login", { replace: true });
    },
  });
  const user = session.user;
  return (
    <Menu position="bottom-end" width={240} shadow="md">
      <Menu.Target>
        <UnstyledButton data-testid="user-menu" aria-label="User menu">
          <Group gap={8} wrap="nowrap">
            <Avatar size={32} radius="xl" color="brand">
              {initials(user.name)}
            </Avatar>
            <Box visibleFrom="sm" style={{ lineHeight: 1.2 }}>
              <Text size="sm" fw={500}>
                {user.name}
              </Text>
            </Box>
            <IconChevronDown size={14} />
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>
          <Text size="xs" fw={600} c="var(--mantine-color-text)">
            {user.name}
          </Text>
          <Text size="xs" c="dimmed" truncate>
            {user.email}
          </Text>
        </Menu.Label>
        <Menu.Divider />
        <Menu.Item component={Link} to="/settings" leftSection={<IconSettings size={16} />}>
          Settings
        </Menu.Item>
        <Menu.Item
          color="red"
          leftSection={<IconLogout size={16} />}
          onClick={() => logout.mutate()}
          data-testid="sign-out"
        >
          Sign out
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}

export function AppLayout() {
  const [opened, { toggle, close }] = useDisclosure(false);
  const { pathname } = useLocation();
  const { isFirm, tenant, roles } = useTenant();
  const contributor = roles.includes("org_admin") || roles.includes("control_owner");
  const items = isFirm
    ? NAV
    : ORG_NAV.filter(
        (n) => (contributor || !n.contributorsOnly) && (roles.includes("org_admin") || !n.adminOnly),
      );
  const inbox = useMyAcknowledgements(!isFirm && !!tenant);
  const outstanding = (inbox.data?.outstanding ?? []).filter((i) => i.organization.id === tenant?.id).length;

  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 248, breakpoint: "sm", collapsed: { mobile: !opened } }}
      padding="lg"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label="Toggle navigation"
            />
            <Box hiddenFrom="sm">
              <Logo size={24} />
            </Box>
            <Text size="sm" c="dimmed" visibleFrom="sm" data-testid="header-tenant">
              {tenant?.name}
            </Text>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <NotificationsBell />
            <UserMenu />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="sm" bg="var(--mantine-color-gray-0)">
        <AppShell.Section>
          <Box px={6} pt={4} pb="md" visibleFrom="sm">
            <Link to="/" style={{ color: "inherit", textDecoration: "none" }} aria-label="Fieldwork home">
              <Logo />
            </Link>
          </Box>
          <TenantSwitcher />
        </AppShell.Section>
        <AppShell.Section grow component={ScrollArea} mt="md">
          <Stack gap={2} component="nav" aria-label="Main">
            {items.map((item) => (
              <NavLink
                key={item.to}
                component={Link}
                to={item.to}
                label={item.label}
                leftSection={item.icon}
                rightSection={
                  item.badge === "acknowledgements" && outstanding > 0 ? (
                    <Badge
                      size="sm"
                      variant="filled"
                      color="red"
                      circle={outstanding < 10}
                      data-testid="ack-count"
                      aria-label={`${outstanding} to acknowledge`}
                    >
                      {outstanding}
                    </Badge>
                  ) : undefined
                }
                active={isActive(pathname, item.to)}
                onClick={close}
                variant="light"
                style={{ borderRadius: "var(--mantine-radius-md)" }}
                fw={500}
                data-testid={`nav-${item.label.toLowerCase().replace(/\s+/g, "-")}`}
              />
            ))}
          </Stack>
        </AppShell.Section>
        <AppShell.Section>
          <Group gap={6} px={6} py="xs">
            <IconUsersGroup size={14} color="var(--mantine-color-dimmed)" />
            <Text size="xs" c="dimmed">
              {isFirm ? "CPA firm workspace" : "Organization workspace"}
            </Text>
          </Group>
        </AppShell.Section>
      </AppShell.Navbar>
      <AppShell.Main bg="var(--mantine-color-gray-0)">
        <Box maw={1280} mx="auto">
          <Outlet />
        </Box>
      </AppShell.Main>
    </AppShell>
  );
}
