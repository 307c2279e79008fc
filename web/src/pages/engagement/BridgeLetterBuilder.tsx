/**
 * The bridge-letter builder (issue 5 §4, §7), for the organization admin: management's own letter for
 * the gap after the covered SOC 2 report's period, up to a chosen date (from the day after the period
 * end to today, at most twelve months after it). The organization's records of the gap are included on
 * their own; the admin adds other changes and incidents or confirms there were none, previews the
 * letter as it will read, and signs it for management. The firm's team sees the letters issued.
 */
import {
  Alert,
  Button,
  Card,
  Checkbox,
  Group,
  List,
  Modal,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from "@mantine/core";
import { IconEye, IconSignature } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useMemo, useState } from "react";
import { useNavigate } from "react-router-dom";
import { api, errorMessage, seg } from "../../api";
import { KIND_LABEL, useOrgCurrency } from "../../components/ReportCurrency";
import { ErrorState, TableSkeleton } from "../../components/States";
import { formatDate } from "../../format";
import { notifySuccess } from "../../notify";
import { useTenant } from "../../session";
import {
  type BridgeDraft,
  IssuedLettersTable,
  type LetterPreview,
  LetterPreviewView,
} from "./BridgeLetterParts";

const lines = (text: string): string[] =>
  text
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);

function RecordList({ title, items, empty }: { title: string; items: string[]; empty: string }) {
  return (
    <Stack gap={4}>
      <Text size="xs" fw={600} c="dimmed" tt="uppercase">
        {title}
      </Text>
      {items.length === 0 ? (
        <Text size="sm" c="dimmed">
          {empty}
        </Text>
      ) : (
        <List size="sm" spacing={2}>
          {items.map((i) => (
            <List.Item key={i}>{i}</List.Item>
          ))}
        </List>
      )}
    </Stack>
  );
}

function CoveredReportPicker({ draft }: { draft: BridgeDraft }) {
  const navigate = useNavigate();
  const currency = useOrgCurrency(draft.engagement.orgId);
  const reports = currency.data?.reports ?? [];
  const c = draft.coveredReport;
  if (!c) return null;
  const describe = (kind: string, start: string | null, end: string) =>
    `${KIND_LABEL[kind] ?? kind}, ${start ? `${formatDate(start)} to ${formatDate(end)}` : `as of ${formatDate(end)}`}`;
  if (reports.length <= 1) {
    return (
      <Text size="sm" data-testid="bridge-covered-report">
        Covered report: <b>{describe(c.kind, c.periodStart, c.periodEnd)}</b>, issued by {draft.auditor}
        {c.issuedOn ? ` on ${formatDate(c.issuedOn)}` : ""}.
      </Text>
    );
  }
  return (
    <Select
      label="Covered report"
      data-testid="bridge-covered-report"
      value={draft.engagement.id}
      allowDeselect={false}
      data={reports.map((r) => ({
        value: r.engagementId,
        label: `${describe(r.kind, r.periodStart, r.coversUntil)} (${r.engagementName})`,
      }))}
      onChange={(v) => {
        if (v && v !== draft.engagement.id) navigate(`/engagements/${v}?tab=report&builder=bridge`);
      }}
    />
  );
}

