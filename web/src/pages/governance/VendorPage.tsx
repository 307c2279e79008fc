/**
 * One vendor: its warnings (period gap in months, stale report, modified opinion), details, the
 * assurance reports with their assessment against our period, reviews with the CUECs accepted as
 * controls, questionnaires, and the history of every change.
 */
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  SimpleGrid,
  Stack,
  Text,
  Timeline,
  Title,
} from "@mantine/core";
import { IconAlertTriangle, IconEdit, IconInfoCircle } from "@tabler/icons-react";
import { useState } from "react";
import { Link, useParams } from "react-router-dom";
import { PageHeader } from "../../components/PageHeader";
import { CardsSkeleton, ErrorState } from "../../components/States";
import { formatDate, formatDateTime } from "../../format";
import { VendorFormModal } from "./VendorForm";
import { VendorQuestionnaires } from "./VendorQuestionnaires";
import { VendorReports } from "./VendorReports";
import {
  type HistoryEntry,
  OUTCOME_LABELS,
  TIER_COLORS,
  TIER_LABELS,
  useVendor,
  type VendorDetail,
} from "./vendor-api";

const ACTION_LABELS: Record<string, string> = {
  "vendor.created": "Added to the register",
  "vendor.updated": "Edited",
  "vendor.report_added": "Assurance report recorded",
  "vendor.reviewed": "Reviewed",
  "vendor.subservice_linked": "Linked to a subservice organization",
  "vendor.questionnaire_sent": "Questionnaire link created",
  "vendor.questionnaire_submitted": "Questionnaire answered by the vendor",
  "vendor.questionnaire_scored": "Questionnaire scored",
  "vendor.questionnaire_revoked": "Questionnaire link revoked",
};

const changeText = (h: HistoryEntry): string | null => {
  const before = h.summary.before as Record<string, unknown> | undefined;
  const after = h.summary.after as Record<string, unknown> | undefined;
  if (h.action === "vendor.updated" && after) {
    return Object.keys(after)
      .map(
        (k) =>
          `${k.replaceAll("_", " ")}: ${JSON.stringify(before?.[k] ?? null)} → ${JSON.stringify(after[k])}`,
      )
      .join("; ");
  }
  if (h.action === "vendor.reviewed" && after)
    return `Outcome: ${OUTCOME_LABELS[String(after.outcome)] ?? after.outcome}`;
  return null;
};

function Details({ d }: { d: VendorDetail }) {
  const v = d.vendor;
  const rows: [string, string][] = [
    ["Service", v.service],
    ["Data shared", v.dataCategories.length > 0 ? v.dataCategories.join(", ") : "—"],
    ["Personal data", v.personalData ? "Yes" : "No"],
    ["Owner", v.ownerName ?? "—"],
    [
      "Contract",
      v.contractStart
        ? `${formatDate(v.contractStart)} – ${v.contractEnd ? formatDate(v.contractEnd) : "open"}`
        : "—",
    ],
    ["DPA signed", v.dpaSignedOn ? formatDate(v.dpaSignedOn) : "—"],
    ["Last reviewed", v.lastReviewedOn ? formatDate(v.lastReviewedOn) : "never"],
    ["Next review due", `${formatDate(v.reviewDueOn)}${v.reviewOverdue ? " (overdue)" : ""}`],
  ];
  return (
    <Card padding="md">
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
        {rows.map(([k, value]) => (
          <Group key={k} gap="xs" wrap="nowrap" align="flex-start">
            <Text size="sm" c="dimmed" w={130} style={{ flexShrink: 0 }}>
              {k}
            </Text>
            <Text size="sm" c={k === "Next review due" && v.reviewOverdue ? "red.7" : undefined}>
              {value}
            </Text>
          </Group>
        ))}
      </SimpleGrid>
      {v.notes ? (
        <Text size="sm" mt="sm" c="dimmed">
          {v.notes}
        </Text>
      ) : null}
      {v.subserviceMethod ? (
        <Stack gap={4} mt="md" data-testid="vendor-csocs">
          <Text size="sm" fw={600}>
            Complementary subservice organization controls (DC7 of the system description)
          </Text>
          {v.csocs.length === 0 ? (
            <Text size="sm" c="dimmed">
              None recorded yet; edit the vendor to list the controls the description assumes {v.name}{" "}
              operates.
            </Text>
          ) : (
            v.csocs.map((c) => (
              <Text key={c.text} size="sm">
                • {c.text}{" "}
                {c.criteria.length > 0 ? (
                  <Text span c="dimmed">
                    ({c.criteria.join(", ")})
                  </Text>
                ) : null}
              </Text>
            ))
          )}
        </Stack>
      ) : null}
    </Card>
  );
}

