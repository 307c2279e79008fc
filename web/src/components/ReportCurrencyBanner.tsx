/**
 * The organization's report-currency banner on its readiness dashboard: shown when its SOC 2 report is
 * within 90 days of the end of its twelve months of currency, or past it. The organization admin can
 * write a bridge letter for the gap; the next period's examination is the auditor's to set up, so the
 * banner says whom to ask (or which engagement already covers it).
 */
import { Alert, Anchor, Button, Group, Stack, Text } from "@mantine/core";
import { IconCalendarDue, IconMail } from "@tabler/icons-react";
import { Link } from "react-router-dom";
import { formatDate } from "../format";
import { useTenant } from "../session";
import { CurrencyBadge, KIND_LABEL, LEVEL_COLOR, useOrgCurrency } from "./ReportCurrency";

export function ReportCurrencyBanner({ orgId }: { orgId: string }) {
  const query = useOrgCurrency(orgId);
  const { roles } = useTenant();
  const c = query.data?.currency;
  if (!c?.warn) return null;
  const auditor = query.data?.auditor?.name ?? "your auditor";
  const isAdmin = roles.includes("org_admin");
  const title =
    c.level === "expired"
      ? `Your ${KIND_LABEL[c.report.kind]} report stopped being current on ${formatDate(c.currentUntil)}`
      : `Your ${KIND_LABEL[c.report.kind]} report is current until ${formatDate(c.currentUntil)}`;
  return (
    <Alert
      color={LEVEL_COLOR[c.level]}
      variant="light"
      icon={<IconCalendarDue size={18} />}
      title={title}
      data-testid="report-currency-banner"
      data-level={c.level}
    >
      <Stack gap="xs">
        <Group gap="xs">
          <CurrencyBadge level={c.level} daysLeft={c.daysLeft} />
          <Text size="sm">
            The report covers{" "}
            {c.report.periodStart ? `${formatDate(c.report.periodStart)} to ` : "the state as of "}
            {formatDate(c.report.coversUntil)}; customers usually accept it for 12 months after that.
          </Text>
        </Group>
        {c.bridgeLetter ? (
          <Text size="sm">
            Your latest bridge letter covers the gap up to {formatDate(c.bridgeLetter.coversUntil)}
            {c.bridgeCoversToday ? ", which is today." : "."}
          </Text>
        ) : null}
        <Text size="sm">
          {c.nextEngagement ? (
            <>
              The next period is under way:{" "}
              <Anchor component={Link} to={`/engagements/${c.nextEngagement.id}`} size="sm">
                {c.nextEngagement.name}
              </Anchor>
              .
            </>
          ) : (
            `Ask ${auditor} to set up the next period's engagement, so the next report follows without a gap.`
          )}
        </Text>
        <Group gap="xs">
          {c.offers.bridgeLetter && isAdmin ? (
            <Button
              component={Link}
              to={`/engagements/${c.report.engagementId}?tab=report&builder=bridge`}
              size="xs"
              leftSection={<IconMail size={14} />}
              data-testid="currency-bridge-letter"
            >
              Write a bridge letter
            </Button>
          ) : null}
          {c.offers.bridgeLetter && !isAdmin ? (
            <Text size="xs" c="dimmed">
              Your organization admin can issue a bridge letter for the gap since the period ended.
            </Text>
          ) : null}
        </Group>
      </Stack>
    </Alert>
  );
}
