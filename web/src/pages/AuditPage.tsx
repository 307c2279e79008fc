import { Alert, Button, Card, Group, Progress, Stack, Text, ThemeIcon, Title } from "@mantine/core";
import { IconLink, IconLinkOff, IconPlayerStop, IconShieldCheck } from "@tabler/icons-react";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { api, errorMessage, seg } from "../api";
import { AuditEventsPanel } from "../components/AuditEvents";
import { PageHeader } from "../components/PageHeader";
import { formatNumber } from "../format";
import { notifySuccess } from "../notify";
import { useTenant } from "../session";
import type { Job } from "../types";

const TERMINAL = new Set([
  "succeeded",
  "success",
  "completed",
  "complete",
  "done",
  "failed",
  "error",
  "cancelled",
  "canceled",
]);
const FAILED = new Set(["failed", "error"]);
const CANCELLED = new Set(["cancelled", "canceled"]);

const isTerminal = (job: Job | undefined): boolean => !!job && TERMINAL.has(job.status);

/** Progress as a percentage, whether the server reports a fraction (0–1) or a percentage. */
const percent = (job: Job): number => {
  if (TERMINAL.has(job.status)) return 100;
  const p = job.progress ?? 0;
  return Math.max(0, Math.min(100, p <= 1 ? p * 100 : p));
};

interface VerifyResult {
  checked: number | null;
  intact: boolean;
  firstBreak: { seq?: number; id?: string | null; reason?: string; message?: string } | null;
}

const readResult = (result: unknown): VerifyResult | null => {
  if (result === null || typeof result !== "object") return null;
  const r = result as Record<string, unknown>;
  const num = (v: unknown): number | null => (typeof v === "number" ? v : null);
  const checked = num(r.checked) ?? num(r.eventsChecked) ?? num(r.count) ?? num(r.events);
  const rawBreak = r.firstBreak ?? r.broken ?? r.break ?? null;
  const firstBreak =
    rawBreak !== null && typeof rawBreak === "object" ? (rawBreak as VerifyResult["firstBreak"]) : null;
  const intactFlag = typeof r.intact === "boolean" ? r.intact : typeof r.ok === "boolean" ? r.ok : null;
  return { checked, intact: intactFlag ?? firstBreak === null, firstBreak };
};

const errorText = (error: unknown): string =>
  typeof error === "string"
    ? error
    : error !== null && typeof error === "object" && "message" in error
      ? String((error as { message: unknown }).message)
      : "The job failed.";

