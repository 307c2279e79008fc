/** Pieces of the test grid: the save indicator, the cell dialog (note and evidence), the evidence relied on. */
import { Button, Group, Loader, Modal, SegmentedControl, Select, Stack, Text, Textarea } from "@mantine/core";
import { IconAlertTriangle, IconCheck, IconPaperclip } from "@tabler/icons-react";
import { useState } from "react";
import { errorMessage } from "../../api";
import type { ResultValue, TestResult } from "../../fieldwork-types";
import { formatDate } from "../../format";
import { useEvidenceList } from "../../queries";
import { ShortHash } from "./FieldworkBadges";

export interface CellValue {
  itemKey: string;
  attributeId: string;
  result: ResultValue;
  note: string;
  evidenceId: string | null;
}

export type SaveState = "idle" | "saving" | "saved" | "error";

export function SaveIndicator({
  state,
  pending,
  error,
}: {
  state: SaveState;
  pending: number;
  error: unknown;
}) {
  return (
    <Group gap={6} data-testid="grid-save-state" data-state={pending > 0 ? "pending" : state}>
      {state === "saving" || pending > 0 ? (
        <>
          <Loader size={14} />
          <Text size="xs" c="dimmed">
            Saving…
          </Text>
        </>
      ) : state === "error" ? (
        <>
          <IconAlertTriangle size={14} color="var(--mantine-color-red-7)" />
          <Text size="xs" c="red.7">
            Not saved: {errorMessage(error)}
          </Text>
        </>
      ) : state === "saved" ? (
        <>
          <IconCheck size={14} color="var(--mantine-color-teal-7)" />
          <Text size="xs" c="dimmed">
            All changes saved
          </Text>
        </>
      ) : null}
    </Group>
  );
}

export function CellDialog({
  cell,
  orgId,
  title,
  canEdit,
  onClose,
  onSave,
}: {
  cell: CellValue & { evidenceSha256: string | null };
  orgId: string;
  title: string;
  canEdit: boolean;
  onClose: () => void;
  onSave: (value: CellValue) => void;
}) {
  const [result, setResult] = useState<ResultValue>(cell.result);
  const [note, setNote] = useState(cell.note);
  const [evidenceId, setEvidenceId] = useState<string | null>(cell.evidenceId);
  const evidence = useEvidenceList(orgId);
  const options = (evidence.data ?? []).map((e) => ({
    value: e.id,
    label: `${e.title} · v${e.version} · ${e.sha256.slice(0, 12)}`,
  }));
  const chosen = (evidence.data ?? []).find((e) => e.id === evidenceId);
  return (
    <Modal opened onClose={onClose} title={title} size="lg">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          onSave({ ...cell, result, note: note.trim(), evidenceId });
        }}
        data-testid="cell-dialog"
      >
        <Stack gap="sm">
          <SegmentedControl
            value={result}
            onChange={(v) => setResult(v as ResultValue)}
            data={[
              { value: "pass", label: "Pass" },
              { value: "fail", label: "Fail" },
              { value: "na", label: "Not applicable" },
            ]}
            disabled={!canEdit}
            data-testid="cell-result"
          />
          <Textarea
            label="Note"
            placeholder={
              result === "fail"
                ? "What was wrong with this item, and what did you see?"
                : "What you inspected"
            }
            value={note}
            onChange={(e) => setNote(e.currentTarget.value)}
            autosize
            minRows={3}
            disabled={!canEdit}
            data-autofocus
            data-testid="cell-note"
          />
          <Select
            label="Evidence relied on"
            description="An evidence item of the organization; the workpaper records the version's hash."
            placeholder={evidence.isPending ? "Loading evidence…" : "None"}
            data={options}
            value={evidenceId}
            onChange={setEvidenceId}
            searchable
            clearable
            disabled={!canEdit}
            comboboxProps={{ withinPortal: true }}
            nothingFoundMessage="No evidence matches"
            data-testid="cell-evidence"
          />
          {chosen ? (
            <Text size="xs" c="dimmed">
              Current version v{chosen.version}, effective {formatDate(chosen.effectiveDate)}, SHA-256{" "}
              <ShortHash hash={chosen.sha256} />
            </Text>
          ) : cell.evidenceSha256 ? (
            <Text size="xs" c="dimmed">
              Relied on SHA-256 <ShortHash hash={cell.evidenceSha256} />
            </Text>
          ) : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {canEdit ? "Cancel" : "Close"}
            </Button>
            {canEdit ? (
              <Button type="submit" data-testid="cell-save">
                Save cell
              </Button>
            ) : null}
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** Each evidence version the grid relies on, with its hash in short form. */
export function ReliedOn({ results }: { results: TestResult[] }) {
  const byId = new Map<string, NonNullable<TestResult["evidence"]> & { cells: number }>();
  for (const r of results) {
    if (!r.evidence) continue;
    const seen = byId.get(r.evidence.id);
    byId.set(r.evidence.id, { ...r.evidence, cells: (seen?.cells ?? 0) + 1 });
  }
  if (byId.size === 0) return null;
  return (
    <Stack gap={4} data-testid="relied-on">
      <Text size="sm" fw={600}>
        Evidence relied on
      </Text>
      {[...byId.values()].map((e) => (
        <Group key={e.id} gap="xs" wrap="nowrap">
          <IconPaperclip size={14} />
          <Text size="sm">
            {e.title ?? "Evidence"}
            {e.version !== null ? ` · v${e.version}` : ""}
          </Text>
          <ShortHash hash={e.sha256} />
          <Text size="xs" c="dimmed">
            {e.cells} {e.cells === 1 ? "cell" : "cells"}
            {e.supersededBy ? " · a newer version exists; the workpaper keeps this one" : ""}
          </Text>
        </Group>
      ))}
    </Stack>
  );
}
