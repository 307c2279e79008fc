/**
 * Full-population tests (a declarative JSON rule evaluated over every row, optionally joined with a
 * second population) with their failing rows, and the reconciliation of the population with an
 * independent second source, listing every unmatched row.
 */
import {
  Alert,
  Badge,
  Button,
  Card,
  Code,
  Grid,
  Group,
  JsonInput,
  Select,
  Stack,
  Text,
  Title,
} from "@mantine/core";
import { IconArrowsJoin, IconListSearch } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { api, errorMessage, seg } from "../../api";
import { ErrorState, TableSkeleton } from "../../components/States";
import { fwKeys, usePopulation, usePopulations } from "../../fieldwork-queries";
import type { PopulationDetail, PopulationTestView, Reconciliation } from "../../fieldwork-types";
import { formatDateTime, formatNumber } from "../../format";
import { notifySuccess } from "../../notify";
import type { Job } from "../../types";
import { JobProgress, jobOf } from "./FieldworkJob";
import { RowsTable } from "./PopulationProfile";

/** An example rule written with this population's own columns. */
export const exampleRule = (columns: string[], mapped: (string | null | undefined)[]): string => {
  const others = columns.filter((c) => !mapped.includes(c));
  const a = others.find((c) => /approv|review|sign/i.test(c)) ?? others[0] ?? columns[0] ?? "approver";
  const b =
    others.find((c) => c !== a && /author|request|creat|owner|submit|user/i.test(c)) ??
    others.find((c) => c !== a);
  const require: Record<string, string>[] = [{ column: a, op: "not_empty" }];
  if (b) require.push({ column: a, op: "ne_column", other: b });
  return JSON.stringify(
    { description: b ? `Every item has ${a}, and ${a} differs from ${b}` : `Every item has ${a}`, require },
    null,
    2,
  );
};

function TestResult({ testId }: { testId: string }) {
  const query = useQuery({
    queryKey: ["population-test", testId],
    queryFn: ({ signal }) => api.get<PopulationTestView>(`/api/population-tests/${seg(testId)}`, signal),
  });
  if (query.isPending) return <TableSkeleton rows={3} />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  const t = query.data;
  return (
    <Stack
      gap="xs"
      data-testid="population-test-result"
      data-failing={t.rowsFailing}
      data-tested={t.rowsTested}
    >
      <Group gap="xs">
        <Badge size="lg" color={t.rowsFailing > 0 ? "red" : "teal"} variant="light">
          {formatNumber(t.rowsFailing)} of {formatNumber(t.rowsTested)} rows fail
        </Badge>
        <Text size="sm">{t.description}</Text>
      </Group>
      <Text size="xs" c="dimmed">
        Run {formatDateTime(t.createdAt)}
        {t.createdByName ? ` by ${t.createdByName}` : ""}. Each failing row is a candidate deviation.
        {t.failing.length < t.rowsFailing ? ` The first ${t.failing.length} are listed.` : ""}
      </Text>
      <RowsTable rows={t.failing} testId="failing-rows" />
    </Stack>
  );
}

