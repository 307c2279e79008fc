/**
 * The opinion tab: the core's advice per criterion and overall with its reasons, the decision
 * history, and (for the partner) recording the opinion with its basis.
 */
import {
  Alert,
  Badge,
  Box,
  Button,
  Card,
  Grid,
  Group,
  List,
  SegmentedControl,
  Select,
  Spoiler,
  Stack,
  Table,
  Text,
  Textarea,
  Title,
  Tooltip,
} from "@mantine/core";
import { IconGavel } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { Link } from "react-router-dom";
import { api, errorMessage, seg } from "../../api";
import { ErrorState, TableSkeleton } from "../../components/States";
import { fwKeys, useOpinion } from "../../fieldwork-queries";
import type { OpinionPage } from "../../fieldwork-types";
import { formatDateTime, humanize } from "../../format";
import { notifySuccess } from "../../notify";
import type { EngagementPage } from "../../types";
import {
  CONCLUSION_LABELS,
  CriterionAdviceBadge,
  OPINION_LABELS,
  OPINION_OPTIONS,
  OpinionBadge,
} from "./FieldworkBadges";

const CONTROL_COLOR: Record<string, string> = {
  effective: "teal",
  "effective-with-exceptions": "yellow",
  "not-effective": "red",
  "needs-judgement": "orange",
  "not-occurred": "gray",
};

const SCOPE_OPTIONS = [
  { value: "none", label: "None" },
  { value: "limited", label: "Limited" },
  { value: "pervasive", label: "Pervasive" },
];

