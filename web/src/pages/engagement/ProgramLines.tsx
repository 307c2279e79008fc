/** One audit program line as a card, and the program's version history. */
import { ActionIcon, Badge, Card, Grid, Group, Stack, Table, Text, Title, Tooltip } from "@mantine/core";
import { IconPencil, IconTrash } from "@tabler/icons-react";
import type { ProgramLine, ProgramVersion } from "../../fieldwork-types";
import { formatDateTime, frequencyLabel, humanize } from "../../format";
import { MethodBadge, ProgramStatusBadge } from "./FieldworkBadges";
import { ruleText } from "./ProgramLineEditor";

export function ProgramLineCard({
  line,
  canEdit,
  compact,
  onEdit,
  onRemove,
}: {
  line: ProgramLine;
  canEdit: boolean;
  compact?: boolean;
  onEdit: () => void;
  onRemove?: () => void;
}) {
  const size = line.sampleSize;
  return (
    <Card padding="md" data-testid="program-line" data-code={line.code} data-control={line.controlId}>
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap="sm">
        <Stack gap={2} style={{ minWidth: 0 }}>
          <Group gap="xs" wrap="wrap">
            <Text ff="monospace" fw={700} size="sm">
              {line.code}
            </Text>
            <Text fw={600} size="sm">
              {line.title}
            </Text>
          </Group>
          <Group gap={6} wrap="wrap">
            {line.criteria.map((c) => (
              <Badge key={c} variant="outline" color="gray" size="sm">
                {c}
              </Badge>
            ))}
            <Text size="xs" c="dimmed">
              {frequencyLabel(line.frequency)} · {humanize(line.automation)}
            </Text>
          </Group>
        </Stack>
        <Group gap={4} wrap="nowrap">
          <Tooltip label={ruleText(line.sampleRule)}>
            <Badge variant="light" color="brand" size="lg" data-testid="line-sample-size" tt="none">
              {size?.size === null || size?.size === undefined ? "Size from population" : `n = ${size.size}`}
            </Badge>
          </Tooltip>
          {canEdit ? (
            <>
              <ActionIcon
                variant="subtle"
                aria-label={`Edit ${line.code}`}
                onClick={onEdit}
                data-testid="edit-line"
              >
                <IconPencil size={16} />
              </ActionIcon>
              {onRemove ? (
                <ActionIcon
                  variant="subtle"
                  color="red"
                  aria-label={`Remove ${line.code}`}
                  onClick={onRemove}
                  data-testid="remove-line"
                >
                  <IconTrash size={16} />
                </ActionIcon>
              ) : null}
            </>
          ) : null}
        </Group>
      </Group>
      {compact ? null : (
        <Grid gutter="md" mt="sm">
          <Grid.Col span={{ base: 12, md: 7 }}>
            <Stack gap={6}>
              <Text size="xs" fw={600} c="dimmed" tt="uppercase">
                Procedures
              </Text>
              {line.procedures.map((p, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: procedures are positional
                <Group key={i} gap="xs" align="flex-start" wrap="nowrap">
                  <MethodBadge method={p.method} miw={110} />
                  <Text size="sm">{p.description}</Text>
                </Group>
              ))}
              <Text size="xs" fw={600} c="dimmed" tt="uppercase" mt={4}>
                Attributes
              </Text>
              {line.attributes.map((a) => (
                <Group key={a.id} gap="xs" align="flex-start" wrap="nowrap">
                  <Badge variant="outline" color="gray" miw={40}>
                    {a.id}
                  </Badge>
                  <Text size="sm">{a.text}</Text>
                </Group>
              ))}
            </Stack>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 5 }}>
            <Stack gap={6}>
              <Text size="xs" fw={600} c="dimmed" tt="uppercase">
                Population source
              </Text>
              <Text size="sm">{line.populationSource || "–"}</Text>
              <Text size="xs" fw={600} c="dimmed" tt="uppercase" mt={4}>
                Sample size
              </Text>
              <Text size="sm">{ruleText(line.sampleRule)}</Text>
              {size?.text ? (
                <Text size="xs" c="dimmed">
                  {size.text}
                </Text>
              ) : null}
            </Stack>
          </Grid.Col>
        </Grid>
      )}
    </Card>
  );
}

export function ProgramVersions({ versions }: { versions: ProgramVersion[] }) {
  if (versions.length === 0) return null;
  return (
    <Card padding="md" data-testid="program-versions">
      <Title order={4} mb="sm">
        Version history
      </Title>
      <Table>
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={90}>Version</Table.Th>
            <Table.Th w={130}>Status</Table.Th>
            <Table.Th>Reason</Table.Th>
            <Table.Th>Created</Table.Th>
            <Table.Th>Approved</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {versions.map((v) => (
            <Table.Tr key={v.id} data-testid="program-version" data-version={v.version}>
              <Table.Td>{v.version}</Table.Td>
              <Table.Td>
                <ProgramStatusBadge status={v.status} />
              </Table.Td>
              <Table.Td>
                <Text size="sm">{v.reason ?? (v.version === 1 ? "Generated from the scope" : "–")}</Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">
                  {formatDateTime(v.createdAt)}
                  {v.createdBy?.name ? ` · ${v.createdBy.name}` : ""}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">
                  {v.approvedAt ? formatDateTime(v.approvedAt) : "–"}
                  {v.approvedBy?.name ? ` · ${v.approvedBy.name}` : ""}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Card>
  );
}
