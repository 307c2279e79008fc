/**
 * The signed-in session and the tenant (firm or organization) the user is working in. A user with
 * several memberships picks one with the tenant switcher; the choice is remembered per browser.
 */
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from "react";
import { ApiError, api, setCsrfToken } from "./api";
import type { Membership, Session } from "./types";

export const SESSION_KEY = ["session"] as const;

/** The current session, or null when nobody is signed in (401). */
export const fetchSession = async (): Promise<Session | null> => {
  try {
    const session = await api.get<Session>("/api/auth/session");
    setCsrfToken(session.csrfToken);
    return { ...session, memberships: session.memberships ?? [] };
  } catch (error) {
    if (error instanceof ApiError && (error.status === 401 || error.code === "UNAUTHENTICATED")) {
      setCsrfToken(null);
      return null;
    }
    throw error;
  }
};

export const useSession = () =>
  useQuery({ queryKey: SESSION_KEY, queryFn: fetchSession, staleTime: 60_000, retry: false });

export type TenantKind = "firm" | "org";

export interface Tenant {
  kind: TenantKind;
  id: string;
  name: string;
  role: string;
  membership: Membership;
}

export const tenantKindOf = (m: Membership): TenantKind => (m.tenantKind === "firm" ? "firm" : "org");

export const tenantKey = (m: Membership): string => `${tenantKindOf(m)}:${m.tenantId}`;

const STORAGE_KEY = "fieldwork.tenant";

const readStored = (): string | null => {
  try {
    return window.localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
};

interface TenantContextValue {
  session: Session;
  tenant: Tenant | null;
  /** The distinct tenants (a user may hold several roles in one tenant). */
  tenants: Tenant[];
  setTenant: (key: string) => void;
  /** The user's roles in the current tenant. */
  roles: string[];
  isPartner: boolean;
  isFirm: boolean;
}

const TenantContext = createContext<TenantContextValue | null>(null);

export function TenantProvider({ session, children }: { session: Session; children: ReactNode }) {
  const queryClient = useQueryClient();
  const [selected, setSelected] = useState<string | null>(readStored);

  const tenants = useMemo(() => {
    const seen = new Map<string, Tenant>();
    for (const m of session.memberships) {
      const key = tenantKey(m);
      if (seen.has(key)) continue;
      seen.set(key, {
        kind: tenantKindOf(m),
        id: m.tenantId,
        name: m.tenantName,
        role: m.role,
        membership: m,
      });
    }
    // Firms first: a firm user's work starts at the firm dashboard.
    return [...seen.values()].sort((a, b) => (a.kind === b.kind ? 0 : a.kind === "firm" ? -1 : 1));
  }, [session.memberships]);

  const tenant = tenants.find((t) => `${t.kind}:${t.id}` === selected) ?? tenants[0] ?? null;

  const roles = useMemo(
    () =>
      tenant
        ? session.memberships
            .filter((m) => tenantKindOf(m) === tenant.kind && m.tenantId === tenant.id)
            .map((m) => m.role)
        : [],
    [session.memberships, tenant],
  );

  const setTenant = useCallback(
    (key: string) => {
      setSelected(key);
      try {
        window.localStorage.setItem(STORAGE_KEY, key);
      } catch {
        // Private browsing: the choice lasts for this page only.
      }
      // Everything cached belongs to the previous tenant's view.
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== SESSION_KEY[0] });
    },
    [queryClient],
  );

  const value = useMemo<TenantContextValue>(
    () => ({
      session,
      tenant,
      tenants,
      setTenant,
      roles,
      isPartner: roles.includes("partner"),
      isFirm: tenant?.kind === "firm",
    }),
    [session, tenant, tenants, setTenant, roles],
  );

  return <TenantContext.Provider value={value}>{children}</TenantContext.Provider>;
}

export const useTenant = (): TenantContextValue => {
  const value = useContext(TenantContext);
  if (!value) throw new Error("useTenant must be used inside TenantProvider");
  return value;
};

/** The current firm's id, or null for an organization member. */
export const useFirmId = (): string | null => {
  const { tenant } = useTenant();
  return tenant?.kind === "firm" ? tenant.id : null;
};
