/**
 * The annual risk assessments: the trend (band counts per approved snapshot, plus the register now),
 * what moved since the last approved one, the list, and starting the next assessment.
 */
import {
  Anchor,
  Badge,
  Box,
  Button,
  Card,
  Group,
  Modal,
  NumberInput,
  Stack,
  Table,
  Text,
  Textarea,
  Title,
} from "@mantine/core";
import { IconCalendarStats, IconPlus } from "@tabler/icons-react";
import { useState } from "react";
import { Link, useNavigate } from "react-router-dom";
import { api, errorMessage, seg } from "../../api";
import { EmptyState, ErrorState, TableSkeleton } from "../../components/States";
import { formatDate } from "../../format";
import { notifySuccess } from "../../notify";
import {
  type AssessmentDetail,
  BAND_COLORS,
  BAND_LABELS,
  BANDS,
  type Band,
  type MovementKind,
  type TrendStep,
  useAssessments,
  useRiskList,
  useRiskMutation,
} from "./risk-api";

const W = 560;
const H = 190;
const PAD = { top: 18, bottom: 30, left: 30, right: 10 };

/** Stacked columns of residual band counts, one per point. */
function BandTrend({ points }: { points: { label: string; counts: Record<Band, number>; now?: boolean }[] }) {
  const max = Math.max(1, ...points.map((p) => BANDS.reduce((a, b) => a + p.counts[b], 0)));
  const innerH = H - PAD.top - PAD.bottom;
  const slot = (W - PAD.left - PAD.right) / Math.max(1, points.length);
  const barW = Math.min(70, slot * 0.55);
  return (
    <Box data-testid="risk-trend" data-points={points.length}>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        width="100%"
        role="img"
        aria-label="Open risks per residual band by assessment"
        style={{ display: "block", maxHeight: 230 }}
      >
        <line
          x1={PAD.left}
          x2={W - PAD.right}
          y1={PAD.top + innerH}
          y2={PAD.top + innerH}
          stroke="var(--mantine-color-gray-4)"
        />
        {points.map((p, i) => {
          const x = PAD.left + slot * i + (slot - barW) / 2;
          let y = PAD.top + innerH;
          const total = BANDS.reduce((acc, b) => acc + p.counts[b], 0);
          return (
            <g key={p.label}>
              <text
                x={x + barW / 2}
                y={PAD.top + innerH - (total / max) * innerH - 4}
                textAnchor="middle"
                fontSize={11}
                fontWeight={600}
                fill="var(--mantine-color-gray-8)"
              >
                {total}
              </text>
              {BANDS.map((b) => {
                const h = (p.counts[b] / max) * innerH;
                y -= h;
                return h > 0 ? (
                  <rect
                    key={b}
                    x={x}
                    y={y}
                    width={barW}
                    height={h}
                    fill={`var(--mantine-color-${BAND_COLORS[b]}-5)`}
                    opacity={p.now ? 0.55 : 1}
                  >
                    <title>{`${p.label}: ${p.counts[b]} ${BAND_LABELS[b].toLowerCase()}`}</title>
                  </rect>
                ) : null;
              })}
              <text
                x={x + barW / 2}
                y={H - 10}
                textAnchor="middle"
                fontSize={11}
                fill="var(--mantine-color-gray-7)"
              >
                {p.label}
              </text>
            </g>
          );
        })}
      </svg>
      <Group gap="sm" justify="center">
        {BANDS.map((b) => (
          <Group key={b} gap={4}>
            <Box
              w={10}
              h={10}
              style={{ borderRadius: 2, background: `var(--mantine-color-${BAND_COLORS[b]}-5)` }}
            />
            <Text size="xs" c="dimmed">
              {BAND_LABELS[b]}
            </Text>
          </Group>
        ))}
      </Group>
    </Box>
  );
}

const MOVE_COLORS: Record<MovementKind, string> = { new: "blue", closed: "gray", up: "red", down: "teal" };
const MOVE_LABELS: Record<MovementKind, string> = { new: "New", closed: "Closed", up: "Up", down: "Down" };

export function Movements({ step, testId }: { step: TrendStep; testId: string }) {
  return (
    <Stack gap={6} data-testid={testId}>
      <Group gap="xs">
        {(Object.keys(MOVE_LABELS) as MovementKind[]).map((k) => (
          <Badge
            key={k}
            color={MOVE_COLORS[k]}
            variant="light"
            data-testid={`moves-${k}`}
            data-count={step.counts[k]}
          >
            {MOVE_LABELS[k]}: {step.counts[k]}
          </Badge>
        ))}
        <Text size="xs" c="dimmed">
          {step.unchanged} unchanged
        </Text>
      </Group>
      {step.movements.map((m) => (
        <Group key={`${m.kind}-${m.id}`} gap="xs">
          <Badge size="xs" color={MOVE_COLORS[m.kind]}>
            {MOVE_LABELS[m.kind]}
          </Badge>
          <Anchor component={Link} to={`/risks/${m.id}`} size="sm">
            {m.ref} · {m.title}
          </Anchor>
          <Text size="xs" c="dimmed">
            residual {m.from ?? "—"} → {m.to ?? "—"}
          </Text>
        </Group>
      ))}
    </Stack>
  );
}

