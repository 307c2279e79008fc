/** One risk: ratings, treatment and controls, the acceptance approval, close/reopen, and its history. */
import { Alert, Anchor, Badge, Button, Card, Grid, Group, Stack, Text, Timeline, Title } from "@mantine/core";
import { IconCheck, IconHistory } from "@tabler/icons-react";
import { useState } from "react";
import { Link, useParams } from "react-router-dom";
import { api, seg } from "../../api";
import { PageHeader } from "../../components/PageHeader";
import { ErrorState, TableSkeleton } from "../../components/States";
import { formatDate, formatDateTime } from "../../format";
import { notifyError, notifySuccess } from "../../notify";
import { OrgOnly, useOrgAccess } from "../../workspace";
import { RiskForm } from "./RiskForm";
import { RatingBadge } from "./RiskParts";
import {
  capitalise,
  IMPACT,
  LIKELIHOOD,
  type RiskDetail,
  TREATMENT_LABELS,
  useRisk,
  useRiskList,
  useRiskMutation,
} from "./risk-api";

const ACTIONS: Record<string, string> = {
  "risk.created": "Added to the register",
  "risk.updated": "Edited",
  "risk.closed": "Closed",
  "risk.reopened": "Reopened",
  "risk.acceptance_approved": "Acceptance approved",
};

const FIELD_LABELS: Record<string, string> = {
  title: "Risk",
  description: "Description",
  asset: "Asset or process",
  category: "Category",
  threat: "Threat",
  vulnerability: "Vulnerability",
  likelihood: "Likelihood",
  impact: "Impact",
  residualLikelihood: "Residual likelihood",
  residualImpact: "Residual impact",
  treatment: "Treatment",
  treatmentPlan: "Plan",
  transferTo: "Transferred to",
  acceptApproverUserId: "Acceptance approver",
  acceptExpiresOn: "Acceptance expires",
  acceptApprovedAt: "Acceptance approved",
  ownerUserId: "Owner",
  reviewDate: "Next review",
  status: "Status",
  fraud: "Fraud risk",
  controlIds: "Controls",
};

const show = (v: unknown): string =>
  v === null || v === undefined || v === "" ? "—" : Array.isArray(v) ? v.join(", ") || "—" : String(v);

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <Stack gap={2}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="sm" component="div">
        {children}
      </Text>
    </Stack>
  );
}

