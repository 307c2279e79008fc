import {
  Alert,
  Badge,
  Button,
  Card,
  Checkbox,
  Grid,
  Group,
  List,
  NumberInput,
  Select,
  Stack,
  Text,
  ThemeIcon,
  Title,
} from "@mantine/core";
import { IconBulb, IconCompass } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { api, errorMessage, seg } from "../../api";
import { EmptyState } from "../../components/States";
import { typeLabel } from "../../format";
import { notifySuccess } from "../../notify";
import { keys } from "../../queries";
import type { EngagementPage, TypeAdvice, TypeAdviceInput } from "../../types";

const REQUIRE_OPTIONS = [
  { value: "type2", label: "A Type 2 report" },
  { value: "type1", label: "A Type 1 report is enough" },
  { value: "any", label: "Either type" },
  { value: "unknown", label: "Not sure yet" },
];

/** Type 1 or Type 2: four questions, and the advice with its reasons. */
export function AdvisorTab({ page }: { page: EngagementPage }) {
  const queryClient = useQueryClient();
  const id = page.engagement.id;
  const [customersRequire, setCustomersRequire] = useState<TypeAdviceInput["customersRequire"]>("unknown");
  const [operating, setOperating] = useState<number | string>(6);
  const [firstReport, setFirstReport] = useState(page.engagement.firstReport);
  const [deadline, setDeadline] = useState<number | string>("");

  const advise = useMutation({
    mutationFn: () => {
      const body: TypeAdviceInput = {
        customersRequire,
        controlsOperatingMonths: typeof operating === "number" ? operating : 0,
        firstReport,
        ...(typeof deadline === "number" ? { deadlineMonths: deadline } : {}),
      };
      return api.post<TypeAdvice | { advice: TypeAdvice }>("/api/scoping/advice", body);
    },
    meta: { quiet: true },
  });
  const apply = useMutation({
    mutationFn: (type: string) => api.patch(`/api/engagements/${seg(id)}/scope`, { type }),
    meta: { errorTitle: "Type not changed" },
    onSuccess: (_r, type) => {
      notifySuccess(
        `The engagement is now a ${typeLabel(type)} engagement. Check its dates on the Scope tab.`,
        "Scope updated",
      );
      void queryClient.invalidateQueries({ queryKey: keys.engagement(id) });
    },
  });

  const advice: TypeAdvice | undefined = advise.data
    ? "advice" in advise.data
      ? advise.data.advice
      : advise.data
    : undefined;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    advise.mutate();
  };

  return (
    <Grid gutter="lg">
      <Grid.Col span={{ base: 12, md: 5 }}>
        <Card padding="lg">
          <form onSubmit={submit} data-testid="advisor-form">
            <Stack gap="md">
              <Title order={3}>Type 1 or Type 2?</Title>
              <Select
                label="What do your customers require?"
                data={REQUIRE_OPTIONS}
                value={customersRequire}
                onChange={(v) => setCustomersRequire((v ?? "unknown") as TypeAdviceInput["customersRequire"])}
                allowDeselect={false}
              />
              <NumberInput
                label="How long have the controls operated?"
                description="Months of operation with evidence kept"
                suffix=" months"
                value={operating}
                onChange={setOperating}
                min={0}
                max={120}
                allowDecimal={false}
                allowNegative={false}
                required
              />
              <Checkbox
                label="This is the first SOC 2 report"
                checked={firstReport}
                onChange={(e) => setFirstReport(e.currentTarget.checked)}
              />
              <NumberInput
                label="Deadline"
                description="Months until customers need the report (leave empty if none)"
                suffix=" months"
                value={deadline}
                onChange={setDeadline}
                min={0}
                max={60}
                allowDecimal={false}
                allowNegative={false}
              />
              <Button
                type="submit"
                leftSection={<IconCompass size={16} />}
                loading={advise.isPending}
                data-testid="get-advice"
              >
                Get advice
              </Button>
            </Stack>
          </form>
        </Card>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 7 }}>
        {advise.isError ? (
          <Alert color="red" variant="light" title="No advice" data-testid="advice-error">
            {errorMessage(advise.error)}
          </Alert>
        ) : advice ? (
          <Card padding="lg" data-testid="type-advice">
            <Stack gap="md">
              <Group gap="sm">
                <ThemeIcon size={36} radius="md" variant="light">
                  <IconBulb size={20} />
                </ThemeIcon>
                <div>
                  <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
                    Recommended
                  </Text>
                  <Group gap="xs">
                    <Title order={2} data-testid="advice-type">
                      {typeLabel(advice.recommended)}
                    </Title>
                    {advice.suggestedPeriodMonths ? (
                      <Badge variant="light" size="lg">
                        {advice.suggestedPeriodMonths}-month period
                      </Badge>
                    ) : null}
                  </Group>
                </div>
              </Group>
              <List spacing="xs" size="sm" data-testid="advice-reasons">
                {advice.reasons.map((r) => (
                  <List.Item key={r}>{r}</List.Item>
                ))}
              </List>
              {page.permissions.canEditScope && advice.recommended !== page.engagement.type ? (
                <Group>
                  <Button
                    variant="light"
                    loading={apply.isPending}
                    onClick={() => apply.mutate(advice.recommended)}
                  >
                    Make this a {typeLabel(advice.recommended)} engagement
                  </Button>
                </Group>
              ) : advice.recommended === page.engagement.type ? (
                <Text size="sm" c="dimmed">
                  This engagement is already a {typeLabel(advice.recommended)} engagement.
                </Text>
              ) : null}
            </Stack>
          </Card>
        ) : (
          <EmptyState icon={<IconCompass size={22} />} title="Answer four questions">
            The advice weighs what customers require, how long controls have run, whether this is the first
            report and any deadline.
          </EmptyState>
        )}
      </Grid.Col>
    </Grid>
  );
}
