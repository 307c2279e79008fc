/**
 * One incident: its notification clocks first (deadlines with countdowns, overdue in red), the facts,
 * then the response timeline, review and actions, disclosure and history in tabs. Closing checks the
 * review and the actions and stores the closure record as evidence.
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
  Tabs,
  Text,
  Title,
} from "@mantine/core";
import { IconEdit, IconLock } from "@tabler/icons-react";
import { useState } from "react";
import { Link, useParams } from "react-router-dom";
import { api, errorMessage, seg } from "../../api";
import { PageHeader } from "../../components/PageHeader";
import { ErrorState, PageLoader } from "../../components/States";
import { formatDateTime } from "../../format";
import { notifySuccess } from "../../notify";
import { useTenant } from "../../session";
import { IncidentClocks } from "./IncidentClocks";
import { IncidentForm } from "./IncidentForm";
import { History } from "./IncidentHistory";
import { Disclosure, ResponseTimeline, ReviewAndActions } from "./IncidentResponse";
import {
  capitalise,
  type IncidentDetail,
  jurisdictionLabel,
  SEVERITY_COLORS,
  STATUS_COLORS,
  useIncident,
  useIncidentMutation,
} from "./incident-api";

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm">{children}</Text>
    </Stack>
  );
}

function Facts({ detail }: { detail: IncidentDetail }) {
  const i = detail.incident;
  return (
    <Card padding="md" data-testid="incident-facts">
      {i.summary ? (
        <Text size="sm" mb="sm">
          {i.summary}
        </Text>
      ) : null}
      <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }} spacing="sm">
        <Fact label="Detected">{formatDateTime(i.detectedAt)}</Fact>
        <Fact label="Became aware (clocks start)">{formatDateTime(i.awareAt)}</Fact>
        <Fact label="Reported by">{i.reportedBy}</Fact>
        <Fact label="Owner">{i.owner?.name ?? "—"}</Fact>
        <Fact label="Affected systems">{i.affectedSystems.join(", ") || "—"}</Fact>
        <Fact label="Data categories">{i.dataCategories.join(", ") || "—"}</Fact>
        <Fact label="Personal data">
          {i.personalData
            ? `Yes${i.principalsCount !== null ? `, about ${i.principalsCount.toLocaleString("en-IN")} people` : ""}${i.jurisdictions.length ? ` (${i.jurisdictions.map(jurisdictionLabel).join(", ")})` : ""}`
            : "No"}
        </Fact>
        <Fact label="CERT-In reportable">{i.certInReportable ? "Yes" : "No"}</Fact>
        {i.regulators.length > 0 ? <Fact label="Regulators">{i.regulators.join(", ")}</Fact> : null}
        {i.closedAt ? <Fact label="Closed">{formatDateTime(i.closedAt)}</Fact> : null}
      </SimpleGrid>
    </Card>
  );
}

function CloseButton({ detail }: { detail: IncidentDetail }) {
  const close = useIncidentMutation(() =>
    api.post<IncidentDetail>(`/api/incidents/${seg(detail.incident.id)}/close`),
  );
  return (
    <Stack gap={4} align="flex-end">
      <Button
        size="xs"
        color="dark"
        leftSection={<IconLock size={14} />}
        loading={close.isPending}
        onClick={() =>
          close.mutate(undefined, {
            onSuccess: () => notifySuccess("Incident closed; its closure record is stored as evidence."),
          })
        }
        data-testid="incident-close"
      >
        Close incident
      </Button>
      {close.isError ? (
        <Alert color="red" maw={520} data-testid="close-refused">
          {errorMessage(close.error)}
        </Alert>
      ) : null}
    </Stack>
  );
}

function Detail({ detail }: { detail: IncidentDetail }) {
  const i = detail.incident;
  const { session } = useTenant();
  const [editing, setEditing] = useState(false);
  return (
    <Stack gap="md">
      <PageHeader
        crumbs={[{ label: "Incidents", to: "/incidents" }, { label: i.ref }]}
        title={`${i.ref} · ${i.title}`}
        badges={
          <Group gap={6}>
            <Badge color={SEVERITY_COLORS[i.severity]}>{i.severity}</Badge>
            <Badge color={STATUS_COLORS[i.status]} variant="light" data-testid="incident-status-badge">
              {i.status}
            </Badge>
            <Badge variant="outline" color={i.classification === "breach" ? "red" : "gray"}>
              {capitalise(i.classification)}
            </Badge>
          </Group>
        }
        actions={
          <Group gap="xs" align="flex-start">
            {detail.permissions.canEdit ? (
              <Button
                size="xs"
                variant="default"
                leftSection={<IconEdit size={14} />}
                onClick={() => setEditing(true)}
                data-testid="incident-edit"
              >
                Edit
              </Button>
            ) : null}
            {detail.permissions.canClose ? <CloseButton detail={detail} /> : null}
          </Group>
        }
      />
      {i.closureEvidenceId ? (
        <Alert color="teal" variant="light" data-testid="closure-evidence">
          Closed {formatDateTime(i.closedAt)}. The closure record is evidence for CC7.3–CC7.5:{" "}
          <Anchor component={Link} to={`/evidence/${i.closureEvidenceId}`}>
            open it
          </Anchor>
          .
        </Alert>
      ) : null}
      <Title order={4}>Notification deadlines</Title>
      <IncidentClocks incident={i} canEdit={detail.permissions.canEdit} />
      <Facts detail={detail} />
      <Tabs defaultValue="timeline" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="timeline">Response timeline ({i.timeline.length})</Tabs.Tab>
          <Tabs.Tab value="review" data-testid="tab-review">
            Review and actions ({i.actions.length})
          </Tabs.Tab>
          <Tabs.Tab value="disclosure" data-testid="tab-disclosure">
            Disclosure{i.disclose ? " (DC4)" : ""}
          </Tabs.Tab>
          <Tabs.Tab value="history" data-testid="tab-history">
            History
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="timeline" pt="md">
          <ResponseTimeline detail={detail} />
        </Tabs.Panel>
        <Tabs.Panel value="review" pt="md">
          <ReviewAndActions key={i.updatedAt} detail={detail} />
        </Tabs.Panel>
        <Tabs.Panel value="disclosure" pt="md">
          <Disclosure key={i.updatedAt} detail={detail} />
        </Tabs.Panel>
        <Tabs.Panel value="history" pt="md">
          <History detail={detail} />
        </Tabs.Panel>
      </Tabs>
      {editing ? (
        <IncidentForm
          orgId={i.orgId}
          incident={i}
          people={detail.people}
          userId={session.user.id}
          definitions={{ ...detail.definitions, regulatorsSuggested: i.regulators }}
          onClose={() => setEditing(false)}
        />
      ) : null}
    </Stack>
  );
}

/** /incidents/:id */
export function IncidentPage() {
  const { id = "" } = useParams();
  const query = useIncident(id);
  if (query.isPending) return <PageLoader />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  return <Detail detail={query.data} />;
}
