import {
  Alert,
  Anchor,
  Badge,
  Box,
  Button,
  Card,
  Grid,
  Group,
  Paper,
  Progress,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Text,
  ThemeIcon,
  Title,
  UnstyledButton,
} from "@mantine/core";
import {
  IconAlertTriangle,
  IconArrowRight,
  IconCheck,
  IconFileDescription,
  IconListCheck,
  IconShieldCheck,
  IconShieldX,
  IconTarget,
  IconUser,
  IconX,
} from "@tabler/icons-react";
import { type ReactNode, useState } from "react";
import { Link } from "react-router-dom";
import { PageHeader } from "../components/PageHeader";
import { ScoreRing, scoreColor } from "../components/ScoreRing";
import { CardsSkeleton, EmptyState, ErrorState } from "../components/States";
import { TrendChart } from "../components/TrendChart";
import { categoryName, formatDate, formatPeriod, plural } from "../format";
import { useControls, useReadiness } from "../queries";
import type { Blocker, Readiness, RequirementResult } from "../types";
import { EngagementSelect, type OrgLinks, useOrgLinks, useWorkspaceEngagement } from "../workspace";

function Stat({
  label,
  value,
  total,
  color,
  to,
  testId,
  hint,
}: {
  label: string;
  value: number;
  total: number;
  color: string;
  to: string;
  testId: string;
  hint: string;
}) {
  const pct = total === 0 ? 0 : Math.round((value / total) * 100);
  return (
    <UnstyledButton
      component={Link}
      to={to}
      data-testid={testId}
      data-value={value}
      style={{ display: "block" }}
    >
      <Group justify="space-between" mb={4} wrap="nowrap">
        <Text size="sm" fw={500}>
          {label}
        </Text>
        <Text
          size="sm"
          className="fw-tabular"
          fw={600}
          c={color === "red" && value > 0 ? "red.7" : undefined}
        >
          {value}
          {total > 0 && color !== "red" ? (
            <Text span c="dimmed" fw={400} size="sm">
              {" "}
              / {total}
            </Text>
          ) : null}
        </Text>
      </Group>
      <Progress
        value={color === "red" ? (value > 0 ? Math.max(pct, 4) : 0) : pct}
        color={color}
        size="sm"
        radius="xl"
      />
      <Text size="xs" c="dimmed" mt={4}>
        {hint}
      </Text>
    </UnstyledButton>
  );
}

function CategoryTile({ c }: { c: Readiness["byCategory"][number] }) {
  return (
    <Paper
      withBorder
      p="sm"
      radius="md"
      data-testid={`readiness-category-${c.category}`}
      data-score={c.score}
    >
      <Group gap="sm" wrap="nowrap" align="center">
        <ScoreRing score={c.score} size={76} label={categoryName(c.category)} />
        <Stack gap={2} style={{ minWidth: 0 }}>
          <Group gap={6} wrap="nowrap">
            <Text fw={600} size="sm" truncate>
              {categoryName(c.category)}
            </Text>
            <Badge size="xs" variant="outline" color="gray">
              {c.category}
            </Badge>
          </Group>
          <Text size="xs" c="dimmed" className="fw-tabular">
            {c.criteriaCovered} of {c.criteriaApplicable} criteria covered
          </Text>
          <Text size="xs" c="dimmed" className="fw-tabular">
            {c.requirementsMet} of {c.requirementsRelevant} requirements met
          </Text>
        </Stack>
      </Group>
    </Paper>
  );
}

const BLOCKER_ICONS: Record<string, ReactNode> = {
  control: <IconShieldX size={16} />,
  criterion: <IconTarget size={16} />,
  policies: <IconListCheck size={16} />,
  "system-description": <IconFileDescription size={16} />,
  requirement: <IconAlertTriangle size={16} />,
};

const BLOCKER_PLURALS: Record<string, string> = {
  control: "Controls",
  criterion: "Criteria",
  policies: "Policies",
  "system-description": "Description",
  requirement: "Requirements",
};

const BLOCKER_LABELS: Record<string, string> = {
  control: "Control",
  criterion: "Criterion",
  policies: "Policies",
  "system-description": "System description",
  requirement: "Requirement",
};