export function PopulationTests({ p }: { p: PopulationDetail }) {
  const queryClient = useQueryClient();
  const populations = usePopulations(p.engagementId);
  const [rule, setRule] = useState("");
  const [joinId, setJoinId] = useState<string | null>(null);
  const [onLeft, setOnLeft] = useState<string | null>(null);
  const [onRight, setOnRight] = useState<string | null>(null);
  const joined = usePopulation(joinId ?? undefined);
  const [jobId, setJobId] = useState<string | null>(null);
  const [shown, setShown] = useState<string | null>(null);
  const current = shown ?? p.tests[0]?.id ?? null;
  const run = useMutation({
    mutationFn: () => {
      const parsed: unknown = JSON.parse(rule);
      return api.post<Job | { job: Job }>(`/api/populations/${seg(p.id)}/tests`, {
        rule: parsed,
        ...(joinId && onLeft && onRight ? { joinPopulationId: joinId, on: [onLeft, onRight] } : {}),
      });
    },
    meta: { quiet: true },
    onSuccess: (res) => setJobId(jobOf(res).id),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    run.mutate();
  };
  const others = (populations.data ?? []).filter((o) => o.id !== p.id);
  const example = exampleRule(p.columns, [p.mapping?.date, p.mapping?.id]);
  return (
    <Card padding="lg" data-testid="population-tests">
      <Stack gap="md">
        <Group justify="space-between" wrap="wrap">
          <Title order={3}>Full-population test</Title>
          {p.tests.length > 1 ? (
            <Select
              aria-label="Earlier tests"
              data={p.tests.map((t) => ({
                value: t.id,
                label: `${t.rowsFailing} of ${t.rowsTested} failing · ${formatDateTime(t.createdAt)}`,
              }))}
              value={current}
              onChange={setShown}
              allowDeselect={false}
              w={320}
              comboboxProps={{ withinPortal: true }}
            />
          ) : null}
        </Group>
        <Text size="sm" c="dimmed">
          Re-performance over every row: a rule says what each row must satisfy (see
          docs/population-rules.md); each failing row is listed with its values. Columns:{" "}
          {p.columns.map((c) => (
            <Code key={c} mr={4}>
              {c}
            </Code>
          ))}
        </Text>
        {jobId ? (
          <JobProgress
            jobId={jobId}
            label="Testing every row"
            onSucceeded={(job) => {
              void queryClient.invalidateQueries({ queryKey: fwKeys.population(p.id) });
              const id = (job.result as { testId?: string } | null)?.testId;
              notifySuccess("The rule was evaluated over the whole population.", "Full-population test");
              setJobId(null);
              if (id) setShown(id);
            }}
            onDismiss={() => setJobId(null)}
          />
        ) : p.permissions?.canTest !== false ? (
          <form onSubmit={submit} data-testid="population-test-form">
            <Stack gap="sm">
              <JsonInput
                label="Rule (JSON)"
                placeholder={example}
                value={rule}
                onChange={setRule}
                autosize
                minRows={6}
                validationError="Not valid JSON"
                data-testid="population-rule"
              />
              <Group>
                <Button size="xs" variant="subtle" onClick={() => setRule(example)}>
                  Use the example
                </Button>
              </Group>
              <Grid gutter="sm">
                <Grid.Col span={{ base: 12, sm: 4 }}>
                  <Select
                    label="Join with"
                    description="Optional second population (right.column in the rule)"
                    data={others.map((o) => ({ value: o.id, label: o.name }))}
                    value={joinId}
                    onChange={(v) => {
                      setJoinId(v);
                      setOnRight(null);
                    }}
                    clearable
                    comboboxProps={{ withinPortal: true }}
                  />
                </Grid.Col>
                <Grid.Col span={{ base: 6, sm: 4 }}>
                  <Select
                    label="Key here"
                    allowDeselect={false}
                    data={p.columns}
                    value={onLeft}
                    onChange={setOnLeft}
                    disabled={!joinId}
                    comboboxProps={{ withinPortal: true }}
                  />
                </Grid.Col>
                <Grid.Col span={{ base: 6, sm: 4 }}>
                  <Select
                    label="Key there"
                    allowDeselect={false}
                    data={joined.data?.columns ?? []}
                    value={onRight}
                    onChange={setOnRight}
                    disabled={!joinId}
                    comboboxProps={{ withinPortal: true }}
                  />
                </Grid.Col>
              </Grid>
              {run.isError ? (
                <Alert color="red" variant="light" title="Not run" data-testid="population-test-error">
                  {errorMessage(run.error)}
                </Alert>
              ) : null}
              <Group justify="flex-end">
                <Button
                  type="submit"
                  leftSection={<IconListSearch size={16} />}
                  disabled={rule.trim() === "" || (!!joinId && (!onLeft || !onRight))}
                  loading={run.isPending}
                  data-testid="population-test-run"
                >
                  Test every row
                </Button>
              </Group>
            </Stack>
          </form>
        ) : null}
        {current ? <TestResult key={current} testId={current} /> : null}
      </Stack>
    </Card>
  );
}

function ReconciliationResult({ r }: { r: Reconciliation }) {
  const clean = r.unmatchedLeftCount === 0 && r.unmatchedRightCount === 0;
  return (
    <Stack gap="sm" data-testid="reconciliation-result" data-clean={clean ? "true" : "false"}>
      <Alert
        color={clean ? "teal" : "orange"}
        variant="light"
        title={clean ? "Reconciled" : "Unmatched rows"}
      >
        {formatNumber(r.matched)} matched on <Code>{r.key}</Code> = <Code>{r.otherKey}</Code>
        {r.otherPopulationName ? ` of ${r.otherPopulationName}` : ""}; {formatNumber(r.unmatchedLeftCount)}{" "}
        only here, {formatNumber(r.unmatchedRightCount)} only there.
        {clean ? "" : " A mismatch stops the work until the population is redefined or explained."}
        {r.at ? ` (${formatDateTime(r.at)})` : ""}
      </Alert>
      {r.unmatchedLeft.length > 0 ? (
        <>
          <Text size="sm" fw={600}>
            Only in this population
          </Text>
          <RowsTable rows={r.unmatchedLeft} testId="unmatched-left" />
        </>
      ) : null}
      {r.unmatchedRight.length > 0 ? (
        <>
          <Text size="sm" fw={600}>
            Only in the other population
          </Text>
          <RowsTable rows={r.unmatchedRight} testId="unmatched-right" />
        </>
      ) : null}
    </Stack>
  );
}

export function PopulationReconcile({ p }: { p: PopulationDetail }) {
  const queryClient = useQueryClient();
  const populations = usePopulations(p.engagementId);
  const [otherId, setOtherId] = useState<string | null>(null);
  const other = usePopulation(otherId ?? undefined);
  const [key, setKey] = useState<string | null>(p.mapping?.id ?? null);
  const [otherKey, setOtherKey] = useState<string | null>(null);
  const [jobId, setJobId] = useState<string | null>(null);
  const start = useMutation({
    mutationFn: () =>
      api.post<Job | { job: Job }>(`/api/populations/${seg(p.id)}/reconcile`, {
        otherPopulationId: otherId,
        key,
        otherKey,
      }),
    meta: { quiet: true },
    onSuccess: (res) => setJobId(jobOf(res).id),
  });
  const others = (populations.data ?? []).filter((o) => o.id !== p.id);
  return (
    <Card padding="lg" data-testid="population-reconcile">
      <Stack gap="md">
        <Title order={3}>Reconciliation with a second source</Title>
        <Text size="sm" c="dimmed">
          Completeness and accuracy: match this population with an independent one (for example HR leavers
          against disabled identity-provider accounts); every unmatched row is listed.
        </Text>
        {jobId ? (
          <JobProgress
            jobId={jobId}
            label="Reconciling"
            onSucceeded={() => {
              void queryClient.invalidateQueries({ queryKey: fwKeys.population(p.id) });
              notifySuccess("The reconciliation was recorded on the population.", "Reconciliation");
              setJobId(null);
            }}
            onDismiss={() => setJobId(null)}
          />
        ) : p.permissions?.canReconcile !== false ? (
          others.length === 0 ? (
            <Text size="sm" c="dimmed">
              Import the second source as another population of this engagement to reconcile with it.
            </Text>
          ) : (
            <Grid gutter="sm" align="flex-end">
              <Grid.Col span={{ base: 12, sm: 4 }}>
                <Select
                  label="Other population"
                  allowDeselect={false}
                  data={others.map((o) => ({ value: o.id, label: o.name }))}
                  value={otherId}
                  onChange={(v) => {
                    setOtherId(v);
                    setOtherKey(null);
                  }}
                  comboboxProps={{ withinPortal: true }}
                  data-testid="reconcile-other"
                />
              </Grid.Col>
              <Grid.Col span={{ base: 6, sm: 3 }}>
                <Select
                  label="Key here"
                  allowDeselect={false}
                  data={p.columns}
                  value={key}
                  onChange={setKey}
                  comboboxProps={{ withinPortal: true }}
                />
              </Grid.Col>
              <Grid.Col span={{ base: 6, sm: 3 }}>
                <Select
                  label="Key there"
                  allowDeselect={false}
                  data={other.data?.columns ?? []}
                  value={otherKey}
                  onChange={setOtherKey}
                  disabled={!otherId}
                  comboboxProps={{ withinPortal: true }}
                />
              </Grid.Col>
              <Grid.Col span={{ base: 12, sm: 2 }}>
                <Button
                  fullWidth
                  leftSection={<IconArrowsJoin size={16} />}
                  disabled={!otherId || !key || !otherKey}
                  loading={start.isPending}
                  onClick={() => start.mutate()}
                  data-testid="reconcile-run"
                >
                  Reconcile
                </Button>
              </Grid.Col>
            </Grid>
          )
        ) : null}
        {start.isError ? (
          <Alert color="red" variant="light">
            {errorMessage(start.error)}
          </Alert>
        ) : null}
        {p.reconciliation ? <ReconciliationResult r={p.reconciliation} /> : null}
      </Stack>
    </Card>
  );
}
