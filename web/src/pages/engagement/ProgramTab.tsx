/**
 * The audit program tab: program lines by control or by criterion, coverage gaps, editing a draft,
 * approval (engagement manager or partner), new versions with a reason, version history, and the
 * client's evidence request list generated from the approved program.
 */
import {
  Alert,
  Button,
  Card,
  Drawer,
  Group,
  List,
  SegmentedControl,
  Stack,
  Text,
  Title,
} from "@mantine/core";
import { IconAlertTriangle, IconCircleCheck, IconGitBranch, IconSparkles } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { api, errorMessage, guardFailures, seg } from "../../api";
import { EmptyState, ErrorState, TableSkeleton } from "../../components/States";
import { fwKeys, useAuditProgram } from "../../fieldwork-queries";
import type { ProgramLine } from "../../fieldwork-types";
import { formatDateTime, plural } from "../../format";
import { notifySuccess } from "../../notify";
import { keys } from "../../queries";
import type { EngagementPage } from "../../types";
import { ProgramStatusBadge } from "./FieldworkBadges";
import { AddLine, NewVersionModal, RequestListCard } from "./ProgramActions";
import { ProgramLineEditor } from "./ProgramLineEditor";
import { ProgramLineCard, ProgramVersions } from "./ProgramLines";

export function ProgramTab({ page }: { page: EngagementPage }) {
  const engagementId = page.engagement.id;
  const queryClient = useQueryClient();
  const query = useAuditProgram(engagementId);
  const [groupBy, setGroupBy] = useState<"control" | "criterion">("control");
  const [editing, setEditing] = useState<ProgramLine | null>(null);
  const [newVersion, setNewVersion] = useState(false);
  const invalidate = () => {
    void queryClient.invalidateQueries({ queryKey: fwKeys.program(engagementId) });
    void queryClient.invalidateQueries({ queryKey: keys.engagement(engagementId) });
  };
  const generate = useMutation({
    mutationFn: () => api.post(`/api/engagements/${seg(engagementId)}/audit-program/generate`),
    meta: { errorTitle: "Program not generated" },
    onSuccess: () => {
      notifySuccess("The program was generated from the scope and the controls.", "Audit program");
      invalidate();
    },
  });
  const approve = useMutation({
    mutationFn: () =>
      api.post(`/api/engagements/${seg(engagementId)}/audit-program/approve`, {
        ...(query.data?.program?.etag ? { ifMatch: query.data.program.etag } : {}),
      }),
    meta: { quiet: true },
    onSuccess: () => {
      notifySuccess("The program is approved and frozen.", "Audit program");
      invalidate();
    },
  });
  const remove = useMutation({
    mutationFn: (lineId: string) =>
      api.delete(`/api/engagements/${seg(engagementId)}/audit-program/lines/${seg(lineId)}`),
    meta: { errorTitle: "Line not removed" },
    onSuccess: invalidate,
  });

  const lines = query.data?.program?.lines ?? [];
  const byCriterion = useMemo(() => {
    const m = new Map<string, ProgramLine[]>();
    for (const l of lines) for (const c of l.criteria) m.set(c, [...(m.get(c) ?? []), l]);
    return [...m.entries()].sort(([a], [b]) => a.localeCompare(b, "en", { numeric: true }));
  }, [lines]);

  if (query.isPending) return <TableSkeleton rows={6} />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  const data = query.data;
  const program = data.program;
  const perms = data.permissions;
  if (!program) {
    return (
      <EmptyState
        icon={<IconSparkles size={22} />}
        title="No audit program yet"
        testId="program-empty"
        action={
          perms.canGenerate ? (
            <Button
              onClick={() => generate.mutate()}
              loading={generate.isPending}
              data-testid="generate-program"
            >
              Generate from the scope
            </Button>
          ) : undefined
        }
      >
        The program lists, for each criterion in scope, the controls that address it, with test procedures,
        attributes, population source and sample-size rule. It is generated from the scope and the client's
        controls, edited by the team, and frozen when the engagement manager approves it.
      </EmptyState>
    );
  }
  const gaps = program.coverage.gaps;
  const notRelevant = program.coverage.notRelevant;
  const draft = program.status === "draft";
  const approvedOther =
    data.currentApproved && data.currentApproved.id !== program.id ? data.currentApproved : null;
  const failures = guardFailures(approve.error);

  return (
    <Stack gap="md" data-testid="program" data-status={program.status} data-version={program.version}>
      <Card padding="md">
        <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
          <Stack gap={4}>
            <Group gap="xs">
              <Title order={3}>Audit program, version {program.version}</Title>
              <ProgramStatusBadge status={program.status} />
            </Group>
            <Text size="sm" c="dimmed">
              {plural(lines.length, "control")} · {program.coverage.covered} of {program.coverage.inScope}{" "}
              criteria covered ·{" "}
              {program.approvedAt
                ? `approved ${formatDateTime(program.approvedAt)}${program.approvedBy?.name ? ` by ${program.approvedBy.name}` : ""}`
                : `draft since ${formatDateTime(program.createdAt)}`}
              {program.reason ? ` · ${program.reason}` : ""}
            </Text>
            {approvedOther ? (
              <Text size="sm" c="dimmed">
                Version {approvedOther.version} stays in force until this draft is approved.
              </Text>
            ) : null}
          </Stack>
          <Group gap="xs">
            {draft && perms.canGenerate ? (
              <Button variant="default" onClick={() => generate.mutate()} loading={generate.isPending}>
                Re-generate draft
              </Button>
            ) : null}
            {perms.canCreateVersion ? (
              <Button
                variant="default"
                leftSection={<IconGitBranch size={16} />}
                onClick={() => setNewVersion(true)}
                data-testid="new-version"
              >
                New version
              </Button>
            ) : null}
            {draft && perms.canApprove ? (
              <Button
                leftSection={<IconCircleCheck size={16} />}
                onClick={() => approve.mutate()}
                loading={approve.isPending}
                data-testid="approve-program"
              >
                Approve and freeze
              </Button>
            ) : null}
          </Group>
        </Group>
        {approve.isError ? (
          <Alert color="red" variant="light" mt="sm" title="Not approved" data-testid="approve-error">
            {failures.length > 0 ? (
              <List size="sm">
                {failures.map((f) => (
                  <List.Item key={f.message}>{f.message}</List.Item>
                ))}
              </List>
            ) : (
              errorMessage(approve.error)
            )}
          </Alert>
        ) : null}
      </Card>

      {gaps.length > 0 ? (
        <Alert
          color="orange"
          variant="light"
          icon={<IconAlertTriangle size={18} />}
          title={`${plural(gaps.length, "criterion", "criteria")} in scope without a control`}
          data-testid="coverage-gaps"
        >
          {gaps.join(", ")}. Add a line for a control that addresses each, or have management declare it not
          relevant in the system description; the program cannot be approved with gaps.
        </Alert>
      ) : (
        <Alert color="teal" variant="light" icon={<IconCircleCheck size={18} />} data-testid="coverage-ok">
          Every criterion in scope is addressed by at least one control in the program
          {notRelevant.length > 0
            ? `, except ${notRelevant.join(", ")}, which management declared not relevant in the system description`
            : ""}
          .
        </Alert>
      )}

      {data.currentApproved ? (
        <RequestListCard engagementId={engagementId} canGenerate={perms.canGenerateRequests} />
      ) : null}

      <Group justify="space-between" wrap="wrap">
        <SegmentedControl
          value={groupBy}
          onChange={(v) => setGroupBy(v === "criterion" ? "criterion" : "control")}
          data={[
            { value: "control", label: "By control" },
            { value: "criterion", label: "By criterion" },
          ]}
          data-testid="program-group-by"
        />
        {perms.canEdit ? <AddLine engagementId={engagementId} data={data} /> : null}
      </Group>

      {groupBy === "control" ? (
        <Stack gap="sm" data-testid="program-lines">
          {lines.map((l) => (
            <ProgramLineCard
              key={l.id}
              line={l}
              canEdit={perms.canEdit}
              onEdit={() => setEditing(l)}
              onRemove={() => remove.mutate(l.id)}
            />
          ))}
        </Stack>
      ) : (
        <Stack gap="lg" data-testid="program-by-criterion">
          {byCriterion.map(([criterion, ls]) => (
            <Stack key={criterion} gap="xs">
              <Title order={4}>
                {criterion}{" "}
                <Text span size="sm" c="dimmed" fw={400}>
                  · {plural(ls.length, "control")}
                </Text>
              </Title>
              {ls.map((l) => (
                <ProgramLineCard
                  key={l.id}
                  line={l}
                  compact
                  canEdit={perms.canEdit}
                  onEdit={() => setEditing(l)}
                />
              ))}
            </Stack>
          ))}
        </Stack>
      )}

      <ProgramVersions versions={data.versions} />

      <Drawer
        opened={editing !== null}
        onClose={() => setEditing(null)}
        position="right"
        size="xl"
        title={<Title order={3}>{editing ? `${editing.code} · ${editing.title}` : ""}</Title>}
      >
        {editing ? (
          <ProgramLineEditor
            key={editing.id}
            engagementId={engagementId}
            line={editing}
            onClose={() => setEditing(null)}
          />
        ) : null}
      </Drawer>
      {newVersion ? (
        <NewVersionModal engagementId={engagementId} onClose={() => setNewVersion(false)} />
      ) : null}
    </Stack>
  );
}
