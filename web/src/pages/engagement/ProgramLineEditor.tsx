/**
 * Editing one line of a draft audit program: test procedures (inquiry alone is refused by the
 * server, AT-C 205), attributes, population source and the sample-size rule.
 */
import {
  ActionIcon,
  Alert,
  Button,
  Group,
  NumberInput,
  SegmentedControl,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from "@mantine/core";
import { IconPlus, IconTrash } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { api, errorMessage, seg } from "../../api";
import { fwKeys } from "../../fieldwork-queries";
import type { Attribute, Procedure, ProgramLine, SampleRule } from "../../fieldwork-types";
import { FREQUENCY_LABELS } from "../../format";
import { notifySuccess } from "../../notify";
import { METHOD_OPTIONS } from "./FieldworkBadges";

const FREQUENCY_OPTIONS = [
  "annual",
  "quarterly",
  "monthly",
  "weekly",
  "daily",
  "multiple-daily",
  "event",
].map((value) => ({ value, label: FREQUENCY_LABELS[value] ?? value }));

const RULE_KINDS = [
  { value: "frequency", label: "By frequency" },
  { value: "statistical", label: "Statistical" },
  { value: "census", label: "Whole population" },
  { value: "test-of-one", label: "Test of one" },
  { value: "design", label: "Design only" },
];

/** A readable sentence for a sample rule. */
export const ruleText = (rule: SampleRule | null | undefined): string => {
  if (!rule) return "No rule";
  switch (rule.kind) {
    case "frequency":
      return `${FREQUENCY_LABELS[rule.frequency] ?? rule.frequency}, ${rule.risk ?? "low"} risk${rule.priorDeviation ? ", prior deviation" : ""}`;
    case "statistical":
      return `Statistical, ${rule.confidence} % confidence, tolerable ${rule.tolerable} %, expected ${rule.expected} %`;
    case "census":
      return "Whole population (census)";
    case "test-of-one":
      return "Test of one (automated, ITGCs effective)";
    case "design":
      return "Design walkthrough (Type 1)";
    default:
      return "Custom rule";
  }
};

const nextAttributeId = (attrs: Attribute[]): string => {
  let n = attrs.length + 1;
  while (attrs.some((a) => a.id === `A${n}`)) n++;
  return `A${n}`;
};

export function ProgramLineEditor({
  engagementId,
  line,
  onClose,
}: {
  engagementId: string;
  line: ProgramLine;
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  const [procedures, setProcedures] = useState<Procedure[]>(line.procedures);
  const [attributes, setAttributes] = useState<Attribute[]>(line.attributes);
  const [populationSource, setPopulationSource] = useState(line.populationSource ?? "");
  const [rule, setRule] = useState<SampleRule>(line.sampleRule ?? { kind: "census" });
  const save = useMutation({
    mutationFn: () =>
      api.patch(`/api/engagements/${seg(engagementId)}/audit-program/lines/${seg(line.id)}`, {
        procedures: procedures.map((p) => ({ method: p.method, description: p.description.trim() })),
        attributes: attributes.map((a) => ({ id: a.id.trim(), text: a.text.trim() })),
        populationSource: populationSource.trim(),
        sampleRule: rule,
        ...(line.etag ? { ifMatch: line.etag } : {}),
      }),
    meta: { quiet: true },
    onSuccess: () => {
      notifySuccess(`${line.code} was updated.`, "Program line saved");
      void queryClient.invalidateQueries({ queryKey: fwKeys.program(engagementId) });
      onClose();
    },
  });
  const setProc = (i: number, patch: Partial<Procedure>) =>
    setProcedures((ps) => ps.map((p, j) => (j === i ? { ...p, ...patch } : p)));
  const setAttr = (i: number, patch: Partial<Attribute>) =>
    setAttributes((as) => as.map((a, j) => (j === i ? { ...a, ...patch } : a)));
  const setRuleKind = (kind: string) => {
    if (kind === "frequency") setRule({ kind, frequency: line.frequency || "event", risk: "low" });
    else if (kind === "statistical") setRule({ kind, confidence: 95, tolerable: 10, expected: 0 });
    else setRule({ kind } as SampleRule);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  const onlyInquiry = procedures.length > 0 && procedures.every((p) => p.method === "inquiry");

  return (
    <form onSubmit={submit} data-testid="program-line-editor">
      <Stack gap="md">
        <Stack gap="xs">
          <Title order={4}>Test procedures</Title>
          {procedures.map((p, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: procedures have no id; position is the identity
            <Group key={i} align="flex-start" gap="xs" wrap="nowrap">
              <Select
                aria-label={`Method of procedure ${i + 1}`}
                data={METHOD_OPTIONS}
                value={p.method}
                onChange={(v) => v && setProc(i, { method: v })}
                allowDeselect={false}
                w={160}
                comboboxProps={{ withinPortal: true }}
              />
              <Textarea
                aria-label={`Procedure ${i + 1}`}
                value={p.description}
                onChange={(e) => setProc(i, { description: e.currentTarget.value })}
                autosize
                minRows={1}
                style={{ flex: 1 }}
              />
              <ActionIcon
                variant="subtle"
                color="red"
                aria-label={`Remove procedure ${i + 1}`}
                onClick={() => setProcedures((ps) => ps.filter((_, j) => j !== i))}
                mt={4}
              >
                <IconTrash size={16} />
              </ActionIcon>
            </Group>
          ))}
          <Group>
            <Button
              size="xs"
              variant="default"
              leftSection={<IconPlus size={14} />}
              onClick={() => setProcedures((ps) => [...ps, { method: "inspection", description: "" }])}
            >
              Add procedure
            </Button>
          </Group>
          {onlyInquiry ? (
            <Text size="xs" c="red.7">
              Inquiry alone is never sufficient (AT-C 205): add an inspection, observation or re-performance.
            </Text>
          ) : null}
        </Stack>

        <Stack gap="xs">
          <Title order={4}>Attributes tested on each item</Title>
          {attributes.map((a, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: the id itself is editable
            <Group key={i} align="flex-start" gap="xs" wrap="nowrap">
              <TextInput
                aria-label={`Id of attribute ${i + 1}`}
                value={a.id}
                onChange={(e) => setAttr(i, { id: e.currentTarget.value })}
                w={70}
              />
              <Textarea
                aria-label={`Attribute ${i + 1}`}
                value={a.text}
                onChange={(e) => setAttr(i, { text: e.currentTarget.value })}
                autosize
                minRows={1}
                style={{ flex: 1 }}
              />
              <ActionIcon
                variant="subtle"
                color="red"
                aria-label={`Remove attribute ${a.id}`}
                onClick={() => setAttributes((as) => as.filter((_, j) => j !== i))}
                mt={4}
              >
                <IconTrash size={16} />
              </ActionIcon>
            </Group>
          ))}
          <Group>
            <Button
              size="xs"
              variant="default"
              leftSection={<IconPlus size={14} />}
              onClick={() => setAttributes((as) => [...as, { id: nextAttributeId(as), text: "" }])}
            >
              Add attribute
            </Button>
          </Group>
        </Stack>

        <Textarea
          label="Population source"
          description="The system, report or query the population comes from"
          value={populationSource}
          onChange={(e) => setPopulationSource(e.currentTarget.value)}
          autosize
          minRows={2}
        />

        <Stack gap="xs">
          <Title order={4}>Sample size rule</Title>
          <SegmentedControl value={rule.kind} onChange={setRuleKind} data={RULE_KINDS} fullWidth />
          {rule.kind === "frequency" ? (
            <Group grow>
              <Select
                label="Frequency"
                data={FREQUENCY_OPTIONS}
                value={rule.frequency}
                onChange={(v) => v && setRule({ ...rule, frequency: v })}
                allowDeselect={false}
                comboboxProps={{ withinPortal: true }}
              />
              <Select
                label="Risk"
                data={[
                  { value: "low", label: "Low" },
                  { value: "high", label: "High (next larger size)" },
                ]}
                value={rule.risk ?? "low"}
                onChange={(v) => setRule({ ...rule, risk: v === "high" ? "high" : "low" })}
                allowDeselect={false}
                comboboxProps={{ withinPortal: true }}
              />
            </Group>
          ) : rule.kind === "statistical" ? (
            <Group grow>
              <Select
                label="Confidence"
                data={[
                  { value: "90", label: "90 %" },
                  { value: "95", label: "95 %" },
                ]}
                value={String(rule.confidence)}
                onChange={(v) => setRule({ ...rule, confidence: v === "90" ? 90 : 95 })}
                allowDeselect={false}
                comboboxProps={{ withinPortal: true }}
              />
              <NumberInput
                label="Tolerable rate (%)"
                value={rule.tolerable}
                onChange={(v) => setRule({ ...rule, tolerable: Number(v) || 0 })}
                min={0.1}
                max={50}
                decimalScale={2}
              />
              <NumberInput
                label="Expected rate (%)"
                value={rule.expected}
                onChange={(v) => setRule({ ...rule, expected: Number(v) || 0 })}
                min={0}
                max={49.9}
                decimalScale={2}
              />
            </Group>
          ) : null}
        </Stack>

        {save.isError ? (
          <Alert color="red" variant="light" title="Not saved" data-testid="line-error">
            {errorMessage(save.error)}
          </Alert>
        ) : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={save.isPending} data-testid="line-save">
            Save line
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