function BlockerRow({
  b,
  link,
}: {
  b: Blocker;
  link: { to?: string; label: string; onClick?: () => void } | null;
}) {
  return (
    <Group
      wrap="nowrap"
      align="flex-start"
      gap="sm"
      py={10}
      style={{ borderBottom: "1px solid var(--mantine-color-gray-2)" }}
      data-testid="blocker"
      data-kind={b.kind}
      data-target={b.target}
    >
      <ThemeIcon
        variant="light"
        color={b.kind === "criterion" || b.kind === "control" ? "red" : "orange"}
        size={30}
        radius="md"
      >
        {BLOCKER_ICONS[b.kind] ?? <IconAlertTriangle size={16} />}
      </ThemeIcon>
      <Stack gap={4} style={{ flex: 1, minWidth: 0 }}>
        <Text size="sm" lh={1.45}>
          {b.message}
        </Text>
        <Group gap="xs">
          <Badge size="xs" variant="light" color="gray">
            {BLOCKER_LABELS[b.kind] ?? b.kind}
          </Badge>
          {b.owner ? (
            <Group gap={4} data-testid="blocker-owner">
              <IconUser size={12} color="var(--mantine-color-dimmed)" />
              <Text size="xs" c="dimmed">
                {b.owner}
              </Text>
            </Group>
          ) : (
            <Text size="xs" c="orange.8" data-testid="blocker-owner">
              No owner assigned
            </Text>
          )}
        </Group>
      </Stack>
      {link ? (
        link.to ? (
          <Button
            component={Link}
            to={link.to}
            size="compact-xs"
            variant="subtle"
            rightSection={<IconArrowRight size={12} />}
            data-testid="blocker-link"
          >
            {link.label}
          </Button>
        ) : (
          <Button
            size="compact-xs"
            variant="subtle"
            rightSection={<IconArrowRight size={12} />}
            onClick={link.onClick}
            data-testid="blocker-link"
          >
            {link.label}
          </Button>
        )
      ) : null}
    </Group>
  );
}

function RequirementRow({ r }: { r: RequirementResult }) {
  return (
    <Group
      id={`requirement-${r.id}`}
      wrap="nowrap"
      align="flex-start"
      gap="sm"
      py={10}
      style={{ borderBottom: "1px solid var(--mantine-color-gray-2)", scrollMarginTop: 80 }}
      data-testid="requirement"
      data-met={r.met ? "true" : "false"}
    >
      <ThemeIcon
        variant={r.met ? "light" : "filled"}
        color={r.met ? "teal" : "red"}
        size={22}
        radius="xl"
        mt={2}
      >
        {r.met ? <IconCheck size={14} /> : <IconX size={14} />}
      </ThemeIcon>
      <Stack gap={2} style={{ flex: 1, minWidth: 0 }}>
        <Text size="sm" fw={600}>
          {r.title}
        </Text>
        <Text size="xs" c={r.met ? "dimmed" : "red.8"} lh={1.45}>
          {r.reason}
        </Text>
        <Group gap={6}>
          <Text size="xs" c="dimmed" ff="monospace">
            {r.criteria.join(" · ")}
          </Text>
          {!r.met && r.owner ? (
            <Text size="xs" c="dimmed">
              · Owner: {r.owner}
            </Text>
          ) : null}
        </Group>
      </Stack>
    </Group>
  );
}

const blockerLink = (
  b: Blocker,
  links: OrgLinks,
  codes: Map<string, string>,
  engagementId: string | null,
): { to?: string; label: string; onClick?: () => void } | null => {
  const withEngagement = (to: string) =>
    engagementId ? `${to}${to.includes("?") ? "&" : "?"}engagement=${engagementId}` : to;
  switch (b.kind) {
    case "control": {
      const id = codes.get(b.target);
      return id
        ? { to: `/controls/${id}`, label: "Open control" }
        : { to: links.controls, label: "Controls" };
    }
    case "criterion":
      return { to: withEngagement(links.coverage), label: "Coverage" };
    case "policies":
      return { to: links.policies, label: "Policies" };
    case "system-description":
      return engagementId
        ? { to: `/engagements/${engagementId}?tab=description`, label: "Description" }
        : null;
    case "requirement":
      return {
        label: "Requirement",
        onClick: () =>
          document
            .getElementById(`requirement-${b.target}`)
            ?.scrollIntoView({ behavior: "smooth", block: "center" }),
      };
    default:
      return null;
  }
};

