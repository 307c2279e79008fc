/** Record or edit an incident's facts, in a modal: what happened, when, how bad, whose data, who owns it. */
import {
  Alert,
  Button,
  Checkbox,
  Group,
  Modal,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  TagsInput,
  Text,
  Textarea,
  TextInput,
} from "@mantine/core";
import { useState } from "react";
import { api, errorMessage, seg } from "../../api";
import { notifySuccess } from "../../notify";
import {
  CLASSIFICATIONS,
  capitalise,
  fromLocalInput,
  type Incident,
  type IncidentDetail,
  JURISDICTIONS,
  type Person,
  SEVERITIES,
  STATUSES,
  toLocalInput,
  useIncidentMutation,
} from "./incident-api";

interface FormState {
  title: string;
  summary: string;
  detectedAt: string;
  awareAt: string;
  reportedBy: string;
  classification: string;
  severity: string;
  affectedSystems: string[];
  dataCategories: string[];
  personalData: boolean;
  principalsCount: number | string;
  jurisdictions: string[];
  certInReportable: boolean;
  regulators: string[];
  ownerUserId: string | null;
  status: string;
}

const initial = (i: Incident | undefined, userId: string, regulators: string[]): FormState => {
  const now = toLocalInput(new Date().toISOString());
  return {
    title: i?.title ?? "",
    summary: i?.summary ?? "",
    detectedAt: i ? toLocalInput(i.detectedAt) : now,
    awareAt: i ? toLocalInput(i.awareAt) : now,
    reportedBy: i?.reportedBy ?? "",
    classification: i?.classification ?? "incident",
    severity: i?.severity ?? "SEV3",
    affectedSystems: i?.affectedSystems ?? [],
    dataCategories: i?.dataCategories ?? [],
    personalData: i?.personalData ?? false,
    principalsCount: i?.principalsCount ?? "",
    jurisdictions: i?.jurisdictions ?? ["india"],
    certInReportable: i?.certInReportable ?? true,
    regulators: i?.regulators ?? regulators,
    ownerUserId: i?.owner?.id ?? userId,
    status: i?.status ?? "open",
  };
};

