/**
 * The readiness workspace's shared pieces: which organization and engagement a page is about, what
 * the signed-in person may do there, and where links lead (an organization member's own pages, or
 * the read-only tabs of the client page for the auditing firm).
 */
import { Button, Select, type SelectProps } from "@mantine/core";
import { IconBuildingSkyscraper, IconClipboardList } from "@tabler/icons-react";
import type { ReactNode } from "react";
import { Link, useSearchParams } from "react-router-dom";
import { EmptyState } from "./components/States";
import { formatPeriod } from "./format";
import { useOrganization } from "./queries";
import { useTenant } from "./session";
import type { EngagementSummary } from "./types";

/** What the signed-in person may do in an organization's readiness workspace. */
export interface OrgAccess {
  /** The person holds a role in this organization (not the auditing firm). */
  member: boolean;
  admin: boolean;
  controlOwner: boolean;
  /** org_admin or control_owner: uploads evidence, writes policy drafts, answers requests. */
  contributor: boolean;
  /** Employees see no evidence or requests. */
  employeeOnly: boolean;
  /** The auditing firm: reads, never changes. */
  auditor: boolean;
  userId: string;
}

export const useOrgAccess = (orgId: string | null | undefined): OrgAccess => {
  const { session, tenant } = useTenant();
  const orgRoles = session.memberships
    .filter((m) => m.tenantKind !== "firm" && m.tenantId === orgId)
    .map((m) => String(m.role));
  const admin = orgRoles.includes("org_admin");
  const controlOwner = orgRoles.includes("control_owner");
  const member = orgRoles.length > 0;
  return {
    member,
    admin,
    controlOwner,
    contributor: admin || controlOwner,
    employeeOnly: member && !admin && !controlOwner,
    auditor: !member && tenant?.kind === "firm",
    userId: session.user.id,
  };
};

/** Where the organization's workspace pages live for this viewer. */
export interface OrgLinks {
  readiness: string;
  controls: string;
  coverage: string;
  evidence: string;
  policies: string;
  requests: string;
}

export const orgLinks = (orgId: string, firmView: boolean): OrgLinks =>
  firmView
    ? {
        readiness: `/clients/${orgId}?tab=readiness`,
        controls: `/clients/${orgId}?tab=controls`,
        coverage: `/clients/${orgId}?tab=controls&view=coverage`,
        evidence: `/clients/${orgId}?tab=evidence`,
        policies: `/clients/${orgId}?tab=policies`,
        requests: `/clients/${orgId}`,
      }
    : {
        readiness: "/",
        controls: "/controls",
        coverage: "/controls?view=coverage",
        evidence: "/evidence",
        policies: "/policies",
        requests: "/requests",
      };

export const useOrgLinks = (orgId: string): OrgLinks => {
  const { isFirm } = useTenant();
  return orgLinks(orgId, isFirm);
};

/**
 * The organization's engagements and the one the page is about: `?engagement=` when it names one,
 * else the first (the server's default for readiness too).
 */
export const useWorkspaceEngagement = (orgId: string) => {
  const org = useOrganization(orgId);
  const [params, setParams] = useSearchParams();
  const engagements: EngagementSummary[] = org.data?.engagements ?? [];
  const wanted = params.get("engagement");
  const engagement = engagements.find((e) => e.id === wanted) ?? engagements[0] ?? null;
  const setEngagementId = (id: string | null) => {
    const p = new URLSearchParams(params);
    if (id) p.set("engagement", id);
    else p.delete("engagement");
    setParams(p, { replace: true });
  };
  return {
    organization: org.data?.organization ?? null,
    members: org.data?.members ?? [],
    engagements,
    engagement,
    engagementId: engagement?.id ?? null,
    setEngagementId,
    isPending: org.isPending,
    error: org.error,
  };
};

export function EngagementSelect({
  engagements,
  value,
  onChange,
  ...props
}: {
  engagements: EngagementSummary[];
  value: string | null;
  onChange: (id: string | null) => void;
} & Omit<SelectProps, "data" | "value" | "onChange">) {
  if (engagements.length <= 1) return null;
  return (
    <Select
      aria-label="Engagement"
      data={engagements.map((e) => ({ value: e.id, label: `${e.name} (${formatPeriod(e)})` }))}
      value={value}
      onChange={(v) => onChange(v)}
      allowDeselect={false}
      leftSection={<IconClipboardList size={16} />}
      w={340}
      comboboxProps={{ withinPortal: true }}
      data-testid="engagement-select"
      {...props}
    />
  );
}

/**
 * Renders an organization-workspace page for the organization the user is working in; the auditing
 * firm reaches the same views from the client's page.
 */
export function OrgOnly({ what, children }: { what: string; children: (orgId: string) => ReactNode }) {
  const { tenant } = useTenant();
  if (tenant?.kind === "org") return <>{children(tenant.id)}</>;
  return (
    <EmptyState
      icon={<IconBuildingSkyscraper size={22} />}
      title={`Open a client to see its ${what}`}
      action={
        <Button component={Link} to="/clients" variant="default" size="xs">
          Clients
        </Button>
      }
    >
      The organization's readiness workspace is read-only for the auditing firm and lives on each client's
      page.
    </EmptyState>
  );
}
