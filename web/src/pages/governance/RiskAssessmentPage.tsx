/**
 * One annual risk assessment: while a draft, record the fraud consideration (CC3.3) and significant
 * changes (CC3.4) and let management approve; once approved, the frozen snapshot's summary, hash
 * and the evidence item it became.
 */
import {
  ActionIcon,
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Checkbox,
  Group,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from "@mantine/core";
import { IconLock, IconPlus, IconTrash } from "@tabler/icons-react";
import { useState } from "react";
import { Link, useParams } from "react-router-dom";
import { api, seg } from "../../api";
import { PageHeader } from "../../components/PageHeader";
import { ErrorState, TableSkeleton } from "../../components/States";
import { formatDate } from "../../format";
import { notifyError, notifySuccess } from "../../notify";
import { OrgOnly } from "../../workspace";
import {
  type AssessmentDetail,
  BAND_COLORS,
  BAND_LABELS,
  BANDS,
  useAssessment,
  useRiskMutation,
} from "./risk-api";

function DraftForm({ orgId, detail }: { orgId: string; detail: AssessmentDetail }) {
  const a = detail.assessment;
  const [scopeNote, setScope] = useState(a.scopeNote);
  const [fraud, setFraud] = useState(a.fraudConsideration ?? "");
  const [changes, setChanges] = useState<string[]>(
    a.significantChanges.length > 0 ? a.significantChanges : [""],
  );
  const [none, setNone] = useState(a.noSignificantChanges);
  const save = useRiskMutation(orgId, () =>
    api.patch<AssessmentDetail>(`/api/risk-assessments/${seg(a.id)}`, {
      scopeNote,
      fraudConsideration: fraud.trim() === "" ? null : fraud,
      significantChanges: none ? [] : changes.map((c) => c.trim()).filter((c) => c !== ""),
      noSignificantChanges: none,
    }),
  );
  const approve = useRiskMutation(orgId, () =>
    api.post<AssessmentDetail>(`/api/risk-assessments/${seg(a.id)}/approve`),
  );
  const editable = detail.permissions.canEdit;
  const dirty =
    scopeNote !== a.scopeNote ||
    fraud !== (a.fraudConsideration ?? "") ||
    none !== a.noSignificantChanges ||
    JSON.stringify(changes.filter((c) => c.trim() !== "")) !== JSON.stringify(a.significantChanges);
  return (
    <Stack gap="md">
      <Card padding="md">
        <Stack gap="sm">
          <Textarea
            label="Scope"
            autosize
            minRows={2}
            value={scopeNote}
            onChange={(e) => setScope(e.currentTarget.value)}
            disabled={!editable}
          />
          <Textarea
            label="How fraud risk was considered (CC3.3)"
            description="Incentives, opportunities and rationalisation for fraud: onboarding fraud, insider misuse, management override."
            autosize
            minRows={3}
            value={fraud}
            onChange={(e) => setFraud(e.currentTarget.value)}
            disabled={!editable}
            data-testid="assessment-fraud"
          />
          <Stack gap={4}>
            <Text size="sm" fw={500}>
              Significant changes considered (CC3.4)
            </Text>
            <Checkbox
              label="There were no significant changes this year"
              checked={none}
              onChange={(e) => setNone(e.currentTarget.checked)}
              disabled={!editable}
              data-testid="assessment-no-changes"
            />
            {!none
              ? changes.map((c, i) => (
                  <Group key={`change-${i.toString()}`} gap="xs">
                    <TextInput
                      style={{ flex: 1 }}
                      placeholder="e.g. new region, new product, new law"
                      value={c}
                      onChange={(e) => {
                        const v = e.currentTarget.value;
                        setChanges((s) => s.map((x, j) => (j === i ? v : x)));
                      }}
                      disabled={!editable}
                      data-testid="assessment-change"
                    />
                    {editable ? (
                      <ActionIcon
                        variant="subtle"
                        color="gray"
                        aria-label="Remove"
                        onClick={() => setChanges((s) => s.filter((_, j) => j !== i))}
                      >
                        <IconTrash size={16} />
                      </ActionIcon>
                    ) : null}
                  </Group>
                ))
              : null}
            {!none && editable ? (
              <Button
                size="xs"
                variant="subtle"
                leftSection={<IconPlus size={14} />}
                onClick={() => setChanges((s) => [...s, ""])}
                w="fit-content"
              >
                Add a change
              </Button>
            ) : null}
          </Stack>
          {editable ? (
            <Group>
              <Button
                variant="default"
                loading={save.isPending}
                onClick={() =>
                  save.mutate(undefined, {
                    onSuccess: () => notifySuccess("Saved."),
                    onError: (e) => notifyError(e),
                  })
                }
                data-testid="assessment-save"
              >
                Save
              </Button>
            </Group>
          ) : null}
        </Stack>
      </Card>
      <Card padding="md">
        <Title order={4} mb="xs">
          Management approval
        </Title>
        {detail.approvalProblems.length > 0 ? (
          <Alert color="yellow" mb="sm" data-testid="approval-problems">
            <Stack gap={2}>
              {detail.approvalProblems.map((p) => (
                <Text key={p.field} size="sm">
                  {p.message}
                </Text>
              ))}
            </Stack>
          </Alert>
        ) : (
          <Text size="sm" mb="sm">
            Approving freezes a snapshot of every risk in the register as evidence for the CC3 controls. It
            cannot be changed afterwards.
          </Text>
        )}
        {detail.permissions.canApprove ? (
          <Group gap="sm">
            <Button
              leftSection={<IconLock size={14} />}
              disabled={detail.approvalProblems.length > 0 || dirty}
              loading={approve.isPending}
              onClick={() =>
                approve.mutate(undefined, {
                  onSuccess: () => notifySuccess(`The ${a.year} risk assessment is approved.`),
                  onError: (e) => notifyError(e),
                })
              }
              data-testid="assessment-approve"
            >
              Approve the {a.year} assessment
            </Button>
            {dirty ? (
              <Text size="sm" c="orange.8">
                Save your changes first.
              </Text>
            ) : null}
          </Group>
        ) : (
          <Text size="sm" c="dimmed">
            An organization admin approves the assessment.
          </Text>
        )}
      </Card>
    </Stack>
  );
}

function Approved({ detail }: { detail: AssessmentDetail }) {
  const a = detail.assessment;
  const s = detail.snapshot;
  return (
    <Stack gap="md" data-testid="assessment-approved">
      <Alert color="teal" icon={<IconLock size={18} />} title="Approved and frozen">
        Approved by {a.approvedBy?.name ?? "—"} on {formatDate(a.approvedAt)}. Snapshot SHA-256{" "}
        <Text span ff="monospace" size="xs" data-testid="snapshot-sha">
          {a.snapshotSha256}
        </Text>
        {a.evidenceId ? (
          <>
            {" "}
            ·{" "}
            <Anchor
              component={Link}
              to={`/evidence/${a.evidenceId}`}
              size="sm"
              data-testid="snapshot-evidence"
            >
              evidence item
            </Anchor>
          </>
        ) : null}{" "}
        ·{" "}
        <Anchor href={`/api/risk-assessments/${seg(a.id)}/snapshot`} size="sm">
          download JSON
        </Anchor>
      </Alert>
      {s ? (
        <SimpleGrid cols={{ base: 1, md: 3 }}>
          <Card padding="md">
            <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
              Risks
            </Text>
            <Text size="xl" fw={700}>
              {s.summary.openRisks} open
            </Text>
            <Text size="sm" c="dimmed">
              {s.summary.closedRisks} closed · {s.summary.fraudRisks} fraud risks
            </Text>
          </Card>
          {(["inherent", "residual"] as const).map((basis) => (
            <Card key={basis} padding="md">
              <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
                {basis}
              </Text>
              <Group gap={6} mt={6}>
                {BANDS.map((b) => (
                  <Badge key={b} color={BAND_COLORS[b]} variant="light">
                    {BAND_LABELS[b]}: {s.summary[basis][b]}
                  </Badge>
                ))}
              </Group>
            </Card>
          ))}
        </SimpleGrid>
      ) : null}
      <Card padding="md">
        <Stack gap="xs">
          <Text size="sm" fw={600}>
            Fraud risk considered (CC3.3)
          </Text>
          <Text size="sm">{a.fraudConsideration}</Text>
          <Text size="sm" fw={600}>
            Significant changes considered (CC3.4)
          </Text>
          {a.noSignificantChanges ? (
            <Text size="sm">Management stated there were no significant changes.</Text>
          ) : (
            a.significantChanges.map((c) => (
              <Text key={c} size="sm">
                • {c}
              </Text>
            ))
          )}
        </Stack>
      </Card>
    </Stack>
  );
}

function AssessmentView({ orgId, id }: { orgId: string; id: string }) {
  const query = useAssessment(id);
  if (query.isPending) return <TableSkeleton rows={6} />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  const detail = query.data;
  const a = detail.assessment;
  return (
    <Stack gap={0} data-testid="assessment-detail" data-status={a.status}>
      <PageHeader
        crumbs={[{ label: "Risk register", to: "/risks?tab=assessments" }, { label: `Assessment ${a.year}` }]}
        title={`Annual risk assessment ${a.year}`}
        badges={
          <Badge color={a.status === "approved" ? "teal" : "yellow"}>
            {a.status === "approved" ? "Approved" : "Draft"}
          </Badge>
        }
        subtitle={a.scopeNote || `Started ${formatDate(a.startedAt)} by ${a.startedBy?.name ?? "—"}`}
      />
      {a.status === "approved" ? (
        <Approved detail={detail} />
      ) : (
        <DraftForm key={a.id} orgId={orgId} detail={detail} />
      )}
    </Stack>
  );
}

export function RiskAssessmentPage() {
  const { id = "" } = useParams();
  return <OrgOnly what="risk assessments">{(orgId) => <AssessmentView orgId={orgId} id={id} />}</OrgOnly>;
}
