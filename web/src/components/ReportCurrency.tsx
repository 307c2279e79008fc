/**
 * Report currency (issue 5 §6): the API's shapes, the queries of the firm's and the organization's
 * currency, and the level badge both dashboards use. A SOC 2 report is current for twelve months after
 * its period ends; the levels warn at 90, 60 and 30 days, then expire.
 */
import { Badge } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { api, seg } from "../api";

export type CurrencyLevel = "ok" | "90" | "60" | "30" | "expired";

export interface CurrencyReport {
  id: string;
  engagementId: string;
  engagementName: string;
  kind: "soc2-type1" | "soc2-type2";
  version: number;
  periodStart: string | null;
  coversUntil: string;
  signedAt: string | null;
}

export interface CurrencyLetter {
  id: string;
  engagementId: string;
  engagementName: string;
  version: number;
  coversUntil: string;
  signedAt: string | null;
  signedBy: string | null;
}

export interface Currency {
  report: CurrencyReport;
  currentUntil: string;
  daysLeft: number;
  level: CurrencyLevel;
  warn: boolean;
  bridgeCoversToday: boolean;
  bridgeLetter: CurrencyLetter | null;
  nextEngagement: { id: string; name: string } | null;
  offers: { rollForward: boolean; bridgeLetter: boolean; bridgeWindow: { from: string; to: string } | null };
}

export interface FirmCurrency {
  today: string;
  warnings: number;
  clients: (Currency & { organization: { id: string; name: string } })[];
}

export interface OrgCurrency {
  today: string;
  organization: { id: string; name: string };
  auditor: { id: string; name: string } | null;
  currency: Currency | null;
  reports: CurrencyReport[];
  bridgeLetters: CurrencyLetter[];
}

export const currencyKeys = {
  firm: (firmId: string) => ["report-currency", "firm", firmId] as const,
  org: (orgId: string) => ["report-currency", "org", orgId] as const,
};

export const useFirmCurrency = (firmId: string) =>
  useQuery({
    queryKey: currencyKeys.firm(firmId),
    queryFn: ({ signal }) => api.get<FirmCurrency>(`/api/firms/${seg(firmId)}/report-currency`, signal),
  });

export const useOrgCurrency = (orgId: string | null | undefined) =>
  useQuery({
    queryKey: currencyKeys.org(orgId ?? ""),
    queryFn: ({ signal }) =>
      api.get<OrgCurrency>(`/api/organizations/${seg(orgId ?? "")}/report-currency`, signal),
    enabled: Boolean(orgId),
  });

export const LEVEL_COLOR: Record<CurrencyLevel, string> = {
  ok: "teal",
  "90": "yellow",
  "60": "orange",
  "30": "red",
  expired: "red",
};

export const KIND_LABEL: Record<string, string> = {
  "soc2-type1": "SOC 2 Type 1",
  "soc2-type2": "SOC 2 Type 2",
  soc3: "SOC 3",
  "bridge-letter": "Bridge letter",
};

/** "34 days left", "Last day", "Expired 3 days ago". */
export const daysLeftLabel = (days: number): string => {
  if (days < 0) return `Expired ${-days} day${days === -1 ? "" : "s"} ago`;
  if (days === 0) return "Last day";
  return `${days} day${days === 1 ? "" : "s"} left`;
};

export function CurrencyBadge({
  level,
  daysLeft,
  withDays = true,
}: {
  level: CurrencyLevel;
  daysLeft: number;
  withDays?: boolean;
}) {
  const label = level === "ok" ? "Current" : level === "expired" ? "Expired" : `${level}-day warning`;
  return (
    <Badge
      color={LEVEL_COLOR[level]}
      variant={level === "expired" ? "filled" : "light"}
      style={{ flexShrink: 0 }}
      data-testid="currency-level"
      data-level={level}
    >
      {withDays && level !== "expired" ? `${label} · ${daysLeftLabel(daysLeft)}` : label}
    </Badge>
  );
}
