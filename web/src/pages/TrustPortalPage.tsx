/**
 * An organization's public trust portal (/trust/:orgSlugOrId): its issued reports, the SOC 3 for
 * anyone, and the request form for restricted reports under the click-through NDA. After a request
 * the page polls its status (id + secret kept in the URL) and shows the download link once approved.
 */
import {
  Alert,
  Anchor,
  Badge,
  Box,
  Button,
  Card,
  Checkbox,
  Container,
  Group,
  ScrollArea,
  Stack,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { IconAlertCircle, IconDownload, IconLock, IconShieldCheck } from "@tabler/icons-react";
import { useMutation, useQuery } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useParams, useSearchParams } from "react-router-dom";
import { api, errorMessage, seg } from "../api";
import { LogoMark } from "../components/Logo";
import { ErrorState, PageLoader } from "../components/States";
import { formatDate } from "../format";

interface PortalReport {
  id: string;
  kind: string;
  title: string;
  version: number;
  coversUntil: string | null;
  issuedAt: string | null;
  pages: number;
  public: boolean;
}

interface Portal {
  organization: { id: string; name: string; city: string | null; country: string; website: string | null };
  reports: PortalReport[];
  nda: { version: string; text: string };
}

interface RequestStatus {
  id: string;
  report: { id: string; title: string } | null;
  status: "pending" | "approved" | "declined" | "revoked" | "expired";
  decisionNote: string | null;
  link: { url: string; expiresAt: string | null } | null;
}

function RequestTracker({ id, secret }: { id: string; secret: string }) {
  const status = useQuery({
    queryKey: ["trust-request", id],
    queryFn: ({ signal }) =>
      api.get<RequestStatus>(
        `/api/public/trust/requests/${seg(id)}?secret=${encodeURIComponent(secret)}`,
        signal,
      ),
    refetchInterval: (q) => (q.state.data?.status === "pending" ? 15_000 : false),
  });
  if (status.isPending) return <PageLoader />;
  if (status.isError) return <ErrorState error={status.error} onRetry={() => void status.refetch()} />;
  const s = status.data;
  return (
    <Card withBorder padding="lg" data-testid="trust-request-status">
      <Stack gap="sm">
        <Group justify="space-between">
          <Text fw={600}>Your request{s.report ? ` for the ${s.report.title}` : ""}</Text>
          <Badge
            variant="light"
            color={s.status === "approved" ? "teal" : s.status === "pending" ? "blue" : "gray"}
          >
            {s.status}
          </Badge>
        </Group>
        {s.status === "pending" ? (
          <Text size="sm" c="dimmed">
            The organization will review it. Keep this page's address: it shows the download link once
            approved.
          </Text>
        ) : null}
        {s.link ? (
          <Group>
            <Button
              component="a"
              href={s.link.url}
              leftSection={<IconDownload size={16} />}
              data-testid="trust-download"
            >
              Download your copy
            </Button>
            <Text size="sm" c="dimmed">
              Link valid until {formatDate(s.link.expiresAt)}. Your copy is marked with your name and a unique
              id.
            </Text>
          </Group>
        ) : null}
        {s.status === "declined" ? (
          <Text size="sm">Declined{s.decisionNote ? `: ${s.decisionNote}` : "."}</Text>
        ) : null}
        {s.status === "revoked" || s.status === "expired" ? (
          <Text size="sm">
            Access has {s.status === "revoked" ? "been revoked" : "expired"}; request it again if you still
            need it.
          </Text>
        ) : null}
      </Stack>
    </Card>
  );
}

