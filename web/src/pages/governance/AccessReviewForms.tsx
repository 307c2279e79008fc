/** The modals of the access review pages: new campaign, add system, import accounts, decide, close a revocation. */
import {
  Alert,
  Button,
  FileInput,
  Group,
  Modal,
  SegmentedControl,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
} from "@mantine/core";
import { IconPlus, IconTrash } from "@tabler/icons-react";
import { useState } from "react";
import { useNavigate } from "react-router-dom";
import { errorMessage } from "../../api";
import {
  type AccountFormat,
  type CampaignDetail,
  DECISION_LABELS,
  type Decision,
  type Entry,
  FORMAT_LABELS,
  type Person,
  reviewApi,
  SCHEDULE_LABELS,
  type Schedule,
  type Task,
  useCampaignMutation,
  useCreateCampaign,
} from "./access-review-api";

const peopleOptions = (people: Person[]) =>
  people.map((p) => ({
    value: p.id,
    label: `${p.name} (${p.role === "org_admin" ? "admin" : "control owner"})`,
  }));

function FormError({ error }: { error: unknown }) {
  if (!error) return null;
  return (
    <Alert color="red" data-testid="form-error">
      {errorMessage(error)}
    </Alert>
  );
}

export function NewCampaignModal({
  orgId,
  people,
  nextDue,
  onClose,
}: {
  orgId: string;
  people: Person[];
  nextDue: string | null;
  onClose: () => void;
}) {
  const navigate = useNavigate();
  const create = useCreateCampaign(orgId);
  const [name, setName] = useState("");
  const [dueDate, setDueDate] = useState(nextDue ?? "");
  const [schedule, setSchedule] = useState<Schedule>("quarterly");
  const [rowKey, setRowKey] = useState(1);
  const [systems, setSystems] = useState<{ key: number; name: string; ownerUserId: string | null }[]>([
    { key: 0, name: "", ownerUserId: null },
  ]);
  const ready =
    name.trim() &&
    /^\d{4}-\d{2}-\d{2}$/.test(dueDate) &&
    systems.every((s) => s.name.trim() && s.ownerUserId);
  const submit = () =>
    create.mutate(
      {
        name,
        dueDate,
        schedule,
        systems: systems.map((s) => ({ name: s.name, ownerUserId: s.ownerUserId ?? "" })),
      },
      { onSuccess: (d) => navigate(`/access-reviews/${d.campaign.id}`) },
    );
  return (
    <Modal opened onClose={onClose} title="New access review campaign" size="lg">
      <Stack gap="sm">
        <TextInput
          label="Name"
          placeholder="Q4 FY 2026-27 user access review"
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          data-testid="campaign-name"
          required
        />
        <Group grow>
          <TextInput
            label="Due date"
            placeholder="YYYY-MM-DD"
            value={dueDate}
            onChange={(e) => setDueDate(e.currentTarget.value)}
            data-testid="campaign-due"
            required
          />
          <Select
            label="Schedule"
            data={(Object.keys(SCHEDULE_LABELS) as Schedule[]).map((s) => ({
              value: s,
              label: SCHEDULE_LABELS[s],
            }))}
            value={schedule}
            onChange={(v) => setSchedule((v as Schedule) ?? "quarterly")}
            allowDeselect={false}
          />
        </Group>
        <Text size="sm" fw={500}>
          Systems in scope
        </Text>
        {systems.map((s, i) => (
          <Group key={s.key} align="flex-end" wrap="nowrap">
            <TextInput
              label={i === 0 ? "System" : undefined}
              placeholder="AWS production"
              value={s.name}
              onChange={(e) => {
                const value = e.currentTarget.value;
                setSystems((list) => list.map((x, j) => (j === i ? { ...x, name: value } : x)));
              }}
              style={{ flex: 1 }}
              data-testid="system-name"
            />
            <Select
              label={i === 0 ? "Owner" : undefined}
              placeholder="Who owns it"
              data={peopleOptions(people)}
              value={s.ownerUserId}
              onChange={(v) =>
                setSystems((list) => list.map((x, j) => (j === i ? { ...x, ownerUserId: v } : x)))
              }
              w={240}
              data-testid="system-owner"
            />
            <Button
              variant="subtle"
              color="gray"
              disabled={systems.length === 1}
              onClick={() => setSystems((l) => l.filter((_, j) => j !== i))}
              aria-label="Remove system"
            >
              <IconTrash size={16} />
            </Button>
          </Group>
        ))}
        <Group>
          <Button
            variant="default"
            size="xs"
            leftSection={<IconPlus size={14} />}
            onClick={() => {
              setSystems((l) => [...l, { key: rowKey, name: "", ownerUserId: null }]);
              setRowKey((k) => k + 1);
            }}
          >
            Another system
          </Button>
        </Group>
        <FormError error={create.error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button onClick={submit} disabled={!ready} loading={create.isPending} data-testid="create-campaign">
            Create draft
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

export function AddSystemModal({ detail, onClose }: { detail: CampaignDetail; onClose: () => void }) {
  const [name, setName] = useState("");
  const [owner, setOwner] = useState<string | null>(null);
  const m = useCampaignMutation(detail.campaign.id, () =>
    reviewApi.addSystem(detail.campaign.id, { name, ownerUserId: owner ?? "" }),
  );
  return (
    <Modal opened onClose={onClose} title="Add a system">
      <Stack gap="sm">
        <TextInput
          label="System"
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          data-testid="add-system-name"
        />
        <Select
          label="Owner"
          data={peopleOptions(detail.people)}
          value={owner}
          onChange={setOwner}
          data-testid="add-system-owner"
        />
        <FormError error={m.error} />
        <Group justify="flex-end">
          <Button
            onClick={() => m.mutate(undefined, { onSuccess: onClose })}
            disabled={!name.trim() || !owner}
            loading={m.isPending}
          >
            Add
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

export function ImportModal({
  campaignId,
  system,
  onClose,
}: {
  campaignId: string;
  system: { id: string; name: string };
  onClose: () => void;
}) {
  const [format, setFormat] = useState<AccountFormat>("csv");
  const [file, setFile] = useState<File | null>(null);
  const [result, setResult] = useState<string | null>(null);
  const m = useCampaignMutation(campaignId, async () => {
    const content = file ? await file.text() : "";
    const out = await reviewApi.importAccounts(system.id, { format, content });
    setResult(`${out.added} account${out.added === 1 ? "" : "s"} added, ${out.skipped} already listed.`);
    return out.campaign;
  });
  return (
    <Modal opened onClose={onClose} title={`Import accounts of ${system.name}`} size="lg">
      <Stack gap="sm">
        <Select
          label="Export format"
          data={(Object.keys(FORMAT_LABELS) as AccountFormat[]).map((f) => ({
            value: f,
            label: FORMAT_LABELS[f],
          }))}
          value={format}
          onChange={(v) => setFormat((v as AccountFormat) ?? "csv")}
          allowDeselect={false}
          data-testid="import-format"
        />
        <FileInput
          label="File"
          placeholder="Choose the export"
          value={file}
          onChange={setFile}
          data-testid="import-file"
          clearable
        />
        <Text size="xs" c="dimmed">
          Each account goes to its manager (from a manager e-mail column, when the manager is an admin or
          control owner here) or else to the system owner. Accounts already in the campaign are left as they
          are.
        </Text>
        <FormError error={m.error} />
        {result ? (
          <Alert color="teal" data-testid="import-result">
            {result}
          </Alert>
        ) : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Close
          </Button>
          <Button
            onClick={() => m.mutate(undefined)}
            disabled={!file}
            loading={m.isPending}
            data-testid="import-submit"
          >
            Import
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

export function DecisionModal({
  campaignId,
  entry,
  initial,
  onClose,
}: {
  campaignId: string;
  entry: Entry;
  initial: Decision;
  onClose: () => void;
}) {
  const [decision, setDecision] = useState<Decision>(initial);
  const [reason, setReason] = useState(entry.reason ?? "");
  const [newAccess, setNewAccess] = useState(entry.newEntitlements.join("; "));
  const m = useCampaignMutation(campaignId, () =>
    reviewApi.decide(campaignId, {
      entryIds: [entry.id],
      decision,
      ...(reason.trim() ? { reason: reason.trim() } : {}),
      ...(decision === "change"
        ? {
            newEntitlements: newAccess
              .split(/[;\n]/)
              .map((s) => s.trim())
              .filter((s) => s),
          }
        : {}),
    }),
  );
  const needsReason = decision !== "keep";
  return (
    <Modal opened onClose={onClose} title={`${entry.account} on ${entry.systemName}`} size="lg">
      <Stack gap="sm">
        <Text size="sm">
          Current access: <b>{entry.entitlements.join(", ")}</b>
        </Text>
        <SegmentedControl
          data={(["keep", "change", "revoke"] as Decision[]).map((d) => ({
            value: d,
            label: DECISION_LABELS[d],
          }))}
          value={decision}
          onChange={(v) => setDecision(v as Decision)}
          data-testid="decision-choice"
        />
        {decision === "change" ? (
          <TextInput
            label="New access (separate with ;)"
            value={newAccess}
            onChange={(e) => setNewAccess(e.currentTarget.value)}
            data-testid="decision-new-access"
          />
        ) : null}
        <Textarea
          label={needsReason ? "Reason (required)" : "Note (optional)"}
          placeholder={
            decision === "revoke" ? "Left the company on 14 November; no longer needs access." : ""
          }
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          autosize
          minRows={2}
          data-testid="decision-reason"
        />
        {decision === "revoke" ? (
          <Text size="xs" c="dimmed">
            A revocation becomes a task for the system owner, who closes it with evidence of removal.
          </Text>
        ) : null}
        <FormError error={m.error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button
            color={decision === "revoke" ? "red" : undefined}
            onClick={() => m.mutate(undefined, { onSuccess: onClose })}
            disabled={needsReason && reason.trim().length < 3}
            loading={m.isPending}
            data-testid="decision-save"
          >
            {DECISION_LABELS[decision]}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

export function CloseTaskModal({
  campaignId,
  task,
  onClose,
}: {
  campaignId: string;
  task: Task;
  onClose: () => void;
}) {
  const [mode, setMode] = useState<"note" | "evidence">("note");
  const [note, setNote] = useState("");
  const [evidenceId, setEvidenceId] = useState("");
  const m = useCampaignMutation(campaignId, () =>
    reviewApi.closeTask(task.id, mode === "note" ? { note } : { evidenceId: evidenceId.trim() }),
  );
  const ready = mode === "note" ? note.trim().length >= 10 : evidenceId.trim() !== "";
  return (
    <Modal opened onClose={onClose} title={`Access removed: ${task.account} on ${task.systemName}`} size="lg">
      <Stack gap="sm">
        <Text size="sm">The task closes only with evidence that the access is gone.</Text>
        <SegmentedControl
          data={[
            { value: "note", label: "Describe the removal" },
            { value: "evidence", label: "Existing evidence item" },
          ]}
          value={mode}
          onChange={(v) => setMode(v as "note" | "evidence")}
        />
        {mode === "note" ? (
          <Textarea
            label="How and when was the access removed?"
            placeholder="Deleted the IAM user on 27 Nov 2026 (CloudTrail DeleteUser, ticket CHG-2310)."
            value={note}
            onChange={(e) => setNote(e.currentTarget.value)}
            autosize
            minRows={3}
            data-testid="close-task-note"
          />
        ) : (
          <TextInput
            label="Evidence item id"
            description="Upload a screenshot or export on the Evidence page first, then paste its id."
            value={evidenceId}
            onChange={(e) => setEvidenceId(e.currentTarget.value)}
            data-testid="close-task-evidence"
          />
        )}
        <FormError error={m.error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button
            onClick={() => m.mutate(undefined, { onSuccess: onClose })}
            disabled={!ready}
            loading={m.isPending}
            data-testid="close-task-submit"
          >
            Close task
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
