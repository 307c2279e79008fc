/**
 * The partner's sign dialog of the Report tab: the issuance checks as the server evaluates them, the
 * firm's certificate, and the second factor (the authenticator code, or one recovery code when the
 * phone is lost; it is used up). After issuance the tab shows the issued report's signature details.
 */
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  List,
  Modal,
  PinInput,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  TextInput,
  ThemeIcon,
  Title,
} from "@mantine/core";
import { IconCheck, IconSignature, IconX } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router-dom";
import { api, errorMessage, guardFailures, seg } from "../../api";
import { ErrorState } from "../../components/States";
import { formatDateTime } from "../../format";
import { notifySuccess, notifyWarning } from "../../notify";
import { useFirmId } from "../../session";

interface IssuanceCheck {
  guard: string;
  label: string;
  ok: boolean;
  message: string | null;
}

interface IssuedResponse {
  report: { version: number; secondFactor: string; recoveryCodesLeft: number | null };
}

export interface IssuedReport {
  id: string;
  version: number;
  kind: string;
  signedAt: string | null;
  signedByName?: string | null;
  certificateFingerprint: string | null;
  documentSha256: string | null;
  coversUntil: string | null;
}

function GuardList({ error }: { error: unknown }) {
  const failures = guardFailures(error);
  return (
    <Alert color="red" title="The report cannot be issued yet" data-testid="issue-error">
      {failures.length > 0 ? (
        <List size="sm">
          {failures.map((f) => (
            <List.Item key={f.guard + f.message}>{f.message}</List.Item>
          ))}
        </List>
      ) : (
        errorMessage(error)
      )}
    </Alert>
  );
}

function IssuanceChecks({ engagementId }: { engagementId: string }) {
  const query = useQuery({
    queryKey: ["issuance-checks", engagementId],
    queryFn: () =>
      api.get<{ ready: boolean; checks: IssuanceCheck[] }>(
        `/api/engagements/${seg(engagementId)}/reports/issuance-checks`,
      ),
  });
  if (query.isPending) return <Skeleton height={120} />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  const { ready, checks } = query.data;
  return (
    <Card withBorder padding="sm" data-testid="issuance-checks" data-ready={String(ready)}>
      <Group justify="space-between" mb="xs">
        <Text fw={600} size="sm">
          Before signing
        </Text>
        <Badge color={ready ? "teal" : "red"} data-testid="issuance-ready">
          {ready ? "Every check passes" : `${checks.filter((c) => !c.ok).length} to resolve`}
        </Badge>
      </Group>
      <Stack gap={6}>
        {checks.map((c) => (
          <Group
            key={c.guard}
            gap="xs"
            wrap="nowrap"
            align="flex-start"
            data-testid="issuance-check"
            data-guard={c.guard}
            data-ok={String(c.ok)}
          >
            <ThemeIcon size="sm" radius="xl" color={c.ok ? "teal" : "red"} variant="light">
              {c.ok ? <IconCheck size={12} /> : <IconX size={12} />}
            </ThemeIcon>
            <div>
              <Text size="sm">{c.label}</Text>
              {c.message ? (
                <Text size="xs" c="red">
                  {c.message}
                </Text>
              ) : null}
            </div>
          </Group>
        ))}
      </Stack>
    </Card>
  );
}

