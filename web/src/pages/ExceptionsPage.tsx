/**
 * The client's exceptions (organization admins and control owners): what the auditor found in an
 * engagement, and management's response to each, including answering again when asked.
 */
import { Anchor, Card, Drawer, Stack, Text, Title } from "@mantine/core";
import { IconAlertOctagon } from "@tabler/icons-react";
import { Link, Navigate, useLocation, useParams } from "react-router-dom";
import { PageHeader } from "../components/PageHeader";
import { EmptyState, ErrorState, TableSkeleton } from "../components/States";
import { useExceptions } from "../fieldwork-queries";
import { formatPeriod } from "../format";
import { useTenant } from "../session";
import { EngagementSelect, OrgOnly, useOrgAccess, useWorkspaceEngagement } from "../workspace";
import { ExceptionDetail } from "./engagement/ExceptionDetail";
import { ExceptionsTable, useOpenException } from "./engagement/ExceptionsTab";
import { exceptionRef } from "./engagement/FieldworkBadges";

function EngagementExceptions({ engagementId }: { engagementId: string }) {
  const query = useExceptions(engagementId);
  const [openId, setOpen] = useOpenException();
  const list = query.data ?? [];
  const waiting = list.filter((e) => e.status === "open" || e.status === "asked-again").length;
  const open = list.find((e) => e.id === openId);
  return (
    <Stack gap="md" data-testid="client-exceptions" data-waiting={waiting}>
      {list.length > 0 ? (
        <Text size="sm" c={waiting > 0 ? "orange.8" : "dimmed"}>
          {waiting > 0
            ? `${waiting} ${waiting === 1 ? "exception awaits" : "exceptions await"} your response.`
            : "Every exception has a response."}
        </Text>
      ) : null}
      <Card padding="md">
        {query.isPending ? (
          <TableSkeleton rows={4} />
        ) : query.isError ? (
          <ErrorState error={query.error} onRetry={() => void query.refetch()} />
        ) : list.length === 0 ? (
          <EmptyState icon={<IconAlertOctagon size={22} />} title="No exceptions" testId="exceptions-empty">
            When your auditor finds a deviation while testing a control, it appears here for your response.
          </EmptyState>
        ) : (
          <ExceptionsTable list={list} openId={openId} onOpen={setOpen} side="client" />
        )}
      </Card>
      <Drawer
        opened={!!openId}
        onClose={() => setOpen(null)}
        position="right"
        size="lg"
        title={<Title order={3}>{open ? `${exceptionRef(open)} · exception` : "Exception"}</Title>}
      >
        {openId ? <ExceptionDetail id={openId} engagementId={engagementId} side="client" /> : null}
      </Drawer>
    </Stack>
  );
}

function OrgExceptions({ orgId }: { orgId: string }) {
  const ws = useWorkspaceEngagement(orgId);
  const access = useOrgAccess(orgId);
  const header = (
    <PageHeader
      title="Exceptions"
      subtitle={
        ws.engagement ? (
          <>
            Deviations your auditor found in{" "}
            <Anchor component={Link} to={`/engagements/${ws.engagement.id}`} size="sm">
              {ws.engagement.name}
            </Anchor>{" "}
            · {formatPeriod(ws.engagement)}. Your response is printed with each exception in the report.
          </>
        ) : (
          "Deviations your auditor found, for management's response"
        )
      }
      actions={
        <EngagementSelect
          engagements={ws.engagements}
          value={ws.engagementId}
          onChange={ws.setEngagementId}
        />
      }
    />
  );
  if (ws.isPending) {
    return (
      <>
        {header}
        <TableSkeleton rows={5} />
      </>
    );
  }
  if (ws.error) {
    return (
      <>
        {header}
        <ErrorState error={ws.error} />
      </>
    );
  }
  if (!access.contributor || !ws.engagementId) {
    return (
      <>
        {header}
        <EmptyState
          icon={<IconAlertOctagon size={22} />}
          title={ws.engagementId ? "Not for your role" : "No engagement yet"}
        >
          {ws.engagementId
            ? "Organization admins and control owners answer the auditor's exceptions."
            : "Exceptions belong to an engagement with your auditor."}
        </EmptyState>
      </>
    );
  }
  return (
    <Stack gap={0}>
      {header}
      <EngagementExceptions key={ws.engagementId} engagementId={ws.engagementId} />
    </Stack>
  );
}

export function ExceptionsPage() {
  return <OrgOnly what="exceptions">{(orgId) => <OrgExceptions orgId={orgId} />}</OrgOnly>;
}

/**
 * Notifications link an exception as /engagements/:id/exceptions?open=…: the firm opens it in the
 * engagement's Exceptions tab, the client on its Exceptions page.
 */
export function ExceptionLinkRedirect() {
  const { id = "" } = useParams();
  const { search } = useLocation();
  const { isFirm } = useTenant();
  const open = new URLSearchParams(search).get("open");
  const params = new URLSearchParams(isFirm ? { tab: "exceptions" } : { engagement: id });
  if (open) params.set("exception", open);
  return <Navigate to={isFirm ? `/engagements/${id}?${params}` : `/exceptions?${params}`} replace />;
}