function StartAssessment({
  orgId,
  onClose,
  suggested,
}: {
  orgId: string;
  onClose: () => void;
  suggested: number;
}) {
  const navigate = useNavigate();
  const [year, setYear] = useState<number>(suggested);
  const [scopeNote, setScope] = useState("");
  const start = useRiskMutation(orgId, () =>
    api.post<AssessmentDetail>(`/api/organizations/${seg(orgId)}/risk-assessments`, { year, scopeNote }),
  );
  return (
    <Modal opened onClose={onClose} title="Start the annual risk assessment">
      <Stack gap="sm">
        <NumberInput
          label="Year"
          min={2000}
          max={2100}
          value={year}
          onChange={(v) => setYear(Number(v))}
          data-testid="assessment-year"
        />
        <Textarea
          label="Scope"
          placeholder="Services, locations and systems the assessment covers"
          autosize
          minRows={2}
          value={scopeNote}
          onChange={(e) => setScope(e.currentTarget.value)}
        />
        {start.isError ? (
          <Text c="red.7" size="sm">
            {errorMessage(start.error)}
          </Text>
        ) : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button
            loading={start.isPending}
            data-testid="assessment-start-confirm"
            onClick={() =>
              start.mutate(undefined, {
                onSuccess: (res) => {
                  notifySuccess(`The ${res.assessment.year} risk assessment was started.`);
                  navigate(`/risks/assessments/${res.assessment.id}`);
                },
              })
            }
          >
            Start
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

export function RiskAssessments({ orgId }: { orgId: string }) {
  const query = useAssessments(orgId);
  const current = useRiskList(orgId, { basis: "residual", status: "open" });
  const [starting, setStarting] = useState(false);
  if (query.isPending) return <TableSkeleton rows={4} />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  const data = query.data;
  const nowCounts = Object.fromEntries(BANDS.map((b) => [b, 0])) as Record<Band, number>;
  for (const r of current.data?.risks ?? []) nowCounts[r.residual.band] += 1;
  const points = [
    ...data.trend.map((p) => ({ label: p.label, counts: p.residual })),
    ...(current.data ? [{ label: "Now", counts: nowCounts, now: true }] : []),
  ];
  const latest = Math.max(0, ...data.assessments.map((a) => a.year));
  return (
    <Stack gap="md">
      <Group align="stretch" grow>
        <Card padding="md">
          <Title order={4} mb="xs">
            Trend of open risks by residual band
          </Title>
          {data.trend.length === 0 ? (
            <Text size="sm" c="dimmed">
              The trend starts with the first approved assessment.
            </Text>
          ) : (
            <BandTrend points={points} />
          )}
        </Card>
        <Card padding="md">
          <Title order={4} mb="xs">
            {data.sinceLastApproved ? `Since the ${data.sinceLastApproved.year} assessment` : "Movements"}
          </Title>
          {data.sinceLastApproved ? (
            <Movements step={data.sinceLastApproved} testId="since-last" />
          ) : (
            <Text size="sm" c="dimmed">
              Once an assessment is approved, new, closed, raised and lowered risks since then show here.
            </Text>
          )}
        </Card>
      </Group>
      <Card padding="md">
        <Group justify="space-between" mb="sm">
          <Title order={4}>Assessments</Title>
          {data.permissions.canStart ? (
            <Button
              size="xs"
              leftSection={<IconPlus size={14} />}
              onClick={() => setStarting(true)}
              data-testid="assessment-start"
            >
              Start assessment
            </Button>
          ) : null}
        </Group>
        {data.assessments.length === 0 ? (
          <EmptyState
            icon={<IconCalendarStats size={22} />}
            title="No assessment yet"
            testId="assessments-empty"
          >
            Once a year management reviews the whole register, records how fraud and significant changes were
            considered, and approves it.
          </EmptyState>
        ) : (
          <Table data-testid="assessments-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Year</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Approved</Table.Th>
                <Table.Th>Snapshot SHA-256</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.assessments.map((a) => (
                <Table.Tr key={a.id} data-testid="assessment-row" data-year={a.year} data-status={a.status}>
                  <Table.Td>
                    <Anchor component={Link} to={`/risks/assessments/${a.id}`} fw={600}>
                      {a.year}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <Badge color={a.status === "approved" ? "teal" : "yellow"} variant="light">
                      {a.status === "approved" ? "Approved" : "Draft"}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">
                      {a.approvedAt ? `${formatDate(a.approvedAt)} · ${a.approvedBy?.name ?? ""}` : "—"}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="xs" ff="monospace" c="dimmed">
                      {a.snapshotSha256 ? `${a.snapshotSha256.slice(0, 16)}…` : "—"}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Card>
      {starting ? (
        <StartAssessment
          orgId={orgId}
          onClose={() => setStarting(false)}
          suggested={latest ? latest + 1 : new Date().getFullYear()}
        />
      ) : null}
    </Stack>
  );
}