function VerifyChain({ firmId }: { firmId: string }) {
  const [jobId, setJobId] = useState<string | null>(null);
  const start = useMutation({
    mutationFn: () => api.post<Job | { job: Job }>(`/api/firms/${seg(firmId)}/jobs/audit-verify`),
    meta: { errorTitle: "Verification not started" },
    onSuccess: (res) => {
      const job = "job" in res ? res.job : res;
      setJobId(job.id);
    },
  });
  const job = useQuery({
    queryKey: ["job", jobId],
    queryFn: ({ signal }) => api.get<Job | { job: Job }>(`/api/jobs/${seg(jobId ?? "")}`, signal),
    select: (res) => ("job" in res ? res.job : res),
    enabled: jobId !== null,
    refetchInterval: (q) => {
      const data = q.state.data;
      const current = data ? ("job" in data ? data.job : data) : undefined;
      return isTerminal(current) ? false : 700;
    },
  });
  const cancel = useMutation({
    mutationFn: () => api.post(`/api/jobs/${seg(jobId ?? "")}/cancel`),
    meta: { errorTitle: "Could not cancel" },
    onSuccess: () => notifySuccess("Cancellation requested.", "Verification"),
  });

  const current = job.data;
  const running = jobId !== null && !isTerminal(current) && !job.isError;
  const result = current && isTerminal(current) ? readResult(current.result) : null;

  return (
    <Card padding="lg" data-testid="verify-chain">
      <Stack gap="md">
        <Group justify="space-between" align="flex-start" wrap="wrap">
          <Group gap="sm" wrap="nowrap" align="flex-start">
            <ThemeIcon variant="light" size={38} radius="md">
              <IconShieldCheck size={20} />
            </ThemeIcon>
            <div>
              <Title order={3}>Hash chain</Title>
              <Text size="sm" c="dimmed" maw={620}>
                Each event stores the hash of the one before it, so any altered, removed or reordered event
                breaks every link after it. Verification re-computes the whole chain.
              </Text>
            </div>
          </Group>
          <Group gap="xs">
            {running ? (
              <Button
                variant="default"
                leftSection={<IconPlayerStop size={16} />}
                onClick={() => cancel.mutate()}
                loading={cancel.isPending}
              >
                Cancel
              </Button>
            ) : null}
            <Button
              onClick={() => start.mutate()}
              loading={start.isPending}
              disabled={running}
              data-testid="verify-chain-button"
            >
              Verify chain
            </Button>
          </Group>
        </Group>

        {jobId !== null && current && !isTerminal(current) ? (
          <Stack gap={4} data-testid="verify-progress">
            <Progress
              value={percent(current)}
              animated
              striped
              size="lg"
              aria-label="Verification progress"
            />
            <Text size="xs" c="dimmed">
              {current.message ?? (current.status === "queued" ? "Waiting to start…" : "Checking events…")}{" "}
              {Math.round(percent(current))}%
            </Text>
          </Stack>
        ) : null}
        {job.isError ? <Alert color="red">{errorMessage(job.error)}</Alert> : null}

        {current && isTerminal(current) ? (
          FAILED.has(current.status) ? (
            <Alert
              color="red"
              variant="light"
              title="Verification failed"
              data-testid="verify-result"
              data-intact="unknown"
            >
              {errorText(current.error)}
            </Alert>
          ) : CANCELLED.has(current.status) ? (
            <Alert
              color="gray"
              variant="light"
              title="Verification cancelled"
              data-testid="verify-result"
              data-intact="unknown"
            >
              {current.message ?? "The verification was cancelled before it finished."}
            </Alert>
          ) : result?.intact ? (
            <Alert
              color="teal"
              variant="light"
              icon={<IconLink size={18} />}
              title="The chain is intact"
              data-testid="verify-result"
              data-intact="true"
            >
              {result.checked !== null ? `${formatNumber(result.checked)} events checked; ` : ""}every event
              links to the one before it and the chain head matches.
            </Alert>
          ) : (
            <Alert
              color="red"
              variant="filled"
              icon={<IconLinkOff size={18} />}
              title="The chain is broken"
              data-testid="verify-result"
              data-intact="false"
            >
              <Stack gap={4}>
                {result?.checked !== null && result?.checked !== undefined ? (
                  <Text size="sm">{formatNumber(result.checked)} events checked.</Text>
                ) : null}
                {result?.firstBreak ? (
                  <Text size="sm" data-testid="first-broken-event">
                    First broken event: #{result.firstBreak.seq ?? "?"}
                    {result.firstBreak.id ? ` (${result.firstBreak.id})` : ""}
                    {result.firstBreak.reason ? `, ${result.firstBreak.reason}` : ""}.{" "}
                    {result.firstBreak.message ?? ""}
                  </Text>
                ) : (
                  <Text size="sm">{current.message ?? "The server reported a break in the chain."}</Text>
                )}
              </Stack>
            </Alert>
          )
        ) : null}
      </Stack>
    </Card>
  );
}

export function AuditPage() {
  const { tenant } = useTenant();
  if (!tenant) return null;
  const path =
    tenant.kind === "firm"
      ? `/api/firms/${seg(tenant.id)}/audit-events`
      : `/api/organizations/${seg(tenant.id)}/audit-events`;
  return (
    <>
      <PageHeader
        title="Audit trail"
        subtitle={`Every change in ${tenant.name}, who made it and when: tamper-evident and append-only.`}
      />
      <Stack gap="lg">
        {tenant.kind === "firm" ? <VerifyChain firmId={tenant.id} /> : null}
        <Card padding="lg">
          <AuditEventsPanel path={path} queryKey={["tenant-audit", tenant.kind, tenant.id]} />
        </Card>
      </Stack>
    </>
  );
}