function History({ history }: { history: HistoryEntry[] }) {
  return (
    <Card padding="md" data-testid="vendor-history">
      <Title order={4} mb="sm">
        History
      </Title>
      <Timeline bulletSize={12} lineWidth={2}>
        {history.map((h) => (
          <Timeline.Item
            key={h.seq}
            title={
              <Text size="sm" fw={500}>
                {ACTION_LABELS[h.action] ?? h.action}
              </Text>
            }
          >
            <Text size="xs" c="dimmed">
              {formatDateTime(h.at)} · {h.actor}
            </Text>
            {changeText(h) ? (
              <Text size="xs" mt={2}>
                {changeText(h)}
              </Text>
            ) : null}
          </Timeline.Item>
        ))}
      </Timeline>
    </Card>
  );
}

export function VendorPage() {
  const { id = "" } = useParams();
  const query = useVendor(id);
  const [editing, setEditing] = useState(false);
  if (query.isPending) return <CardsSkeleton count={3} height={140} />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  const d = query.data;
  const v = d.vendor;
  const latest = d.reports.find((r) => r.id === v.latestReport?.id);
  const notes = latest ? latest.assessment.warnings.filter((w) => w.severity === "note") : [];
  return (
    <Stack gap="md">
      <PageHeader
        crumbs={[{ label: "Vendors", to: "/vendors" }, { label: v.name }]}
        title={v.name}
        badges={
          <Group gap="xs">
            <Badge color={TIER_COLORS[v.tier]} variant="light">
              {TIER_LABELS[v.tier]}
            </Badge>
            {v.subserviceMethod ? (
              <Badge variant="outline" color="indigo">
                Subservice organization · {v.subserviceMethod}
              </Badge>
            ) : null}
            <Badge variant="outline" color="gray">
              {v.status}
            </Badge>
            {v.reviewOverdue ? <Badge color="red">Review overdue</Badge> : null}
          </Group>
        }
        actions={
          d.permissions.canEdit ? (
            <Button
              size="xs"
              variant="default"
              leftSection={<IconEdit size={14} />}
              onClick={() => setEditing(true)}
              data-testid="vendor-edit"
            >
              Edit
            </Button>
          ) : null
        }
      />
      {v.warnings.map((w) => (
        <Alert
          key={w.message}
          color={w.code === "period_gap" ? "orange" : "red"}
          icon={<IconAlertTriangle size={18} />}
          data-testid="vendor-warning"
          data-code={w.code}
        >
          {w.message}
          {w.code === "period_gap" && d.engagement && latest ? (
            <Text size="sm" mt={4}>
              Our period {formatDate(d.engagement.periodStart)} – {formatDate(d.engagement.periodEnd)}; the
              report covers {formatDate(latest.assessment.coveredFrom)} –{" "}
              {formatDate(latest.assessment.coveredTo)} (gap {latest.assessment.gapBeforeMonths} months
              before, {latest.assessment.gapAfterMonths} months after).
            </Text>
          ) : null}
        </Alert>
      ))}
      {notes.map((w) => (
        <Alert key={w.message} color="blue" variant="light" icon={<IconInfoCircle size={18} />}>
          {w.message}
        </Alert>
      ))}
      <Details d={d} />
      <VendorReports d={d} />
      {d.reviews.length > 0 ? (
        <Card padding="md" data-testid="vendor-reviews">
          <Title order={4} mb="sm">
            Reviews
          </Title>
          <Stack gap="sm">
            {d.reviews.map((r) => (
              <div key={r.id}>
                <Group gap="xs">
                  <Badge
                    color={
                      r.outcome === "not_acceptable" ? "red" : r.outcome === "acceptable" ? "teal" : "yellow"
                    }
                    variant="light"
                  >
                    {OUTCOME_LABELS[r.outcome] ?? r.outcome}
                  </Badge>
                  <Text size="sm">
                    {formatDate(r.reviewedOn)} by {r.reviewedBy.name}
                  </Text>
                  {r.evidenceId ? (
                    <Anchor component={Link} to={`/evidence/${r.evidenceId}`} size="sm">
                      Evidence
                    </Anchor>
                  ) : null}
                </Group>
                <Text size="sm" mt={4}>
                  {r.conclusion}
                </Text>
                {r.acceptedCuecs.map((c) => (
                  <Text key={c.cuecId} size="xs" c="dimmed">
                    CUEC →{" "}
                    {c.controlId ? (
                      <Anchor component={Link} to={`/controls/${c.controlId}`} size="xs">
                        {c.code}
                      </Anchor>
                    ) : (
                      c.code
                    )}{" "}
                    ({c.criteria.join(", ")}): {c.text}
                  </Text>
                ))}
              </div>
            ))}
          </Stack>
        </Card>
      ) : null}
      <VendorQuestionnaires d={d} />
      <History history={d.history} />
      {editing ? (
        <VendorFormModal orgId={v.orgId} vendor={v} opened onClose={() => setEditing(false)} />
      ) : null}
    </Stack>
  );
}
