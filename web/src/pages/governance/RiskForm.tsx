/** Add or edit a risk, in a modal: description, ratings, treatment (with its own fields), owner, review date. */
import {
  Alert,
  Button,
  Checkbox,
  Divider,
  Group,
  Modal,
  MultiSelect,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
} from "@mantine/core";
import { useState } from "react";
import { api, errorMessage, seg } from "../../api";
import { notifySuccess } from "../../notify";
import { useControls } from "../../queries";
import {
  BAND_COLORS,
  BAND_LABELS,
  bandOfScore,
  CATEGORIES,
  capitalise,
  IMPACT,
  LIKELIHOOD,
  type Person,
  type Risk,
  type RiskDetail,
  TREATMENT_LABELS,
  TREATMENTS,
  useRiskMutation,
} from "./risk-api";

interface FormState {
  title: string;
  description: string;
  asset: string;
  category: string;
  threat: string;
  vulnerability: string;
  likelihood: string;
  impact: string;
  residualLikelihood: string;
  residualImpact: string;
  treatment: string;
  treatmentPlan: string;
  controlIds: string[];
  transferTo: string;
  acceptApproverUserId: string | null;
  acceptExpiresOn: string;
  ownerUserId: string | null;
  reviewDate: string;
  fraud: boolean;
}

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

const initial = (risk: Risk | undefined, userId: string): FormState => ({
  title: risk?.title ?? "",
  description: risk?.description ?? "",
  asset: risk?.asset ?? "",
  category: risk?.category ?? "operational",
  threat: risk?.threat ?? "",
  vulnerability: risk?.vulnerability ?? "",
  likelihood: String(risk?.likelihood ?? 3),
  impact: String(risk?.impact ?? 3),
  residualLikelihood: String(risk?.residualLikelihood ?? 2),
  residualImpact: String(risk?.residualImpact ?? 3),
  treatment: risk?.treatment ?? "mitigate",
  treatmentPlan: risk?.treatmentPlan ?? "",
  controlIds: risk?.controls.map((c) => c.id) ?? [],
  transferTo: risk?.transferTo ?? "",
  acceptApproverUserId: risk?.acceptance?.approver?.id ?? null,
  acceptExpiresOn: risk?.acceptance?.expiresOn ?? inDays(180),
  ownerUserId: risk?.owner.id ?? userId,
  reviewDate: risk?.reviewDate ?? inDays(90),
  fraud: risk?.fraud ?? false,
});

const scaleData = (labels: string[]) =>
  labels.map((l, i) => ({ value: String(i + 1), label: `${i + 1} · ${l}` }));

function RatingPreview({ l, i, label }: { l: string; i: string; label: string }) {
  const score = Number(l) * Number(i);
  const band = bandOfScore(score);
  return (
    <Text size="sm" data-testid={`preview-${label.toLowerCase()}`}>
      {label} rating:{" "}
      <Text span fw={700} c={`${BAND_COLORS[band]}.7`}>
        {BAND_LABELS[band]} ({score})
      </Text>
    </Text>
  );
}