export function IssueDialog({ engagementId, onClose }: { engagementId: string; onClose: () => void }) {
  const queryClient = useQueryClient();
  const firmId = useFirmId();
  const [code, setCode] = useState("");
  const [useRecovery, setUseRecovery] = useState(false);
  const [recoveryCode, setRecoveryCode] = useState("");
  const certificate = useQuery({
    queryKey: ["signing-certificate", firmId],
    queryFn: () =>
      api.get<{ certificate: { subject: string; fingerprint: string; notAfter: string } | null }>(
        `/api/firms/${seg(firmId ?? "")}/signing-certificate`,
      ),
    enabled: firmId !== null,
  });
  const issue = useMutation({
    mutationFn: () =>
      api.post<IssuedResponse>(
        `/api/engagements/${seg(engagementId)}/reports/issue`,
        useRecovery ? { recoveryCode: recoveryCode.trim() } : { totpCode: code },
      ),
    meta: { quiet: true },
    onSuccess: (res) => {
      notifySuccess(`Version ${res.report.version} is signed and issued.`, "Report");
      const left = res.report.recoveryCodesLeft;
      if (left !== null) {
        notifyWarning(
          `You signed with a recovery code; ${left} ${left === 1 ? "is" : "are"} left. Set up your authenticator app again on your profile page.`,
          "Recovery code used",
        );
      }
      for (const key of [
        ["reports", engagementId],
        ["engagement", engagementId],
        ["issuance-checks", engagementId],
      ])
        void queryClient.invalidateQueries({ queryKey: key });
      onClose();
    },
  });
  const cert = certificate.data?.certificate;
  const canSubmit = useRecovery ? recoveryCode.trim().length >= 8 : code.length === 6;
  return (
    <Modal opened onClose={onClose} title="Sign and issue the report" size="lg">
      <Stack>
        <Text size="sm">
          The final report is rendered without the watermark, the evidence manifest is embedded and the file
          is signed with the firm's certificate in your name. Confirm with your second factor.
        </Text>
        <IssuanceChecks engagementId={engagementId} />
        {cert ? (
          <Text size="sm" c="dimmed" data-testid="issue-certificate">
            Certificate: {cert.subject} (SHA-256 {cert.fingerprint.slice(0, 16)}…, valid until{" "}
            {formatDateTime(cert.notAfter)})
          </Text>
        ) : certificate.isSuccess ? (
          <Alert color="yellow">
            The firm has no signing certificate yet; a firm admin or partner uploads one under{" "}
            <Anchor component={Link} to="/report-signing">
              Report signing
            </Anchor>
            .
          </Alert>
        ) : null}
        {useRecovery ? (
          <TextInput
            label="Recovery code"
            description="One of the recovery codes you saved when you set up your authenticator. It works once and is used up when you sign."
            placeholder="xxxx-xxxx-xxxx"
            autoComplete="off"
            value={recoveryCode}
            onChange={(e) => setRecoveryCode(e.currentTarget.value)}
            data-testid="issue-recovery-code"
          />
        ) : (
          <Stack gap={4}>
            <Text size="sm" fw={500}>
              Code from your authenticator app
            </Text>
            <PinInput
              length={6}
              type="number"
              oneTimeCode
              value={code}
              onChange={setCode}
              data-testid="issue-totp"
            />
          </Stack>
        )}
        <Anchor
          component="button"
          type="button"
          size="sm"
          onClick={() => {
            setUseRecovery(!useRecovery);
            issue.reset();
          }}
          data-testid="issue-toggle-recovery"
        >
          {useRecovery ? "Use the authenticator code instead" : "Lost your phone? Use a recovery code"}
        </Anchor>
        {issue.isError ? <GuardList error={issue.error} /> : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button
            leftSection={<IconSignature size={16} />}
            disabled={!canSubmit}
            loading={issue.isPending}
            onClick={() => issue.mutate()}
            data-testid="issue-submit"
          >
            Sign and issue
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** The issued report's signature: version, signer, time, certificate and document fingerprints. */
export function IssuedReportCard({ report }: { report: IssuedReport }) {
  const rows: [string, string, string][] = [
    ["Version", String(report.version), "issued-version"],
    ["Signed by", report.signedByName ?? "—", "issued-signer"],
    ["Signed at", formatDateTime(report.signedAt), "issued-signed-at"],
    ["Certificate SHA-256", report.certificateFingerprint ?? "—", "issued-fingerprint"],
    ["Document SHA-256", report.documentSha256 ?? "—", "issued-sha256"],
  ];
  return (
    <Card withBorder data-testid="issued-report">
      <Group justify="space-between" mb="sm">
        <Title order={4}>Issued report</Title>
        <Anchor href={`/api/reports/${seg(report.id)}/pdf`} data-testid="issued-download">
          Download the signed PDF
        </Anchor>
      </Group>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
        {rows.map(([label, value, testId]) => (
          <div key={label}>
            <Text size="xs" c="dimmed">
              {label}
            </Text>
            <Text
              size="sm"
              ff={label.includes("SHA") ? "monospace" : undefined}
              style={{ wordBreak: "break-all" }}
              data-testid={testId}
            >
              {value}
            </Text>
          </div>
        ))}
      </SimpleGrid>
    </Card>
  );
}