export function BridgeLetterBuilder({
  engagementId,
  focus = false,
}: {
  engagementId: string;
  focus?: boolean;
}) {
  const queryClient = useQueryClient();
  const { roles } = useTenant();
  const isAdmin = roles.includes("org_admin");
  const [until, setUntil] = useState<string | null>(null);
  const [changes, setChanges] = useState("");
  const [incidents, setIncidents] = useState("");
  const [confirmed, setConfirmed] = useState(false);
  const [signerName, setSignerName] = useState<string | null>(null);
  const [signerTitle, setSignerTitle] = useState("");
  const [preview, setPreview] = useState<{ key: string; letter: LetterPreview } | null>(null);
  const [signing, setSigning] = useState(false);
  const query = useQuery({
    queryKey: ["bridge-draft", engagementId, until ?? ""],
    queryFn: ({ signal }) =>
      api.get<BridgeDraft>(
        `/api/engagements/${seg(engagementId)}/bridge-letters/draft${until ? `?coversUntil=${until}` : ""}`,
        signal,
      ),
    placeholderData: (previous) => previous,
  });
  const d = query.data;
  const loaded = d !== undefined;
  useEffect(() => {
    // Opened from a currency banner or card: bring the builder into view once it is there.
    if (focus && loaded) document.getElementById("bridge-letter")?.scrollIntoView({ behavior: "smooth" });
  }, [focus, loaded]);
  const coversUntil = until ?? d?.coversUntil ?? "";
  const body = useMemo(
    () => ({
      coversUntil,
      changes: lines(changes),
      incidents: lines(incidents),
      noChangesConfirmed: confirmed,
      signerName: (signerName ?? d?.signerName ?? "").trim(),
      signerTitle: signerTitle.trim(),
    }),
    [coversUntil, changes, incidents, confirmed, signerName, signerTitle, d?.signerName],
  );
  const key = JSON.stringify(body);
  const show = useMutation({
    mutationFn: () =>
      api.post<LetterPreview>(`/api/engagements/${seg(engagementId)}/bridge-letters/preview`, body),
    meta: { quiet: true },
    onSuccess: (letter) => setPreview({ key, letter }),
  });
  const issue = useMutation({
    mutationFn: () =>
      api.post<{ version: number }>(`/api/engagements/${seg(engagementId)}/bridge-letters`, body),
    meta: { quiet: true },
    onSuccess: (r) => {
      notifySuccess(`Bridge letter version ${r.version} is signed and stored.`, "Bridge letter");
      setSigning(false);
      setPreview(null);
      void queryClient.invalidateQueries({ queryKey: ["bridge-draft", engagementId] });
      void queryClient.invalidateQueries({ queryKey: ["report-currency"] });
    },
  });
  if (query.isPending) return <TableSkeleton rows={3} />;
  if (query.isError || !d) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  const w = d.window;
  const outside = w !== null && coversUntil !== "" && (coversUntil < w.from || coversUntil > w.to);
  const needsConfirmation =
    d.records.changes.length + body.changes.length === 0 ||
    d.records.incidents.length + body.incidents.length === 0;
  const shown = preview && preview.key === key ? preview.letter : null;
  const ready =
    w !== null &&
    !outside &&
    body.signerName !== "" &&
    body.signerTitle !== "" &&
    (!needsConfirmation || confirmed);

  return (
    <Card withBorder padding="md" data-testid="bridge-letter-builder" id="bridge-letter">
      <Stack>
        <Stack gap={2}>
          <Title order={4}>Bridge letters</Title>
          <Text size="sm" c="dimmed" maw={760}>
            A bridge letter is written and signed by the organization's management, not by{" "}
            {d.auditor || "the auditor"}, and carries no assurance. It covers the gap after the report's
            period, states what changed and any incidents, and reminds readers that it does not replace a SOC
            report.
          </Text>
        </Stack>
        {d.failures.map((f) => (
          <Alert key={f.guard} color="yellow" data-testid="bridge-failure">
            {f.message}
          </Alert>
        ))}
        <CoveredReportPicker draft={d} />
        {isAdmin && w ? (
          <Stack gap="md">
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <TextInput
                type="date"
                label="Covers the gap up to"
                description={`From ${formatDate(w.from)} to at most ${formatDate(w.to)}`}
                value={coversUntil}
                min={w.from}
                max={w.to}
                onChange={(e) => setUntil(e.currentTarget.value || null)}
                error={
                  outside
                    ? `Pick a date from ${formatDate(w.from)} to ${formatDate(w.to)}: the letter speaks only for days that have passed, at most 12 months after the period end.`
                    : undefined
                }
                data-testid="bridge-covers-until"
              />
              <TextInput
                label="Signed by"
                value={signerName ?? d.signerName}
                onChange={(e) => setSignerName(e.currentTarget.value)}
                required
              />
              <TextInput
                label="Title"
                placeholder="Chief Executive Officer"
                value={signerTitle}
                onChange={(e) => setSignerTitle(e.currentTarget.value)}
                required
                data-testid="bridge-signer-title"
              />
            </SimpleGrid>
            <Card withBorder padding="sm" bg="var(--mantine-color-gray-0)">
              <Text size="sm" fw={600} mb={6}>
                From your records, included on their own
              </Text>
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <RecordList
                  title="Changes (system description)"
                  items={d.records.changes}
                  empty="No change recorded in the gap."
                />
                <RecordList
                  title="Incidents (description and incident register)"
                  items={d.records.incidents}
                  empty="No incident recorded in the gap."
                />
              </SimpleGrid>
            </Card>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <Textarea
                label="Other changes to the system and controls"
                description="One per line"
                autosize
                minRows={3}
                value={changes}
                onChange={(e) => setChanges(e.currentTarget.value)}
                data-testid="bridge-changes"
              />
              <Textarea
                label="Other incidents"
                description="One per line"
                autosize
                minRows={3}
                value={incidents}
                onChange={(e) => setIncidents(e.currentTarget.value)}
                data-testid="bridge-incidents"
              />
            </SimpleGrid>
            <Checkbox
              checked={confirmed}
              onChange={(e) => setConfirmed(e.currentTarget.checked)}
              label="Management knows of no other changes or incidents in the gap: the letter says so where a list is empty."
              description={needsConfirmation ? "Needed: a list is empty." : undefined}
              data-testid="bridge-none-confirmed"
            />
            <RecordList
              title="Complementary user entity controls the letter reminds of"
              items={d.cuecs}
              empty="The description lists none."
            />
            {show.isError ? (
              <Alert color="red" data-testid="bridge-preview-error">
                {errorMessage(show.error)}
              </Alert>
            ) : null}
            <Group>
              <Button
                variant="default"
                leftSection={<IconEye size={16} />}
                disabled={!ready}
                loading={show.isPending}
                onClick={() => show.mutate()}
                data-testid="bridge-preview"
              >
                Preview
              </Button>
              <Button
                leftSection={<IconSignature size={16} />}
                disabled={!ready || !shown}
                onClick={() => setSigning(true)}
                data-testid="bridge-issue"
              >
                Sign and issue…
              </Button>
              {!shown && ready ? (
                <Text size="xs" c="dimmed">
                  Preview the letter before signing it.
                </Text>
              ) : null}
            </Group>
            {shown ? <LetterPreviewView letter={shown} /> : null}
          </Stack>
        ) : null}
        {!isAdmin && d.coveredReport ? (
          <Text size="sm" c="dimmed">
            The organization's admin writes and signs bridge letters; they are listed here once issued.
          </Text>
        ) : null}
        <IssuedLettersTable rows={d.issued} />
      </Stack>
      <Modal opened={signing} onClose={() => setSigning(false)} title="Sign the bridge letter for management">
        <Stack>
          <Text size="sm">
            You sign as <b>{body.signerName}</b>, {body.signerTitle}, on behalf of management. The letter is
            stored as previewed and the signature is recorded with your account; {d.auditor || "the auditor"}{" "}
            does not sign it.
          </Text>
          {issue.isError ? <Alert color="red">{errorMessage(issue.error)}</Alert> : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setSigning(false)}>
              Cancel
            </Button>
            <Button
              loading={issue.isPending}
              onClick={() => issue.mutate()}
              data-testid="bridge-issue-confirm"
            >
              Sign and issue
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Card>
  );
}