function DecideForm({ engagementId, data }: { engagementId: string; data: OpinionPage }) {
  const queryClient = useQueryClient();
  const [opinion, setOpinion] = useState<string>(data.advice.overall);
  const [basis, setBasis] = useState("");
  const [scope, setScope] = useState(data.current?.scopeLimitation ?? data.scopeLimitation);
  const decide = useMutation({
    mutationFn: () =>
      api.post(`/api/engagements/${seg(engagementId)}/opinion`, {
        opinion,
        basis: basis.trim(),
        scopeLimitation: scope,
      }),
    meta: { quiet: true },
    onSuccess: () => {
      notifySuccess(`${OPINION_LABELS[opinion] ?? opinion} opinion recorded.`, "Opinion");
      setBasis("");
      void queryClient.invalidateQueries({ queryKey: fwKeys.opinion(engagementId) });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    decide.mutate();
  };
  const differs = opinion !== data.advice.overall;
  return (
    <Card padding="lg" data-testid="opinion-decide">
      <form onSubmit={submit}>
        <Stack gap="sm">
          <Title order={3}>Record the opinion</Title>
          <Grid gutter="sm">
            <Grid.Col span={{ base: 12, sm: 6 }}>
              <Select
                label="Opinion"
                data={OPINION_OPTIONS}
                value={opinion}
                onChange={(v) => v && setOpinion(v)}
                allowDeselect={false}
                comboboxProps={{ withinPortal: true }}
                data-testid="opinion-select"
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 6 }}>
              <Stack gap={4}>
                <Text size="sm" fw={500}>
                  Scope limitation
                </Text>
                <SegmentedControl value={scope} onChange={setScope} data={SCOPE_OPTIONS} fullWidth />
              </Stack>
            </Grid.Col>
          </Grid>
          <Textarea
            label="Basis"
            description={
              opinion === "unmodified"
                ? "Optional for an unmodified opinion"
                : "Required: the basis-for paragraph of a modified opinion"
            }
            value={basis}
            onChange={(e) => setBasis(e.currentTarget.value)}
            autosize
            minRows={3}
            data-testid="opinion-basis"
          />
          {differs ? (
            <Text size="sm" c="orange.8">
              This differs from the advice ({OPINION_LABELS[data.advice.overall] ?? data.advice.overall}); say
              why in the basis.
            </Text>
          ) : null}
          {decide.isError ? (
            <Alert color="red" variant="light">
              {errorMessage(decide.error)}
            </Alert>
          ) : null}
          <Group justify="flex-end">
            <Button
              type="submit"
              leftSection={<IconGavel size={16} />}
              loading={decide.isPending}
              data-testid="opinion-submit"
            >
              Record decision
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}

export function OpinionTab({ page }: { page: EngagementPage }) {
  const engagementId = page.engagement.id;
  const query = useOpinion(engagementId);
  if (query.isPending) return <TableSkeleton rows={5} />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  const data = query.data;
  const advice = data.advice;
  const current = data.current;
  return (
    <Stack gap="md" data-testid="opinion">
      <Card padding="lg" data-testid="opinion-advice" data-overall={advice.overall}>
        <Stack gap="sm">
          <Group justify="space-between" wrap="wrap">
            <Group gap="sm">
              <Title order={3}>Advice</Title>
              <OpinionBadge opinion={advice.overall} size="lg" />
            </Group>
            {current ? (
              <Group gap="xs" data-testid="opinion-current">
                <Text size="sm" c="dimmed">
                  Decided:
                </Text>
                <OpinionBadge opinion={current.opinion} />
              </Group>
            ) : (
              <Text size="sm" c="dimmed">
                No decision recorded yet
              </Text>
            )}
          </Group>
          <Text size="sm" c="dimmed">
            Computed from the workpapers' conclusions and the exceptions, criterion by criterion. It is
            advice: the partner decides and records the basis.
          </Text>
          {advice.reasons.length > 0 ? (
            <List size="sm">
              {advice.reasons.map((r) => (
                <List.Item key={r}>{r}</List.Item>
              ))}
            </List>
          ) : null}
          {(data.notes ?? []).length > 0 ? (
            <Spoiler
              maxHeight={58}
              showLabel="Show all open work"
              hideLabel="Show less"
              data-testid="opinion-notes"
            >
              <Text size="sm" fw={500}>
                Open work ({(data.notes ?? []).length})
              </Text>
              <List size="sm">
                {(data.notes ?? []).map((n) => (
                  <List.Item key={n}>{n}</List.Item>
                ))}
              </List>
            </Spoiler>
          ) : null}
        </Stack>
      </Card>
      <Card padding="md">
        <Title order={4} mb="sm">
          Per criterion
        </Title>
        <Box style={{ overflowX: "auto" }}>
          <Table data-testid="criterion-advice-table" miw={900}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={220}>Criterion</Table.Th>
                <Table.Th w={210}>Advice</Table.Th>
                <Table.Th>Reasons</Table.Th>
                <Table.Th w={260}>Controls</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {advice.perCriterion.map((c) => (
                <Table.Tr key={c.id} data-testid="criterion-row" data-criterion={c.id}>
                  <Table.Td>
                    <Text size="sm" ff="monospace" fw={600}>
                      {c.id}
                    </Text>
                    {c.title ? (
                      <Text size="xs" c="dimmed">
                        {c.title}
                      </Text>
                    ) : null}
                  </Table.Td>
                  <Table.Td>
                    <CriterionAdviceBadge advice={c.advice} />
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{c.reasons.join(" ")}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      {c.controls.map((k) => (
                        <Tooltip
                          key={k.controlId}
                          label={`${CONCLUSION_LABELS[k.conclusion] ?? humanize(k.conclusion)}${k.deviations > 0 ? `, ${k.deviations} deviations` : ""}${k.workpaperStatus ? ` · workpaper ${k.workpaperStatus}` : " · no workpaper"}`}
                        >
                          {k.workpaperId ? (
                            <Badge
                              variant="light"
                              color={CONTROL_COLOR[k.conclusion] ?? "gray"}
                              tt="none"
                              component={Link}
                              to={`/workpapers/${k.workpaperId}`}
                              style={{ cursor: "pointer" }}
                            >
                              {k.code}
                            </Badge>
                          ) : (
                            <Badge variant="outline" color="gray" tt="none">
                              {k.code}
                            </Badge>
                          )}
                        </Tooltip>
                      ))}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Box>
      </Card>
      {data.permissions.canDecide ? <DecideForm engagementId={engagementId} data={data} /> : null}
      <Card padding="md" data-testid="opinion-history">
        <Title order={4} mb="sm">
          Decision history
        </Title>
        {data.history.length === 0 ? (
          <Text size="sm" c="dimmed">
            {data.permissions.canDecide
              ? "No opinion is recorded yet."
              : "No opinion is recorded yet; the engagement partner records it."}
          </Text>
        ) : (
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={200}>When</Table.Th>
                <Table.Th w={170}>Opinion</Table.Th>
                <Table.Th w={120}>Scope limitation</Table.Th>
                <Table.Th>Basis</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.history.map((d) => (
                <Table.Tr key={d.id} data-testid="opinion-decision">
                  <Table.Td>
                    <Text size="sm">{formatDateTime(d.decidedAt)}</Text>
                    {d.decidedBy?.name ? (
                      <Text size="xs" c="dimmed">
                        {d.decidedBy.name}
                      </Text>
                    ) : null}
                  </Table.Td>
                  <Table.Td>
                    <OpinionBadge opinion={d.opinion} />
                  </Table.Td>
                  <Table.Td>{humanize(d.scopeLimitation)}</Table.Td>
                  <Table.Td>
                    <Text size="sm">{d.basis || "–"}</Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Card>
    </Stack>
  );
}
