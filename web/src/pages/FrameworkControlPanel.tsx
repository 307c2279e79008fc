/** "What else it satisfies": on a control's page, the framework requirements its criteria reach. */
import { Accordion, Badge, Card, Group, Skeleton, Stack, Text, Title, Tooltip } from "@mantine/core";
import { ErrorState } from "../components/States";
import { plural } from "../format";
import { useControlFrameworks } from "./FrameworkData";

export function FrameworkControlPanel({ controlId }: { controlId: string }) {
  const query = useControlFrameworks(controlId);
  return (
    <Card data-testid="control-frameworks">
      <Title order={3} mb={4}>
        What else it satisfies
      </Title>
      {query.isPending ? (
        <Skeleton h={80} />
      ) : query.error ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : query.data.frameworks.length === 0 ? (
        <Text size="sm" c="dimmed">
          None of this control's criteria is mapped to another framework.
        </Text>
      ) : (
        <Stack gap="xs">
          <Text size="sm" c="dimmed">
            Through its criteria, this control helps meet {plural(query.data.requirementCount, "requirement")}{" "}
            of {plural(query.data.frameworks.length, "other framework")}.
          </Text>
          <Accordion variant="separated" chevronPosition="right">
            {query.data.frameworks.map((f) => (
              <Accordion.Item key={f.frameworkId} value={f.frameworkId} data-testid="control-framework">
                <Accordion.Control>
                  <Group justify="space-between" wrap="nowrap" pr="xs">
                    <Text size="sm" fw={600} lineClamp={1}>
                      {f.frameworkName}
                    </Text>
                    <Badge size="sm" variant="light" style={{ flexShrink: 0 }}>
                      {f.requirements.length}
                    </Badge>
                  </Group>
                </Accordion.Control>
                <Accordion.Panel>
                  <Stack gap={6}>
                    {f.requirements.map((r) => (
                      <Group key={r.requirementId} gap={6} wrap="nowrap" align="flex-start">
                        <Tooltip
                          label={r.via.map((v) => `${v.criterionId} (${v.relationship})`).join(", ")}
                          withinPortal
                        >
                          <Text ff="monospace" size="xs" style={{ whiteSpace: "nowrap" }}>
                            {r.requirementId}
                          </Text>
                        </Tooltip>
                        <Text size="xs">{r.title}</Text>
                      </Group>
                    ))}
                  </Stack>
                </Accordion.Panel>
              </Accordion.Item>
            ))}
          </Accordion>
        </Stack>
      )}
    </Card>
  );
}