function RequestForm({
  portal,
  report,
  onDone,
}: {
  portal: Portal;
  report: PortalReport;
  onDone: (id: string, secret: string) => void;
}) {
  const [form, setForm] = useState({ name: "", email: "", company: "", accepted: false });
  const submit = useMutation({
    mutationFn: () =>
      api.publicPost<{ id: string; secret: string }>(
        `/api/public/trust/${seg(portal.organization.id)}/requests`,
        {
          reportId: report.id,
          name: form.name,
          email: form.email,
          company: form.company,
          ndaVersion: portal.nda.version,
          ndaAccepted: form.accepted,
        },
      ),
    onSuccess: (r) => onDone(r.id, r.secret),
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    submit.mutate();
  };
  const set = (key: "name" | "email" | "company") => (e: { currentTarget: { value: string } }) =>
    setForm({ ...form, [key]: e.currentTarget.value });
  return (
    <form onSubmit={onSubmit} data-testid="trust-request-form">
      <Stack gap="sm">
        <Group grow>
          <TextInput label="Your name" required value={form.name} onChange={set("name")} />
          <TextInput label="Work e-mail" type="email" required value={form.email} onChange={set("email")} />
        </Group>
        <TextInput label="Company" required value={form.company} onChange={set("company")} />
        <Box>
          <Text size="sm" fw={600} mb={4}>
            Non-disclosure terms ({portal.nda.version})
          </Text>
          <ScrollArea
            h={150}
            type="auto"
            style={{ border: "1px solid var(--mantine-color-gray-3)", borderRadius: 4 }}
          >
            <Text size="sm" p="sm" style={{ whiteSpace: "pre-wrap" }} data-testid="trust-nda-text">
              {portal.nda.text}
            </Text>
          </ScrollArea>
        </Box>
        <Checkbox
          label="I accept these terms for myself and the company named above"
          checked={form.accepted}
          onChange={(e) => setForm({ ...form, accepted: e.currentTarget.checked })}
          data-testid="trust-nda-accept"
        />
        {submit.isError ? (
          <Alert color="red" icon={<IconAlertCircle size={16} />}>
            {errorMessage(submit.error)}
          </Alert>
        ) : null}
        <Group>
          <Button
            type="submit"
            disabled={!form.accepted}
            loading={submit.isPending}
            data-testid="trust-request-submit"
          >
            Request access
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function ReportCard({
  portal,
  report,
  onRequested,
}: {
  portal: Portal;
  report: PortalReport;
  onRequested: (id: string, secret: string) => void;
}) {
  const [asking, setAsking] = useState(false);
  const period = report.coversUntil ? `Covers the period to ${formatDate(report.coversUntil)}` : "";
  return (
    <Card withBorder padding="lg" data-testid={`trust-report-${report.kind}`}>
      <Stack gap="sm">
        <Group justify="space-between" wrap="nowrap">
          <Stack gap={2}>
            <Text fw={600}>{report.title}</Text>
            <Text size="sm" c="dimmed">
              {[
                period,
                report.issuedAt ? `issued ${formatDate(report.issuedAt)}` : "",
                `${report.pages} pages`,
              ]
                .filter(Boolean)
                .join(" · ")}
            </Text>
          </Stack>
          {report.public ? (
            <Button
              component="a"
              href={`/api/public/trust/${seg(portal.organization.id)}/reports/${seg(report.id)}/download`}
              variant="light"
              leftSection={<IconDownload size={16} />}
            >
              Download
            </Button>
          ) : (
            <Button
              variant="default"
              leftSection={<IconLock size={16} />}
              onClick={() => setAsking(!asking)}
              data-testid="trust-request-access"
            >
              Request access
            </Button>
          )}
        </Group>
        {asking && !report.public ? (
          <RequestForm portal={portal} report={report} onDone={onRequested} />
        ) : null}
      </Stack>
    </Card>
  );
}

export function TrustPortalPage() {
  const { orgSlugOrId = "" } = useParams();
  const [params, setParams] = useSearchParams();
  const portal = useQuery({
    queryKey: ["trust-portal", orgSlugOrId],
    queryFn: ({ signal }) => api.get<Portal>(`/api/public/trust/${seg(orgSlugOrId)}`, signal),
    retry: false,
  });
  const requestId = params.get("request");
  const secret = params.get("secret");
  return (
    <Container size="md" py="xl">
      <Stack gap="lg">
        <Group gap="sm">
          <LogoMark />
          <Text c="dimmed" size="sm">
            Trust portal
          </Text>
        </Group>
        {portal.isPending ? <PageLoader /> : null}
        {portal.isError ? <ErrorState error={portal.error} /> : null}
        {portal.data ? (
          <>
            <Stack gap={4}>
              <Title order={2}>{portal.data.organization.name}</Title>
              <Text c="dimmed">
                <IconShieldCheck size={14} style={{ verticalAlign: "middle" }} /> Independent reports on the
                controls over its system. The SOC 3 is public; SOC 2 reports are shared under a non-disclosure
                agreement.
              </Text>
              {portal.data.organization.website ? (
                <Anchor href={portal.data.organization.website} size="sm" target="_blank" rel="noreferrer">
                  {portal.data.organization.website}
                </Anchor>
              ) : null}
            </Stack>
            {requestId && secret ? <RequestTracker id={requestId} secret={secret} /> : null}
            {portal.data.reports.map((r) => (
              <ReportCard
                key={r.id}
                portal={portal.data}
                report={r}
                onRequested={(id, s) => setParams({ request: id, secret: s })}
              />
            ))}
          </>
        ) : null}
        <Text size="xs" c="dimmed">
          Received a report? <Anchor href="/verify">Verify its signature</Anchor> to check it is exactly what
          the firm signed.
        </Text>
      </Stack>
    </Container>
  );
}