export function IncidentForm({
  orgId,
  incident,
  people,
  userId,
  definitions,
  onClose,
  onSaved,
}: {
  orgId: string;
  incident?: Incident;
  people: Person[];
  userId: string;
  definitions: {
    severities: Record<string, string>;
    classifications: Record<string, string>;
    regulatorsSuggested: string[];
  };
  onClose: () => void;
  onSaved?: (id: string) => void;
}) {
  const [f, setF] = useState<FormState>(() => initial(incident, userId, definitions.regulatorsSuggested));
  const set = <K extends keyof FormState>(k: K, v: FormState[K]) => setF((s) => ({ ...s, [k]: v }));
  const body = () => ({
    title: f.title,
    summary: f.summary,
    detectedAt: fromLocalInput(f.detectedAt),
    awareAt: fromLocalInput(f.awareAt),
    reportedBy: f.reportedBy,
    classification: f.classification,
    severity: f.severity,
    affectedSystems: f.affectedSystems,
    dataCategories: f.dataCategories,
    personalData: f.personalData,
    principalsCount: f.personalData && f.principalsCount !== "" ? Number(f.principalsCount) : null,
    jurisdictions: f.personalData ? f.jurisdictions : [],
    certInReportable: f.certInReportable,
    regulators: f.regulators,
    ownerUserId: f.ownerUserId,
    ...(incident && incident.status !== f.status ? { status: f.status } : {}),
  });
  const save = useIncidentMutation(() =>
    incident
      ? api.patch<IncidentDetail>(`/api/incidents/${seg(incident.id)}`, body())
      : api.post<IncidentDetail>(`/api/organizations/${seg(orgId)}/incidents`, body()),
  );
  const submit = () =>
    save.mutate(undefined, {
      onSuccess: (res) => {
        notifySuccess(incident ? "Incident updated." : `Incident ${res.incident.ref} recorded.`);
        onSaved?.(res.incident.id);
        onClose();
      },
    });
  return (
    <Modal
      opened
      onClose={onClose}
      title={incident ? `Edit ${incident.ref}` : "Record an incident"}
      size="xl"
    >
      <Stack gap="sm" data-testid="incident-form">
        <TextInput
          label="Title"
          required
          value={f.title}
          onChange={(e) => set("title", e.currentTarget.value)}
          data-testid="incident-title"
        />
        <Textarea
          label="What happened"
          autosize
          minRows={2}
          value={f.summary}
          onChange={(e) => set("summary", e.currentTarget.value)}
        />
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <TextInput
            type="datetime-local"
            label="Detected at"
            value={f.detectedAt}
            onChange={(e) => set("detectedAt", e.currentTarget.value)}
            data-testid="incident-detected"
          />
          <TextInput
            type="datetime-local"
            label="Became aware at"
            description="Notification clocks count from here"
            inputWrapperOrder={["label", "input", "description", "error"]}
            value={f.awareAt}
            onChange={(e) => set("awareAt", e.currentTarget.value)}
            data-testid="incident-aware"
          />
          <TextInput
            label="Reported by"
            required
            value={f.reportedBy}
            onChange={(e) => set("reportedBy", e.currentTarget.value)}
            data-testid="incident-reported-by"
          />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <Select
            label="Classification"
            data={CLASSIFICATIONS.map((c) => ({ value: c, label: capitalise(c) }))}
            value={f.classification}
            onChange={(v) => {
              if (!v) return;
              set("classification", v);
              if (v === "event") set("certInReportable", false);
            }}
            description={definitions.classifications[f.classification]}
            inputWrapperOrder={["label", "input", "description", "error"]}
            allowDeselect={false}
            data-testid="incident-classification"
          />
          <Select
            label="Severity"
            data={SEVERITIES.map((s) => ({ value: s, label: s }))}
            value={f.severity}
            onChange={(v) => v && set("severity", v)}
            description={definitions.severities[f.severity]}
            inputWrapperOrder={["label", "input", "description", "error"]}
            allowDeselect={false}
            data-testid="incident-severity"
          />
          <Select
            label="Owner"
            data={people.map((p) => ({ value: p.id, label: p.name }))}
            value={f.ownerUserId}
            onChange={(v) => set("ownerUserId", v)}
            allowDeselect={false}
          />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TagsInput
            label="Affected systems"
            value={f.affectedSystems}
            onChange={(v) => set("affectedSystems", v)}
          />
          <TagsInput
            label="Affected data categories"
            value={f.dataCategories}
            onChange={(v) => set("dataCategories", v)}
          />
        </SimpleGrid>
        <Switch
          label="Personal data involved"
          checked={f.personalData}
          onChange={(e) => set("personalData", e.currentTarget.checked)}
          data-testid="incident-personal-data"
        />
        {f.personalData ? (
          <Group align="flex-end" gap="lg">
            <NumberInput
              label="Approximate number of people affected"
              min={0}
              value={f.principalsCount}
              onChange={(v) => set("principalsCount", v)}
              w={260}
              data-testid="incident-principals"
            />
            <Checkbox.Group
              label="Whose data"
              value={f.jurisdictions}
              onChange={(v) => set("jurisdictions", v)}
            >
              <Group gap="md" mt={6}>
                {JURISDICTIONS.map((j) => (
                  <Checkbox
                    key={j.value}
                    value={j.value}
                    label={j.label}
                    data-testid={`jurisdiction-${j.value}`}
                  />
                ))}
              </Group>
            </Checkbox.Group>
          </Group>
        ) : null}
        <Group align="flex-end" gap="lg">
          <Switch
            label="Reportable cyber incident under the CERT-In Directions (6 hours)"
            checked={f.certInReportable}
            onChange={(e) => set("certInReportable", e.currentTarget.checked)}
            data-testid="incident-cert-in"
          />
          <TagsInput
            label="Regulators"
            description="From the organization's profile; no built-in deadline"
            value={f.regulators}
            onChange={(v) => set("regulators", v)}
            w={280}
          />
        </Group>
        {incident ? (
          <Select
            label="Status"
            data={STATUSES.filter((s) => s !== "closed").map((s) => ({ value: s, label: capitalise(s) }))}
            value={f.status}
            onChange={(v) => v && set("status", v)}
            allowDeselect={false}
            w={220}
            data-testid="incident-status"
          />
        ) : null}
        <Text size="xs" c="dimmed">
          A personal data breach of people in India starts the DPDP clocks; of people in the EU/EEA, the GDPR
          clock.
        </Text>
        {save.isError ? <Alert color="red">{errorMessage(save.error)}</Alert> : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button
            onClick={submit}
            loading={save.isPending}
            disabled={!f.title.trim() || !f.reportedBy.trim()}
            data-testid="incident-save"
          >
            {incident ? "Save" : "Record incident"}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
