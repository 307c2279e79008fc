/**
 * The Report tab: the engagement team builds drafts (watermarked DRAFT), the organization reads the
 * current draft and comments on it, the team resolves each comment, and a partner signs and issues
 * the report in the sign dialog (ReportIssueDialog.tsx), which lists the issuance checks.
 */
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from "@mantine/core";
import { IconFileCertificate, IconSignature } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useSearchParams } from "react-router-dom";
import { api, errorMessage, seg } from "../../api";
import { ErrorState, TableSkeleton } from "../../components/States";
import { formatDateTime } from "../../format";
import { notifySuccess } from "../../notify";
import { useTenant } from "../../session";
import { BridgeLetterBuilder } from "./BridgeLetterBuilder";
import { IssueDialog, IssuedReportCard } from "./ReportIssueDialog";
import { Soc3Builder } from "./Soc3Builder";

interface ReportRow {
  id: string;
  kind: string;
  version: number;
  status: string;
  pages: number;
  coversUntil: string | null;
  documentSha256: string | null;
  signedAt: string | null;
  signedByName?: string | null;
  certificateFingerprint: string | null;
  createdAt: string;
}

interface CommentRow {
  id: string;
  n: number;
  authorSide: string;
  authorName: string | null;
  location: string;
  body: string;
  status: string;
  resolution: string | null;
  resolvedBy: string | null;
}

const STATUS_COLOR: Record<string, string> = { draft: "yellow", issued: "teal", superseded: "gray" };
const KIND_LABEL: Record<string, string> = { "soc2-type1": "SOC 2 Type 1", "soc2-type2": "SOC 2 Type 2" };

const reportKeys = {
  list: (engagementId: string) => ["reports", engagementId] as const,
  one: (reportId: string) => ["report", reportId] as const,
};

function CommentItem({
  comment,
  reportId,
  canResolve,
}: {
  comment: CommentRow;
  reportId: string;
  canResolve: boolean;
}) {
  const queryClient = useQueryClient();
  const [note, setNote] = useState("");
  const resolve = useMutation({
    mutationFn: () =>
      api.post(`/api/report-comments/${seg(comment.id)}/resolve`, { resolution: note.trim() }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: reportKeys.one(reportId) }),
  });
  return (
    <Card withBorder padding="sm" data-testid="report-comment">
      <Group justify="space-between">
        <Text size="sm" fw={600}>
          #{comment.n} · {comment.location}
        </Text>
        <Badge color={comment.status === "open" ? "orange" : "teal"}>{comment.status}</Badge>
      </Group>
      <Text size="sm">{comment.body}</Text>
      <Text size="xs" c="dimmed">
        {comment.authorName ?? "Someone"} ({comment.authorSide === "org" ? "organization" : "firm"})
      </Text>
      {comment.resolution ? (
        <Text size="sm" mt="xs">
          Resolution ({comment.resolvedBy ?? "team"}): {comment.resolution}
        </Text>
      ) : null}
      {canResolve && comment.status === "open" ? (
        <Group mt="xs" align="flex-end">
          <TextInput
            flex={1}
            label="Resolution note"
            value={note}
            onChange={(e) => setNote(e.currentTarget.value)}
          />
          <Button
            size="xs"
            disabled={note.trim() === ""}
            loading={resolve.isPending}
            onClick={() => resolve.mutate()}
          >
            Resolve
          </Button>
        </Group>
      ) : null}
    </Card>
  );
}