/** The readiness dashboard of an organization; the home of its members, a tab of the client page for the firm. */
export function ReadinessView({
  orgId,
  embedded = false,
  banner = null,
}: {
  orgId: string;
  embedded?: boolean;
  /** Shown above the scores (the dashboard's report-currency banner). */
  banner?: ReactNode;
}) {
  const ws = useWorkspaceEngagement(orgId);
  const links = useOrgLinks(orgId);
  const query = useReadiness(orgId, ws.engagementId, !ws.isPending);
  const controls = useControls(orgId);
  const [showAll, setShowAll] = useState(false);
  const [kind, setKind] = useState("all");

  const engagement = ws.engagement;
  const header = embedded ? (
    <Group justify="space-between" mb="md">
      <Text size="sm" c="dimmed">
        {engagement
          ? `Readiness for ${engagement.name} · ${formatPeriod(engagement)}`
          : "Readiness for Security (no engagement yet)"}
      </Text>
      <EngagementSelect engagements={ws.engagements} value={ws.engagementId} onChange={ws.setEngagementId} />
    </Group>
  ) : (
    <PageHeader
      title="Readiness"
      subtitle={
        engagement ? (
          <>
            <Anchor component={Link} to={`/engagements/${engagement.id}`} size="sm">
              {engagement.name}
            </Anchor>{" "}
            · {formatPeriod(engagement)} · {(engagement.categories ?? []).map(categoryName).join(", ")}
          </>
        ) : (
          (ws.organization?.name ?? "How close you are to an audit-ready state")
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

  if (query.isPending || ws.isPending) {
    return (
      <Stack>
        {header}
        <CardsSkeleton count={2} height={170} />
        <CardsSkeleton count={2} height={220} />
      </Stack>
    );
  }
  if (query.isError) {
    return (
      <>
        {header}
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      </>
    );
  }
  const r = query.data;
  const codes = new Map((controls.data ?? []).map((c) => [c.code, c.id]));
  const metCount = r.requirements.filter((x) => x.met).length;
  const kinds = [...new Set(r.blockers.map((b) => b.kind))];
  const shownKind = kind === "all" || kinds.includes(kind) ? kind : "all";
  const ofKind = shownKind === "all" ? r.blockers : r.blockers.filter((b) => b.kind === shownKind);
  const blockers = showAll ? ofKind : ofKind.slice(0, 10);
  const trend = r.trend.map((t) => ({ day: t.day, value: t.overall }));
  const previous = r.trend.length > 1 ? r.trend[r.trend.length - 2] : null;
  const delta = previous ? r.overall - previous.overall : null;

  return (
    <>
      {header}
      <Stack gap="lg">
        {banner}
        {r.controls.total === 0 ? (
          <Alert
            color="brand"
            variant="light"
            icon={<IconShieldCheck size={18} />}
            title="Start by adopting controls"
          >
            <Text size="sm">
              No controls are adopted yet, so nothing counts towards readiness. Adopt the library controls for
              the engagement's scope, assign owners and collect evidence.
            </Text>
            <Button component={Link} to={links.controls} size="xs" mt="sm">
              Go to controls
            </Button>
          </Alert>
        ) : null}

        <Grid gutter="lg">
          <Grid.Col span={{ base: 12, md: 4 }}>
            <Card h="100%" data-testid="readiness-overall" data-score={r.overall}>
              <Stack align="center" gap="xs">
                <Text size="xs" c="dimmed" tt="uppercase" fw={700} style={{ letterSpacing: "0.06em" }}>
                  Overall readiness
                </Text>
                <ScoreRing score={r.overall} size={156} label="Overall" />
                <Group gap={6}>
                  {delta !== null && delta !== 0 ? (
                    <Badge color={delta > 0 ? "teal" : "red"} variant="light">
                      {delta > 0 ? "+" : ""}
                      {delta} since {formatDate(previous?.day)}
                    </Badge>
                  ) : null}
                  <Badge
                    color={r.blockers.length === 0 ? "teal" : "red"}
                    variant="light"
                    data-testid="blocker-count"
                  >
                    {r.blockers.length === 0 ? "No blockers" : plural(r.blockers.length, "blocker")}
                  </Badge>
                </Group>
                <Text size="xs" c="dimmed" ta="center" maw={260}>
                  {r.overall === 100
                    ? "Every criterion in scope is covered and every requirement is met."
                    : "70% criteria covered by ready controls, 30% practical requirements met."}
                </Text>
              </Stack>
            </Card>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 8 }}>
            <Card h="100%">
              <Group justify="space-between" mb="sm">
                <Title order={3}>By category</Title>
                <Text size="xs" c="dimmed">
                  {r.categories.map(categoryName).join(", ")}
                </Text>
              </Group>
              <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
                {r.byCategory.map((c) => (
                  <CategoryTile key={c.category} c={c} />
                ))}
              </SimpleGrid>
            </Card>
          </Grid.Col>
        </Grid>

        <Grid gutter="lg">
          <Grid.Col span={{ base: 12, md: 8 }}>
            <Card h="100%">
              <Group justify="space-between" mb="xs">
                <Title order={3}>Trend</Title>
                <Text size="xs" c="dimmed">
                  Overall score, one reading a day
                </Text>
              </Group>
              <TrendChart points={trend} color={`var(--mantine-color-${scoreColor(r.overall)}-6)`} />
              {trend.length < 2 ? (
                <Text size="xs" c="dimmed" mt={4}>
                  The trend builds up as readiness is checked on later days.
                </Text>
              ) : null}
            </Card>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 4 }}>
            <Card h="100%" data-testid="controls-summary">
              <Group justify="space-between" mb="md">
                <Title order={3}>Controls</Title>
                <Anchor component={Link} to={links.controls} size="sm">
                  All controls
                </Anchor>
              </Group>
              <Stack gap="md">
                <Stat
                  label="Implemented"
                  value={r.controls.implemented}
                  total={r.controls.total}
                  color="teal"
                  to={links.controls}
                  testId="summary-implemented"
                  hint={`${r.controls.total} applicable controls in scope`}
                />
                <Stat
                  label="With evidence"
                  value={r.controls.withEvidence}
                  total={r.controls.total}
                  color="brand"
                  to={links.evidence}
                  testId="summary-with-evidence"
                  hint="At least one evidence item linked"
                />
                <Stat
                  label="Evidence overdue"
                  value={r.controls.overdue}
                  total={r.controls.total}
                  color="red"
                  to={links.controls}
                  testId="summary-overdue"
                  hint={r.controls.overdue === 0 ? "Nothing overdue" : "New evidence is past its due date"}
                />
              </Stack>
            </Card>
          </Grid.Col>
        </Grid>

        <Grid gutter="lg">
          <Grid.Col span={{ base: 12, md: 7 }}>
            <Card data-testid="blockers">
              <Group justify="space-between" mb="xs">
                <Title order={3}>Blockers</Title>
                <Text size="sm" c="dimmed">
                  What stands between you and an audit-ready state
                </Text>
              </Group>
              {kinds.length > 1 ? (
                <SegmentedControl
                  size="xs"
                  mb="xs"
                  value={shownKind}
                  onChange={(v) => {
                    setKind(v);
                    setShowAll(false);
                  }}
                  data={[
                    { value: "all", label: `All (${r.blockers.length})` },
                    ...kinds.map((k) => ({
                      value: k,
                      label: `${BLOCKER_PLURALS[k] ?? k} (${r.blockers.filter((b) => b.kind === k).length})`,
                    })),
                  ]}
                  data-testid="blocker-kinds"
                />
              ) : null}
              {r.blockers.length === 0 ? (
                <EmptyState
                  icon={<IconShieldCheck size={22} />}
                  title="Nothing blocks readiness"
                  testId="no-blockers"
                >
                  Keep evidence fresh and policies reviewed to stay here.
                </EmptyState>
              ) : (
                <Box>
                  {blockers.map((b) => (
                    <BlockerRow
                      key={`${b.kind}:${b.target}:${b.message}`}
                      b={b}
                      link={blockerLink(b, links, codes, r.engagementId)}
                    />
                  ))}
                  {ofKind.length > 10 ? (
                    <Button variant="subtle" size="xs" mt="xs" onClick={() => setShowAll((v) => !v)}>
                      {showAll ? "Show fewer" : `Show all ${ofKind.length}`}
                    </Button>
                  ) : null}
                </Box>
              )}
            </Card>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 5 }}>
            <Card data-testid="requirements">
              <Group justify="space-between" mb="xs">
                <Title order={3}>Requirements</Title>
                <Badge variant="light" color={metCount === r.requirements.length ? "teal" : "gray"} size="lg">
                  {metCount} of {r.requirements.length} met
                </Badge>
              </Group>
              <Text size="xs" c="dimmed" mb="xs">
                The practical requirements an auditor looks for before fieldwork.
              </Text>
              {r.requirements.map((req) => (
                <RequirementRow key={req.id} r={req} />
              ))}
            </Card>
          </Grid.Col>
        </Grid>
      </Stack>
    </>
  );
}