export function RiskForm({
  orgId,
  opened,
  onClose,
  risk,
  people,
  userId,
  onSaved,
}: {
  orgId: string;
  opened: boolean;
  onClose: () => void;
  risk?: Risk;
  people: Person[];
  userId: string;
  onSaved?: (id: string) => void;
}) {
  const [f, setF] = useState<FormState>(() => initial(risk, userId));
  const controls = useControls(orgId);
  const set = <K extends keyof FormState>(key: K, value: FormState[K]) =>
    setF((s) => ({ ...s, [key]: value }));
  const save = useRiskMutation(orgId, () => {
    const body = {
      title: f.title,
      description: f.description,
      asset: f.asset,
      category: f.category,
      threat: f.threat,
      vulnerability: f.vulnerability,
      likelihood: Number(f.likelihood),
      impact: Number(f.impact),
      residualLikelihood: Number(f.residualLikelihood),
      residualImpact: Number(f.residualImpact),
      treatment: f.treatment,
      treatmentPlan: f.treatmentPlan,
      controlIds: f.controlIds,
      transferTo: f.treatment === "transfer" ? f.transferTo : null,
      acceptApproverUserId: f.treatment === "accept" ? f.acceptApproverUserId : null,
      acceptExpiresOn: f.treatment === "accept" ? f.acceptExpiresOn : null,
      ownerUserId: f.ownerUserId ?? "",
      reviewDate: f.reviewDate,
      fraud: f.fraud,
    };
    return risk
      ? api.patch<RiskDetail>(`/api/risks/${seg(risk.id)}`, body)
      : api.post<RiskDetail>(`/api/organizations/${seg(orgId)}/risks`, body);
  });
  const submit = () =>
    save.mutate(undefined, {
      onSuccess: (res) => {
        notifySuccess(`${res.risk.ref} ${risk ? "saved" : "added to the register"}.`);
        onSaved?.(res.risk.id);
        onClose();
      },
    });
  const people_ = people.map((p) => ({ value: p.id, label: `${p.name} (${p.email})` }));
  const approvers = people
    .filter((p) => p.canApprove && p.id !== f.ownerUserId)
    .map((p) => ({ value: p.id, label: p.name }));
  return (
    <Modal opened={opened} onClose={onClose} size="xl" title={risk ? `Edit ${risk.ref}` : "Add a risk"}>
      <Stack gap="sm" data-testid="risk-form">
        <TextInput
          label="Risk"
          required
          value={f.title}
          onChange={(e) => set("title", e.currentTarget.value)}
          data-testid="risk-title"
        />
        <Textarea
          label="Description"
          autosize
          minRows={2}
          value={f.description}
          onChange={(e) => set("description", e.currentTarget.value)}
        />
        <SimpleGrid cols={2}>
          <TextInput
            label="Asset or process"
            required
            value={f.asset}
            onChange={(e) => set("asset", e.currentTarget.value)}
            data-testid="risk-asset"
          />
          <Select
            label="Category"
            data={CATEGORIES.map((c) => ({ value: c, label: capitalise(c) }))}
            value={f.category}
            onChange={(v) => {
              set("category", v ?? "operational");
              if (v === "fraud") set("fraud", true);
            }}
            allowDeselect={false}
            data-testid="risk-category"
          />
          <Textarea
            label="Threat"
            required
            autosize
            value={f.threat}
            onChange={(e) => set("threat", e.currentTarget.value)}
            data-testid="risk-threat"
          />
          <Textarea
            label="Vulnerability"
            required
            autosize
            value={f.vulnerability}
            onChange={(e) => set("vulnerability", e.currentTarget.value)}
            data-testid="risk-vulnerability"
          />
        </SimpleGrid>
        <Checkbox
          label="Fraud risk (considered for CC3.3)"
          checked={f.fraud}
          onChange={(e) => set("fraud", e.currentTarget.checked)}
        />
        <Divider label="Ratings (1–5)" labelPosition="left" />
        <SimpleGrid cols={4}>
          <Select
            label="Likelihood"
            data={scaleData(LIKELIHOOD)}
            value={f.likelihood}
            onChange={(v) => set("likelihood", v ?? "3")}
            allowDeselect={false}
            data-testid="risk-likelihood"
          />
          <Select
            label="Impact"
            data={scaleData(IMPACT)}
            value={f.impact}
            onChange={(v) => set("impact", v ?? "3")}
            allowDeselect={false}
            data-testid="risk-impact"
          />
          <Select
            label="Residual likelihood"
            data={scaleData(LIKELIHOOD)}
            value={f.residualLikelihood}
            onChange={(v) => set("residualLikelihood", v ?? "2")}
            allowDeselect={false}
            data-testid="risk-residual-likelihood"
          />
          <Select
            label="Residual impact"
            data={scaleData(IMPACT)}
            value={f.residualImpact}
            onChange={(v) => set("residualImpact", v ?? "3")}
            allowDeselect={false}
            data-testid="risk-residual-impact"
          />
        </SimpleGrid>
        <Group gap="xl">
          <RatingPreview l={f.likelihood} i={f.impact} label="Inherent" />
          <RatingPreview l={f.residualLikelihood} i={f.residualImpact} label="Residual" />
        </Group>
        <Divider label="Treatment" labelPosition="left" />
        <SimpleGrid cols={2}>
          <Select
            label="Treatment"
            data={TREATMENTS.map((t) => ({ value: t, label: TREATMENT_LABELS[t] ?? t }))}
            value={f.treatment}
            onChange={(v) => set("treatment", v ?? "mitigate")}
            allowDeselect={false}
            data-testid="risk-treatment"
          />
          <MultiSelect
            label={f.treatment === "mitigate" ? "Mitigating controls" : "Related controls"}
            required={f.treatment === "mitigate"}
            searchable
            data={(controls.data ?? []).map((c) => ({ value: c.id, label: `${c.code} · ${c.title}` }))}
            value={f.controlIds}
            onChange={(v) => set("controlIds", v)}
            placeholder={controls.isPending ? "Loading controls…" : "Pick controls"}
            data-testid="risk-controls"
          />
        </SimpleGrid>
        {f.treatment === "transfer" ? (
          <TextInput
            label="Transferred to"
            required
            placeholder="e.g. cyber insurer, payment partner"
            value={f.transferTo}
            onChange={(e) => set("transferTo", e.currentTarget.value)}
            data-testid="risk-transfer-to"
          />
        ) : null}
        {f.treatment === "accept" ? (
          <SimpleGrid cols={2}>
            <Select
              label="Approver (organization admin, not the owner)"
              required
              data={approvers}
              value={f.acceptApproverUserId}
              onChange={(v) => set("acceptApproverUserId", v)}
              data-testid="risk-approver"
            />
            <TextInput
              type="date"
              label="Acceptance expires"
              required
              value={f.acceptExpiresOn}
              onChange={(e) => set("acceptExpiresOn", e.currentTarget.value)}
              data-testid="risk-accept-expiry"
            />
          </SimpleGrid>
        ) : null}
        <Textarea
          label="Treatment plan"
          autosize
          minRows={2}
          value={f.treatmentPlan}
          onChange={(e) => set("treatmentPlan", e.currentTarget.value)}
        />
        <SimpleGrid cols={2}>
          <Select
            label="Owner"
            required
            data={people_}
            value={f.ownerUserId}
            onChange={(v) => set("ownerUserId", v)}
            allowDeselect={false}
            data-testid="risk-owner"
          />
          <TextInput
            type="date"
            label="Next review"
            required
            value={f.reviewDate}
            onChange={(e) => set("reviewDate", e.currentTarget.value)}
            data-testid="risk-review-date"
          />
        </SimpleGrid>
        {save.isError ? (
          <Alert color="red" data-testid="risk-form-error">
            {errorMessage(save.error)}
          </Alert>
        ) : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button onClick={submit} loading={save.isPending} data-testid="risk-save">
            {risk ? "Save" : "Add risk"}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
