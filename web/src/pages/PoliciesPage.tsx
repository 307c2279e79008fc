import {
  Alert,
  Anchor,
  Badge,
  Box,
  Button,
  Card,
  Grid,
  Group,
  Modal,
  MultiSelect,
  Paper,
  Popover,
  Progress,
  ScrollArea,
  SimpleGrid,
  Stack,
  Table,
  Tabs,
  Text,
  TextInput,
  ThemeIcon,
  Title,
  Tooltip,
} from "@mantine/core";
import {
  IconAlertTriangle,
  IconCertificate,
  IconCheck,
  IconFileCertificate,
  IconFilePlus,
  IconPlus,
  IconSchool,
  IconUsers,
} from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { Link, useNavigate, useSearchParams } from "react-router-dom";
import { ApiError, api, errorMessage, seg } from "../api";
import { PolicyStatusBadge } from "../components/Badges";
import { PageHeader } from "../components/PageHeader";
import { ScoreRing } from "../components/ScoreRing";
import { EmptyState, ErrorState, TableSkeleton } from "../components/States";
import { daysFromToday, formatDate, plural, roleLabel, todayIso } from "../format";
import { notifySuccess } from "../notify";
import {
  keys,
  useAckCoverage,
  useOrganization,
  usePolicies,
  usePolicyTemplates,
  useTraining,
} from "../queries";
import type { PolicyDetail, PolicyReview, PolicySummary, TrainingAssignment } from "../types";
import { OrgOnly, useOrgAccess } from "../workspace";

/** The status a policy shows in lists: the version in force, else the one being written. */
export const policyStatus = (p: Pick<PolicySummary, "currentVersion" | "openVersion">): string =>
  p.currentVersion ? "published" : (p.openVersion?.status ?? "draft");

const audienceLabel = (roles: readonly string[]): string =>
  roles.length === 3 ? "All personnel" : roles.map(roleLabel).join(", ");

export function ReviewDue({ review }: { review: PolicyReview }) {
  if (review.status === "not_published") {
    return (
      <Text size="sm" c="dimmed">
        After publication
      </Text>
    );
  }
  const days = review.daysUntilDue ?? daysFromToday(review.nextReviewDue) ?? 0;
  const color = review.status === "overdue" ? "red.7" : review.status === "due_soon" ? "orange.8" : undefined;
  return (
    <Stack gap={0} data-testid="review-due" data-status={review.status}>
      <Text size="sm" c={color} fw={review.status === "overdue" ? 600 : undefined} className="fw-tabular">
        {formatDate(review.nextReviewDue)}
      </Text>
      <Text size="xs" c={color ?? "dimmed"}>
        {review.status === "overdue"
          ? `Overdue by ${plural(-days, "day")}`
          : review.status === "due_soon"
            ? `Due in ${plural(days, "day")}`
            : `Reviewed ${formatDate(review.lastReviewedOn)}`}
      </Text>
    </Stack>
  );
}