function ReportDetail({ report, isFirm }: { report: ReportRow; isFirm: boolean }) {
  const queryClient = useQueryClient();
  const query = useQuery({
    queryKey: reportKeys.one(report.id),
    queryFn: () => api.get<{ comments: CommentRow[] }>(`/api/reports/${seg(report.id)}`),
  });
  const [location, setLocation] = useState("");
  const [body, setBody] = useState("");
  const add = useMutation({
    mutationFn: () => api.post(`/api/reports/${seg(report.id)}/comments`, { location, body }),
    onSuccess: () => {
      setLocation("");
      setBody("");
      void queryClient.invalidateQueries({ queryKey: reportKeys.one(report.id) });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    add.mutate();
  };
  return (
    <Card withBorder>
      <Stack>
        <Title order={4}>
          Comments on version {report.version} ({report.status})
        </Title>
        {query.isPending ? <TableSkeleton /> : null}
        {query.isError ? <ErrorState error={query.error} onRetry={() => void query.refetch()} /> : null}
        {query.data?.comments.length === 0 ? <Text c="dimmed">No comments yet.</Text> : null}
        {query.data?.comments.map((c) => (
          <CommentItem key={c.id} comment={c} reportId={report.id} canResolve={isFirm} />
        ))}
        {report.status === "draft" ? (
          <form onSubmit={submit}>
            <Stack gap="xs">
              <TextInput
                label="Where in the report"
                placeholder="Section III, DC4"
                value={location}
                onChange={(e) => setLocation(e.currentTarget.value)}
                required
              />
              <Textarea
                label="Comment"
                value={body}
                onChange={(e) => setBody(e.currentTarget.value)}
                required
              />
              <Group justify="flex-end">
                <Button type="submit" loading={add.isPending} data-testid="add-report-comment">
                  Add comment
                </Button>
              </Group>
            </Stack>
          </form>
        ) : null}
      </Stack>
    </Card>
  );
}

export function ReportTab({ engagementId }: { engagementId: string }) {
  const queryClient = useQueryClient();
  const { isFirm, roles } = useTenant();
  const [issuing, setIssuing] = useState(false);
  const [params] = useSearchParams();
  const seesIssued = isFirm || roles.includes("org_admin");
  const query = useQuery({
    queryKey: reportKeys.list(engagementId),
    queryFn: () => api.get<{ reports: ReportRow[] }>(`/api/engagements/${seg(engagementId)}/reports`),
  });
  const build = useMutation({
    mutationFn: () => api.post(`/api/engagements/${seg(engagementId)}/reports/drafts`),
    onSuccess: () => {
      notifySuccess("A new draft is ready.", "Report");
      void queryClient.invalidateQueries({ queryKey: reportKeys.list(engagementId) });
    },
  });
  if (query.isPending) return <TableSkeleton />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  // SOC 3 reports and bridge letters have their own sections below.
  const reports = query.data.reports.filter((r) => r.kind in KIND_LABEL);
  const issued = reports.some((r) => r.status === "issued");
  const current = reports.find((r) => r.status === "issued") ?? reports.find((r) => r.status === "draft");
  return (
    <Stack>
      {isFirm && !issued ? (
        <Group>
          <Button
            leftSection={<IconFileCertificate size={16} />}
            loading={build.isPending}
            onClick={() => build.mutate()}
            data-testid="build-draft"
          >
            Build draft
          </Button>
          {roles.includes("partner") ? (
            <Button
              variant="light"
              leftSection={<IconSignature size={16} />}
              onClick={() => setIssuing(true)}
              data-testid="open-issue-dialog"
            >
              Sign and issue…
            </Button>
          ) : null}
        </Group>
      ) : null}
      {current?.status === "issued" ? <IssuedReportCard report={current} /> : null}
      {reports.length === 0 ? (
        <Text c="dimmed">
          {isFirm ? "No draft yet. Build one from the engagement's data." : "No draft has been shared yet."}
        </Text>
      ) : (
        <Table data-testid="reports-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Version</Table.Th>
              <Table.Th>Report</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>Pages</Table.Th>
              <Table.Th>Created</Table.Th>
              <Table.Th>PDF</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {reports.map((r) => (
              <Table.Tr key={r.id}>
                <Table.Td>{r.version}</Table.Td>
                <Table.Td>{KIND_LABEL[r.kind] ?? r.kind}</Table.Td>
                <Table.Td>
                  <Badge color={STATUS_COLOR[r.status] ?? "gray"}>{r.status}</Badge>
                </Table.Td>
                <Table.Td>{r.pages}</Table.Td>
                <Table.Td>{formatDateTime(r.signedAt ?? r.createdAt)}</Table.Td>
                <Table.Td>
                  <Anchor href={`/api/reports/${seg(r.id)}/pdf`} target="_blank" rel="noopener">
                    Download
                  </Anchor>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {build.isError ? <Alert color="red">{errorMessage(build.error)}</Alert> : null}
      {current ? <ReportDetail report={current} isFirm={isFirm} /> : null}
      {issuing ? <IssueDialog engagementId={engagementId} onClose={() => setIssuing(false)} /> : null}
      {seesIssued ? <Soc3Builder engagementId={engagementId} /> : null}
      {seesIssued ? (
        <BridgeLetterBuilder engagementId={engagementId} focus={params.get("builder") === "bridge"} />
      ) : null}
    </Stack>
  );
}