function RiskView({ orgId, id }: { orgId: string; id: string }) {
  const query = useRisk(id);
  const access = useOrgAccess(orgId);
  const list = useRiskList(orgId, { basis: "residual" });
  const [editing, setEditing] = useState(false);
  // History records people by id; show their names where the register knows them.
  const nameOf = (field: string, v: unknown): unknown =>
    field === "ownerUserId" || field === "acceptApproverUserId"
      ? (list.data?.people.find((p) => p.id === v)?.name ?? v)
      : v;
  const act = useRiskMutation(orgId, (kind: "approve" | "close" | "reopen") =>
    kind === "approve"
      ? api.post<RiskDetail>(`/api/risks/${seg(id)}/approve-acceptance`)
      : api.patch<RiskDetail>(`/api/risks/${seg(id)}`, { status: kind === "close" ? "closed" : "open" }),
  );
  const run = (kind: "approve" | "close" | "reopen", done: string) =>
    act.mutate(kind, { onSuccess: () => notifySuccess(done), onError: (e) => notifyError(e) });
  if (query.isPending) return <TableSkeleton rows={6} />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  const { risk, history, permissions } = query.data;
  return (
    <Stack gap="md" data-testid="risk-detail" data-status={risk.status}>
      <PageHeader
        crumbs={[{ label: "Risk register", to: "/risks" }, { label: risk.ref }]}
        title={`${risk.ref} · ${risk.title}`}
        badges={
          <>
            {risk.status === "closed" ? <Badge color="gray">Closed</Badge> : null}
            {risk.fraud ? (
              <Badge color="grape" variant="light">
                Fraud risk
              </Badge>
            ) : null}
          </>
        }
        subtitle={`${capitalise(risk.category)} · ${risk.asset} · owned by ${risk.owner.name ?? "—"}`}
        actions={
          permissions.canEdit ? (
            <>
              <Button
                variant="default"
                onClick={() => setEditing(true)}
                disabled={!list.data}
                data-testid="risk-edit"
              >
                Edit
              </Button>
              <Button
                variant="default"
                loading={act.isPending}
                onClick={() =>
                  run(
                    risk.status === "open" ? "close" : "reopen",
                    risk.status === "open" ? `${risk.ref} closed.` : `${risk.ref} reopened.`,
                  )
                }
                data-testid="risk-close"
              >
                {risk.status === "open" ? "Close risk" : "Reopen"}
              </Button>
            </>
          ) : null
        }
      />
      {risk.reviewOverdue ? (
        <Alert color="orange" data-testid="risk-review-overdue">
          The review was due on {formatDate(risk.reviewDate)}. Review the ratings and treatment, then set the
          next review date.
        </Alert>
      ) : null}
      {permissions.canApproveAcceptance ? (
        <Alert color="blue" title="Your approval is needed" data-testid="acceptance-approval">
          <Group justify="space-between">
            <Text size="sm">
              {risk.owner.name} proposes to accept this risk until {formatDate(risk.acceptance?.expiresOn)}.
            </Text>
            <Button
              size="xs"
              leftSection={<IconCheck size={14} />}
              loading={act.isPending}
              onClick={() => run("approve", "Acceptance approved.")}
              data-testid="acceptance-approve"
            >
              Approve acceptance
            </Button>
          </Group>
        </Alert>
      ) : null}
      <Grid gutter="md">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Card padding="md">
            <Stack gap="sm">
              {risk.description ? <Text size="sm">{risk.description}</Text> : null}
              <Field label="Threat">{risk.threat}</Field>
              <Field label="Vulnerability">{risk.vulnerability}</Field>
              <Group gap="xl">
                <Field label="Inherent">
                  <Group gap={6}>
                    <RatingBadge rating={risk.inherent} testId="detail-inherent" />
                    <Text size="xs" c="dimmed">
                      {LIKELIHOOD[risk.likelihood - 1]} × {IMPACT[risk.impact - 1]}
                    </Text>
                  </Group>
                </Field>
                <Field label="Residual">
                  <Group gap={6}>
                    <RatingBadge rating={risk.residual} testId="detail-residual" />
                    <Text size="xs" c="dimmed">
                      {LIKELIHOOD[risk.residualLikelihood - 1]} × {IMPACT[risk.residualImpact - 1]}
                    </Text>
                  </Group>
                </Field>
              </Group>
              <Field label="Treatment">
                {TREATMENT_LABELS[risk.treatment] ?? risk.treatment}
                {risk.transferTo ? ` to ${risk.transferTo}` : ""}
                {risk.acceptance ? (
                  <Text
                    size="sm"
                    c={risk.acceptance.approvedAt ? "teal.8" : "orange.8"}
                    data-testid="acceptance-state"
                  >
                    {risk.acceptance.approvedAt
                      ? `Approved by ${risk.acceptance.approver?.name ?? "—"} on ${formatDate(risk.acceptance.approvedAt)}, until ${formatDate(risk.acceptance.expiresOn)}`
                      : `Awaiting approval by ${risk.acceptance.approver?.name ?? "—"}; would run until ${formatDate(risk.acceptance.expiresOn)}`}
                    {risk.acceptance.expired ? " · expired" : ""}
                  </Text>
                ) : null}
              </Field>
              {risk.treatmentPlan ? <Field label="Plan">{risk.treatmentPlan}</Field> : null}
              <Field label="Controls">
                {risk.controls.length === 0 ? (
                  "—"
                ) : (
                  <Group gap={6}>
                    {risk.controls.map((c) => (
                      <Anchor
                        key={c.id}
                        component={Link}
                        to={access.member ? `/controls/${c.id}` : "#"}
                        size="sm"
                      >
                        <Badge variant="outline">{c.code}</Badge> {c.title}
                      </Anchor>
                    ))}
                  </Group>
                )}
              </Field>
              <Field label="Next review">{formatDate(risk.reviewDate)}</Field>
            </Stack>
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Card padding="md" data-testid="risk-history">
            <Group gap={6} mb="sm">
              <IconHistory size={18} />
              <Title order={4}>History</Title>
            </Group>
            <Timeline bulletSize={14} lineWidth={2}>
              {[...history].reverse().map((h) => (
                <Timeline.Item
                  key={h.seq}
                  title={ACTIONS[h.action] ?? h.action}
                  data-testid="history-entry"
                  data-action={h.action}
                >
                  <Text size="xs" c="dimmed">
                    {formatDateTime(h.at)} · {h.actor}
                  </Text>
                  {h.action !== "risk.created"
                    ? h.changes.map((c) => (
                        <Text key={c.field} size="xs">
                          {FIELD_LABELS[c.field] ?? c.field}: {show(nameOf(c.field, c.from))} →{" "}
                          {show(nameOf(c.field, c.to))}
                        </Text>
                      ))
                    : null}
                </Timeline.Item>
              ))}
            </Timeline>
          </Card>
        </Grid.Col>
      </Grid>
      {editing && list.data ? (
        <RiskForm
          orgId={orgId}
          opened
          risk={risk}
          onClose={() => setEditing(false)}
          people={list.data.people}
          userId={access.userId}
        />
      ) : null}
    </Stack>
  );
}

export function RiskPage() {
  const { id = "" } = useParams();
  return <OrgOnly what="risk register">{(orgId) => <RiskView orgId={orgId} id={id} />}</OrgOnly>;
}