function NewPolicyModal({
  orgId,
  existing,
  opened,
  onClose,
}: {
  orgId: string;
  existing: PolicySummary[];
  opened: boolean;
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const templates = usePolicyTemplates(opened);
  const [title, setTitle] = useState("");
  const create = useMutation({
    mutationFn: (body: { templateId?: string; title?: string }) =>
      api.post<PolicyDetail>(`/api/organizations/${seg(orgId)}/policies`, body),
    meta: { quiet: true },
    onSuccess: (res) => {
      notifySuccess(`“${res.policy.title}” was created as draft version 1.`, "Policy created");
      void queryClient.invalidateQueries({ queryKey: keys.policies(orgId) });
      void queryClient.invalidateQueries({ queryKey: ["readiness", orgId] });
      onClose();
      navigate(`/policies/${res.policy.id}`);
    },
  });
  const used = new Map(existing.filter((p) => p.templateId).map((p) => [p.templateId as string, p]));
  const conflictId =
    create.error instanceof ApiError && create.error.code === "CONFLICT"
      ? String((create.error.details as { policyId?: unknown } | undefined)?.policyId ?? "")
      : "";
  const blank = (e: FormEvent) => {
    e.preventDefault();
    if (title.trim()) create.mutate({ title: title.trim() });
  };
  return (
    <Modal opened={opened} onClose={onClose} title="New policy" size="xl" data-testid="new-policy-modal">
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          Start from one of Fieldwork's templates — written for SOC 2, with the six sections an auditor
          expects — or from a blank policy. Either way it starts as draft version 1, linked to the controls it
          supports.
        </Text>
        {create.isError ? (
          <Alert color="red" variant="light" data-testid="create-policy-error">
            {errorMessage(create.error)}{" "}
            {conflictId ? (
              <Anchor component={Link} to={`/policies/${conflictId}`} onClick={onClose} size="sm">
                Open it
              </Anchor>
            ) : null}
          </Alert>
        ) : null}
        {templates.isPending ? (
          <TableSkeleton rows={4} />
        ) : templates.isError ? (
          <ErrorState error={templates.error} />
        ) : (
          <ScrollArea.Autosize mah="55vh" type="auto" offsetScrollbars>
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
              {templates.data.map((t) => {
                const taken = used.get(t.id);
                return (
                  <Paper
                    key={t.id}
                    withBorder
                    p="sm"
                    radius="md"
                    data-testid="policy-template"
                    data-template={t.id}
                  >
                    <Stack gap={6} h="100%">
                      <Group justify="space-between" wrap="nowrap" align="flex-start">
                        <Text fw={600} size="sm">
                          {t.title}
                        </Text>
                        <Badge size="xs" variant="light" color="gray" miw="max-content">
                          {t.words} words
                        </Badge>
                      </Group>
                      <Text size="xs" c="dimmed" lineClamp={3} style={{ flex: 1 }}>
                        {t.purpose}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {t.audience.label} · review every {t.reviewCycleMonths} months · {t.controls.length}{" "}
                        controls
                      </Text>
                      {taken ? (
                        <Button
                          component={Link}
                          to={`/policies/${taken.id}`}
                          size="xs"
                          variant="default"
                          onClick={onClose}
                        >
                          Already created — open it
                        </Button>
                      ) : (
                        <Button
                          size="xs"
                          variant="light"
                          leftSection={<IconFilePlus size={14} />}
                          loading={create.isPending && create.variables?.templateId === t.id}
                          onClick={() => create.mutate({ templateId: t.id })}
                          data-testid="use-template"
                        >
                          Use this template
                        </Button>
                      )}
                    </Stack>
                  </Paper>
                );
              })}
            </SimpleGrid>
          </ScrollArea.Autosize>
        )}
        <form onSubmit={blank}>
          <Group
            align="flex-end"
            gap="sm"
            pt="sm"
            style={{ borderTop: "1px solid var(--mantine-color-gray-2)" }}
          >
            <TextInput
              label="Or a blank policy"
              placeholder="Policy title"
              value={title}
              onChange={(e) => setTitle(e.currentTarget.value)}
              style={{ flex: 1 }}
            />
            <Button
              type="submit"
              variant="default"
              disabled={!title.trim()}
              loading={create.isPending && !!create.variables?.title}
            >
              Create blank policy
            </Button>
          </Group>
        </form>
      </Stack>
    </Modal>
  );
}

function PoliciesTable({ policies, employeeView }: { policies: PolicySummary[]; employeeView: boolean }) {
  return (
    <Box style={{ overflowX: "auto" }}>
      <Table miw={860} data-testid="policies-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Policy</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>Version</Table.Th>
            <Table.Th>Next review</Table.Th>
            <Table.Th>{employeeView ? "Your acknowledgement" : "Acknowledged"}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {policies.map((p) => {
            const status = policyStatus(p);
            const ack = p.acknowledgements;
            return (
              <Table.Tr key={p.id} data-testid="policy-row" data-status={status} data-title={p.title}>
                <Table.Td maw={340}>
                  <Link className="fw-row-link" to={`/policies/${p.id}`}>
                    {p.title}
                  </Link>
                  <Text size="xs" c="dimmed">
                    {audienceLabel(p.audience)} · every {p.reviewCycleMonths} months
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Group gap={4}>
                    <PolicyStatusBadge status={status} />
                    {p.currentVersion && p.openVersion ? (
                      <Tooltip label={`Version ${p.openVersion.version} is ${p.openVersion.status}`}>
                        <Badge
                          size="sm"
                          variant="outline"
                          color={p.openVersion.status === "approved" ? "blue" : "yellow"}
                        >
                          v{p.openVersion.version} {p.openVersion.status}
                        </Badge>
                      </Tooltip>
                    ) : null}
                  </Group>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" className="fw-tabular">
                    {p.currentVersion
                      ? `v${p.currentVersion.version}`
                      : p.openVersion
                        ? `v${p.openVersion.version}`
                        : "—"}
                  </Text>
                  {p.currentVersion?.publishedAt ? (
                    <Text size="xs" c="dimmed">
                      Published {formatDate(p.currentVersion.publishedAt)}
                    </Text>
                  ) : null}
                </Table.Td>
                <Table.Td>
                  <ReviewDue review={p.review} />
                </Table.Td>
                <Table.Td miw={160}>
                  {employeeView ? (
                    p.myAcknowledgement.acknowledgedAt ? (
                      <Badge color="teal" variant="light" leftSection={<IconCheck size={12} />}>
                        {formatDate(p.myAcknowledgement.acknowledgedAt)}
                      </Badge>
                    ) : p.myAcknowledgement.required ? (
                      <Button
                        component={Link}
                        to="/acknowledgements"
                        size="compact-xs"
                        variant="light"
                        color="orange"
                      >
                        Read and acknowledge
                      </Button>
                    ) : (
                      <Text size="sm" c="dimmed">
                        Not required
                      </Text>
                    )
                  ) : ack && ack.required > 0 ? (
                    <Stack gap={2}>
                      <Text size="xs" className="fw-tabular">
                        {ack.acknowledged} of {ack.required}
                      </Text>
                      <Progress
                        value={(ack.acknowledged / ack.required) * 100}
                        color={ack.acknowledged === ack.required ? "teal" : "orange"}
                        size="sm"
                      />
                    </Stack>
                  ) : (
                    <Text size="sm" c="dimmed">
                      —
                    </Text>
                  )}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Box>
  );
}

function AckCoveragePanel({ orgId }: { orgId: string }) {
  const query = useAckCoverage(orgId);
  if (query.isPending) return <TableSkeleton rows={5} />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  const c = query.data;
  const behind = c.people.filter((p) => p.outstanding.length > 0);
  return (
    <Stack gap="lg" data-testid="ack-coverage">
      <Card>
        <Group gap="xl" wrap="wrap">
          <ScoreRing score={c.totals.percent} size={110} label="Acknowledged" />
          <SimpleGrid cols={{ base: 2, sm: 4 }} style={{ flex: 1 }}>
            {[
              { label: "Acknowledgements due", value: c.totals.required },
              { label: "Acknowledged", value: c.totals.acknowledged },
              { label: "Outstanding", value: c.totals.outstanding },
              { label: "Overdue", value: c.totals.overdue, red: true },
            ].map((k) => (
              <Stack gap={0} key={k.label}>
                <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
                  {k.label}
                </Text>
                <Text fz={26} fw={700} className="fw-tabular" c={k.red && k.value > 0 ? "red.7" : undefined}>
                  {k.value}
                </Text>
              </Stack>
            ))}
          </SimpleGrid>
        </Group>
        {c.unpublished.length > 0 ? (
          <Text size="xs" c="dimmed" mt="sm">
            Not yet published, so not counted: {c.unpublished.map((u) => u.title).join(", ")}.
          </Text>
        ) : null}
      </Card>
      <Grid gutter="lg">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Card>
            <Title order={3} mb="sm">
              By policy
            </Title>
            <Stack gap="sm">
              {c.policies.length === 0 ? (
                <Text size="sm" c="dimmed">
                  No published policy yet.
                </Text>
              ) : (
                c.policies.map((p) => (
                  <Paper
                    key={p.policyId}
                    withBorder
                    p="sm"
                    data-testid="ack-policy"
                    data-outstanding={p.outstanding.length}
                  >
                    <Group justify="space-between" wrap="nowrap">
                      <Anchor component={Link} to={`/policies/${p.policyId}`} fw={600} size="sm">
                        {p.title}{" "}
                        <Text span c="dimmed" size="xs">
                          v{p.version}
                        </Text>
                      </Anchor>
                      <Badge color={p.outstanding.length === 0 ? "teal" : "orange"} variant="light">
                        {p.acknowledgedCount} / {p.required}
                      </Badge>
                    </Group>
                    {p.outstanding.length > 0 ? (
                      <Stack gap={2} mt={6}>
                        <Text size="xs" c="dimmed">
                          Not yet acknowledged:
                        </Text>
                        <Group gap={6}>
                          {p.outstanding.map((o) => (
                            <Tooltip key={o.userId} label={`${o.email} · due ${formatDate(o.dueOn)}`}>
                              <Badge
                                variant={o.overdue ? "filled" : "outline"}
                                color={o.overdue ? "red" : "gray"}
                                style={{ textTransform: "none" }}
                              >
                                {o.name}
                                {o.overdue ? " · overdue" : ""}
                              </Badge>
                            </Tooltip>
                          ))}
                        </Group>
                      </Stack>
                    ) : (
                      <Text size="xs" c="teal.8" mt={4}>
                        Everyone it applies to has acknowledged this version.
                      </Text>
                    )}
                  </Paper>
                ))
              )}
            </Stack>
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Card>
            <Title order={3} mb="sm">
              By person
            </Title>
            <Table data-testid="ack-people">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Person</Table.Th>
                  <Table.Th ta="right">Done</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {c.people.map((p) => (
                  <Table.Tr key={p.userId}>
                    <Table.Td>
                      <Text size="sm" fw={500}>
                        {p.name}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {p.roles.map(roleLabel).join(", ")}
                      </Text>
                      {p.outstanding.length > 0 ? (
                        <Text size="xs" c={p.outstanding.some((o) => o.overdue) ? "red.7" : "orange.8"}>
                          Owes: {p.outstanding.map((o) => `${o.title} v${o.version}`).join(", ")}
                        </Text>
                      ) : null}
                    </Table.Td>
                    <Table.Td ta="right" className="fw-tabular">
                      {p.acknowledgedCount} / {p.required}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            {behind.length === 0 ? (
              <Text size="xs" c="teal.8" mt="sm">
                Nobody owes an acknowledgement.
              </Text>
            ) : null}
          </Card>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

function CompleteTraining({ orgId, a }: { orgId: string; a: TrainingAssignment }) {
  const queryClient = useQueryClient();
  const [opened, setOpened] = useState(false);
  const [date, setDate] = useState(todayIso());
  const complete = useMutation({
    mutationFn: () =>
      api.post(`/api/organizations/${seg(orgId)}/training/${seg(a.id)}/complete`, { completedOn: date }),
    meta: { errorTitle: "Completion not recorded" },
    onSuccess: () => {
      setOpened(false);
      notifySuccess(`${a.courseTitle}: completed on ${formatDate(date)}.`, "Training completed");
      void queryClient.invalidateQueries({ queryKey: keys.training(orgId) });
    },
  });
  return (
    <Popover opened={opened} onChange={setOpened} position="bottom-end" withArrow shadow="md">
      <Popover.Target>
        <Button
          size="compact-xs"
          variant="light"
          onClick={() => setOpened((o) => !o)}
          data-testid="complete-training"
        >
          Mark complete
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap="xs">
          <TextInput
            type="date"
            label="Completed on"
            value={date}
            max={todayIso()}
            onChange={(e) => setDate(e.currentTarget.value)}
            size="xs"
          />
          <Button size="xs" onClick={() => complete.mutate()} loading={complete.isPending} disabled={!date}>
            Record completion
          </Button>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}

function AssignTraining({ orgId }: { orgId: string }) {
  const queryClient = useQueryClient();
  const org = useOrganization(orgId);
  const [course, setCourse] = useState("");
  const [people, setPeople] = useState<string[]>([]);
  const [due, setDue] = useState("");
  const assign = useMutation({
    mutationFn: () =>
      api.post(`/api/organizations/${seg(orgId)}/training`, {
        courseTitle: course.trim(),
        assigneeUserIds: people,
        dueOn: due,
      }),
    meta: { errorTitle: "Training not assigned" },
    onSuccess: () => {
      notifySuccess(
        `${course.trim()} assigned to ${plural(people.length, "person", "people")}.`,
        "Training assigned",
      );
      setCourse("");
      setPeople([]);
      void queryClient.invalidateQueries({ queryKey: keys.training(orgId) });
    },
  });
  const options = new Map<string, string>();
  for (const m of org.data?.members ?? []) {
    const id = m.userId ?? m.id;
    if (id && !options.has(id)) options.set(id, m.name);
  }
  const submit = (e: FormEvent) => {
    e.preventDefault();
    assign.mutate();
  };
  return (
    <form onSubmit={submit} data-testid="assign-training">
      <Grid gutter="sm" align="flex-end">
        <Grid.Col span={{ base: 12, md: 4 }}>
          <TextInput
            label="Course"
            placeholder="Security awareness 2026"
            value={course}
            onChange={(e) => setCourse(e.currentTarget.value)}
            required
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <MultiSelect
            label="People"
            placeholder={people.length ? undefined : "Choose people"}
            data={[...options.entries()].map(([value, label]) => ({ value, label }))}
            value={people}
            onChange={setPeople}
            searchable
            comboboxProps={{ withinPortal: true }}
          />
        </Grid.Col>
        <Grid.Col span={{ base: 6, md: 2 }}>
          <TextInput
            type="date"
            label="Due on"
            value={due}
            min={todayIso()}
            onChange={(e) => setDue(e.currentTarget.value)}
            required
          />
        </Grid.Col>
        <Grid.Col span={{ base: 6, md: 2 }}>
          <Button
            type="submit"
            fullWidth
            leftSection={<IconPlus size={16} />}
            loading={assign.isPending}
            disabled={!course.trim() || people.length === 0 || !due}
          >
            Assign
          </Button>
        </Grid.Col>
      </Grid>
    </form>
  );
}

function TrainingPanel({ orgId }: { orgId: string }) {
  const access = useOrgAccess(orgId);
  const query = useTraining(orgId);
  if (query.isPending) return <TableSkeleton rows={4} />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  const t = query.data;
  return (
    <Stack gap="lg" data-testid="training">
      <SimpleGrid cols={{ base: 2, sm: 4 }}>
        {[
          { label: "Assignments", value: t.summary.total, color: undefined },
          { label: "Completed", value: t.summary.completed, color: "teal.7" },
          { label: "Open", value: t.summary.open, color: undefined },
          { label: "Overdue", value: t.summary.overdue, color: t.summary.overdue > 0 ? "red.7" : undefined },
        ].map((k) => (
          <Card key={k.label} padding="md">
            <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
              {k.label}
            </Text>
            <Text fz={26} fw={700} className="fw-tabular" c={k.color}>
              {k.value}
            </Text>
          </Card>
        ))}
      </SimpleGrid>
      {t.permissions.canAssign ? (
        <Card>
          <Title order={3} mb="sm">
            Assign a course
          </Title>
          <AssignTraining orgId={orgId} />
        </Card>
      ) : null}
      <Card>
        <Group justify="space-between" mb="sm">
          <Title order={3}>{t.permissions.seesEveryone ? "Assignments" : "Your training"}</Title>
          <Text size="xs" c="dimmed">
            As of {formatDate(t.asOf)}
          </Text>
        </Group>
        {t.assignments.length === 0 ? (
          <EmptyState icon={<IconSchool size={22} />} title="No training assigned">
            {t.permissions.canAssign
              ? "Assign security awareness training to everyone when they join and once a year."
              : "Nothing is assigned to you."}
          </EmptyState>
        ) : (
          <Table data-testid="training-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Course</Table.Th>
                <Table.Th>Person</Table.Th>
                <Table.Th>Due</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {t.assignments.map((a) => {
                const mine = a.assignee.id === access.userId;
                return (
                  <Table.Tr key={a.id} data-testid="training-row" data-status={a.status}>
                    <Table.Td maw={340}>
                      <Text size="sm" fw={500}>
                        {a.courseTitle}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{a.assignee.name}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Text
                        size="sm"
                        c={a.overdue ? "red.7" : undefined}
                        fw={a.overdue ? 600 : undefined}
                        className="fw-tabular"
                      >
                        {formatDate(a.dueOn)}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      {a.status === "completed" ? (
                        <Badge
                          color="teal"
                          variant="light"
                          miw="max-content"
                          leftSection={<IconCertificate size={12} />}
                        >
                          Completed {formatDate(a.completedOn)}
                        </Badge>
                      ) : a.status === "overdue" ? (
                        <Badge color="red" variant="filled" miw="max-content">
                          Overdue {a.daysOverdue} d
                        </Badge>
                      ) : (
                        <Badge color="blue" variant="light">
                          Open
                        </Badge>
                      )}
                    </Table.Td>
                    <Table.Td ta="right">
                      {a.status !== "completed" && (mine || t.permissions.canAssign) && access.member ? (
                        <CompleteTraining orgId={orgId} a={a} />
                      ) : null}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        )}
      </Card>
    </Stack>
  );
}

/** An organization's policies, who has acknowledged them, and training. */
export function PoliciesView({ orgId, embedded = false }: { orgId: string; embedded?: boolean }) {
  const access = useOrgAccess(orgId);
  const query = usePolicies(orgId);
  const [creating, setCreating] = useState(false);
  const [params, setParams] = useSearchParams();
  const section = params.get("section") ?? "policies";
  const setSection = (v: string | null) => {
    const p = new URLSearchParams(params);
    if (!v || v === "policies") p.delete("section");
    else p.set("section", v);
    setParams(p, { replace: true });
  };
  const list = query.data?.policies ?? [];
  const canCreate = query.data?.permissions.canCreate ?? false;
  const seesCoverage = access.admin || access.auditor;
  const employeeView = access.employeeOnly;
  const overdue = list.filter((p) => p.review.status === "overdue").length;
  const published = list.filter((p) => p.currentVersion).length;

  return (
    <>
      {embedded ? null : (
        <PageHeader
          title="Policies"
          subtitle={
            employeeView
              ? "The policies that apply to you"
              : list.length > 0
                ? `${plural(list.length, "policy", "policies")} · ${published} published${overdue > 0 ? ` · ${overdue} overdue for review` : ""}`
                : "Your policy set: written, approved, published and acknowledged"
          }
          actions={
            canCreate ? (
              <Button
                leftSection={<IconPlus size={16} />}
                onClick={() => setCreating(true)}
                data-testid="new-policy"
              >
                New policy
              </Button>
            ) : null
          }
        />
      )}
      <Tabs value={section} onChange={setSection} variant="outline" keepMounted={false}>
        <Tabs.List mb="lg">
          <Tabs.Tab
            value="policies"
            leftSection={<IconFileCertificate size={16} />}
            data-testid="tab-policies"
          >
            Policies
          </Tabs.Tab>
          {seesCoverage ? (
            <Tabs.Tab
              value="acknowledgements"
              leftSection={<IconUsers size={16} />}
              data-testid="tab-ack-coverage"
            >
              Acknowledgement coverage
            </Tabs.Tab>
          ) : null}
          <Tabs.Tab value="training" leftSection={<IconSchool size={16} />} data-testid="tab-training">
            Training
          </Tabs.Tab>
          {embedded && canCreate ? (
            <Button
              ml="auto"
              size="xs"
              leftSection={<IconPlus size={14} />}
              onClick={() => setCreating(true)}
            >
              New policy
            </Button>
          ) : null}
        </Tabs.List>
        <Tabs.Panel value="policies">
          <Stack gap="md">
            {(query.data?.warnings ?? []).length > 0 && !employeeView ? (
              <Alert
                color="orange"
                variant="light"
                icon={<IconAlertTriangle size={18} />}
                title="Reviews due"
                data-testid="review-warnings"
              >
                <Stack gap={2}>
                  {query.data?.warnings.map((w) => (
                    <Text size="sm" key={w}>
                      {w}
                    </Text>
                  ))}
                </Stack>
              </Alert>
            ) : null}
            <Card padding="md">
              {query.isPending ? (
                <TableSkeleton rows={6} />
              ) : query.isError ? (
                <ErrorState error={query.error} onRetry={() => void query.refetch()} />
              ) : list.length === 0 ? (
                <EmptyState
                  icon={<IconFileCertificate size={22} />}
                  title={employeeView ? "No policies for you yet" : "No policies yet"}
                  action={
                    canCreate ? (
                      <Button size="xs" variant="default" onClick={() => setCreating(true)}>
                        Start from a template
                      </Button>
                    ) : undefined
                  }
                >
                  {employeeView
                    ? "When your organization publishes a policy that applies to you, it appears here and in your acknowledgements."
                    : "Auditors expect an approved, communicated policy set: information security, access control, change management, incident response and more."}
                </EmptyState>
              ) : (
                <PoliciesTable policies={list} employeeView={employeeView} />
              )}
            </Card>
            {access.auditor ? (
              <Group gap={6}>
                <ThemeIcon size={18} variant="light" color="gray">
                  <IconUsers size={12} />
                </ThemeIcon>
                <Text size="xs" c="dimmed">
                  Read-only: management writes, approves and publishes its policies.
                </Text>
              </Group>
            ) : null}
          </Stack>
        </Tabs.Panel>
        {seesCoverage ? (
          <Tabs.Panel value="acknowledgements">
            <AckCoveragePanel orgId={orgId} />
          </Tabs.Panel>
        ) : null}
        <Tabs.Panel value="training">
          <TrainingPanel orgId={orgId} />
        </Tabs.Panel>
      </Tabs>
      {canCreate ? (
        <NewPolicyModal orgId={orgId} existing={list} opened={creating} onClose={() => setCreating(false)} />
      ) : null}
    </>
  );
}

export function PoliciesPage() {
  return <OrgOnly what="policies">{(orgId) => <PoliciesView orgId={orgId} />}</OrgOnly>;
}
