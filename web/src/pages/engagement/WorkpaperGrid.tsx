/**
 * The test grid of a workpaper: sample items by attributes, usable from the keyboard. Arrow keys
 * move between cells; P, F and N record pass, fail and not applicable; Enter opens the cell's note
 * and evidence. Changes are saved in batches through the results endpoint while the grid shows
 * whether they are saved.
 */
import { Alert, Badge, Box, Group, Kbd, Stack, Table, Text, Tooltip } from "@mantine/core";
import { IconCheck, IconMessage, IconPaperclip, IconX } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type KeyboardEvent, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { api, seg } from "../../api";
import { fwKeys } from "../../fieldwork-queries";
import type { ResultValue, TestResult, WorkpaperItem, WorkpaperPage } from "../../fieldwork-types";
import { formatDate } from "../../format";
import { CellDialog, type CellValue, ReliedOn, SaveIndicator, type SaveState } from "./WorkpaperCells";

const cellKey = (itemKey: string, attributeId: string) => `${itemKey}\u0000${attributeId}`;

const KEY_RESULTS: Record<string, ResultValue> = { p: "pass", f: "fail", n: "na" };

const RESULT_LOOK: Record<ResultValue, { label: string; color: string; bg: string }> = {
  pass: { label: "Pass", color: "teal.8", bg: "var(--mantine-color-teal-0)" },
  fail: { label: "Fail", color: "red.8", bg: "var(--mantine-color-red-0)" },
  na: { label: "N/A", color: "gray.7", bg: "var(--mantine-color-gray-1)" },
};

const itemLabel = (item: WorkpaperItem): string =>
  item.label || (item.row !== null ? `Row ${item.row}` : item.key);

export function WorkpaperGrid({ page, orgId }: { page: WorkpaperPage; orgId: string }) {
  const queryClient = useQueryClient();
  const workpaper = page.workpaper;
  const { items, attributes } = workpaper;
  const canEdit = page.permissions.canEdit;
  const saved = useMemo(() => {
    const m = new Map<string, TestResult>();
    for (const r of workpaper.results) m.set(cellKey(r.itemKey, r.attributeId), r);
    return m;
  }, [workpaper.results]);
  // Edits not yet confirmed by the server (shown at once), and those not yet sent.
  const [overrides, setOverrides] = useState<Map<string, CellValue>>(() => new Map());
  const queue = useRef(new Map<string, CellValue>());
  const [pending, setPending] = useState(0);
  const [saveState, setSaveState] = useState<SaveState>("idle");
  const [focus, setFocus] = useState<{ r: number; c: number }>({ r: 0, c: 0 });
  const [dialog, setDialog] = useState<{ r: number; c: number } | null>(null);
  const cells = useRef(new Map<string, HTMLTableCellElement>());

  const save = useMutation({
    mutationFn: (batch: CellValue[]) =>
      api.put<unknown>(`/api/workpapers/${seg(workpaper.id)}/results`, { cells: batch }),
    meta: { quiet: true },
    onMutate: () => setSaveState("saving"),
    onSuccess: async (_res, batch) => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: fwKeys.workpaper(workpaper.id) }),
        queryClient.invalidateQueries({ queryKey: fwKeys.exceptions(workpaper.engagementId) }),
        queryClient.invalidateQueries({ queryKey: fwKeys.workpapers(workpaper.engagementId) }),
      ]);
      setOverrides((prev) => {
        const next = new Map(prev);
        for (const v of batch) {
          const k = cellKey(v.itemKey, v.attributeId);
          if (next.get(k) === v) next.delete(k);
        }
        return next;
      });
      setSaveState("saved");
    },
    onError: () => setSaveState("error"),
  });

  const flush = useCallback(() => {
    if (save.isPending || queue.current.size === 0) return;
    const batch = [...queue.current.values()];
    queue.current.clear();
    setPending(0);
    save.mutate(batch);
  }, [save]);

  // Send queued edits shortly after the last key press, and again once a running save ends.
  useEffect(() => {
    if (pending === 0 || save.isPending) return;
    const t = window.setTimeout(flush, 350);
    return () => window.clearTimeout(t);
  }, [pending, save.isPending, flush]);

  const valueAt = (r: number, c: number): (CellValue & { evidenceSha256: string | null }) | null => {
    const item = items[r];
    const attr = attributes[c];
    if (!item || !attr) return null;
    const k = cellKey(item.key, attr.id);
    const o = overrides.get(k);
    const s = saved.get(k);
    if (o) {
      return {
        ...o,
        evidenceSha256: o.evidenceId === s?.evidence?.id ? (s?.evidence?.sha256 ?? null) : null,
      };
    }
    if (s) {
      return {
        itemKey: s.itemKey,
        attributeId: s.attributeId,
        result: s.result,
        note: s.note ?? "",
        evidenceId: s.evidence?.id ?? null,
        evidenceSha256: s.evidence?.sha256 ?? null,
      };
    }
    return null;
  };

  const record = (value: CellValue) => {
    const k = cellKey(value.itemKey, value.attributeId);
    setOverrides((prev) => new Map(prev).set(k, value));
    queue.current.set(k, value);
    setPending(queue.current.size);
  };

  const moveTo = (r: number, c: number) => {
    const nr = Math.max(0, Math.min(items.length - 1, r));
    const nc = Math.max(0, Math.min(attributes.length - 1, c));
    setFocus({ r: nr, c: nc });
    cells.current.get(`${nr}:${nc}`)?.focus();
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTableCellElement>, r: number, c: number) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const key = e.key.toLowerCase();
    const moves: Record<string, [number, number]> = {
      arrowup: [r - 1, c],
      arrowdown: [r + 1, c],
      arrowleft: [r, c - 1],
      arrowright: [r, c + 1],
      home: [r, 0],
      end: [r, attributes.length - 1],
      pageup: [0, c],
      pagedown: [items.length - 1, c],
    };
    const move = moves[key];
    if (move) {
      e.preventDefault();
      moveTo(move[0], move[1]);
      return;
    }
    if (key === "enter") {
      e.preventDefault();
      setDialog({ r, c });
      return;
    }
    const result = KEY_RESULTS[key];
    if (result && canEdit) {
      e.preventDefault();
      const item = items[r];
      const attr = attributes[c];
      if (!item || !attr) return;
      const current = valueAt(r, c);
      record({
        itemKey: item.key,
        attributeId: attr.id,
        result,
        note: current?.note ?? "",
        evidenceId: current?.evidenceId ?? null,
      });
      // Move on down the attribute's column, the way auditors tick a sample.
      if (r < items.length - 1) moveTo(r + 1, c);
    }
  };

  const tested = items.length * attributes.length;
  let done = 0;
  let fails = 0;
  for (let r = 0; r < items.length; r++) {
    for (let c = 0; c < attributes.length; c++) {
      const v = valueAt(r, c);
      if (v) done++;
      if (v?.result === "fail") fails++;
    }
  }
  const dialogCell = dialog ? valueAt(dialog.r, dialog.c) : null;
  const dialogItem = dialog ? items[dialog.r] : undefined;
  const dialogAttr = dialog ? attributes[dialog.c] : undefined;

  if (items.length === 0 || attributes.length === 0) {
    return (
      <Alert color="gray" variant="light" data-testid="grid-empty">
        {items.length === 0
          ? "This workpaper has no items to test yet: link a sample or a full-population test."
          : "The program line has no attributes to test."}
      </Alert>
    );
  }

  return (
    <Stack gap="sm">
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Group gap={6} wrap="wrap">
          <Text size="xs" c="dimmed">
            <Kbd size="xs">←</Kbd> <Kbd size="xs">↑</Kbd> <Kbd size="xs">→</Kbd> <Kbd size="xs">↓</Kbd>{" "}
            <Kbd size="xs">PgUp</Kbd> <Kbd size="xs">PgDn</Kbd> move · <Kbd size="xs">P</Kbd> pass ·{" "}
            <Kbd size="xs">F</Kbd> fail · <Kbd size="xs">N</Kbd> not applicable · <Kbd size="xs">Enter</Kbd>{" "}
            note and evidence
          </Text>
        </Group>
        <Group gap="md">
          <Text size="xs" c="dimmed" data-testid="grid-progress" data-done={done} data-total={tested}>
            {done} of {tested} cells recorded{fails > 0 ? ` · ${fails} failed` : ""}
          </Text>
          <SaveIndicator state={saveState} pending={pending} error={save.error} />
        </Group>
      </Group>
      <Box style={{ overflowX: "auto" }}>
        <Table
          role="grid"
          aria-label="Test grid: sample items by attributes"
          withTableBorder
          withColumnBorders
          highlightOnHover={false}
          data-testid="test-grid"
          miw={420 + attributes.length * 110}
        >
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={70}>Row</Table.Th>
              <Table.Th>Item</Table.Th>
              <Table.Th w={120}>Date</Table.Th>
              {attributes.map((a) => (
                <Table.Th key={a.id} w={110} ta="center">
                  <Tooltip label={a.text} multiline maw={360}>
                    <Text size="sm" fw={600} span>
                      {a.id}
                    </Text>
                  </Tooltip>
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((item, r) => (
              <Table.Tr key={item.key} data-testid="grid-row" data-item={item.key}>
                <Table.Td>
                  <Text size="sm" ff="monospace">
                    {item.row ?? "–"}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" truncate maw={260}>
                    {itemLabel(item)}
                  </Text>
                </Table.Td>
                <Table.Td style={{ whiteSpace: "nowrap" }}>
                  <Text size="sm">{item.date ? formatDate(item.date) : "–"}</Text>
                </Table.Td>
                {attributes.map((a, c) => {
                  const v = valueAt(r, c);
                  const look = v ? RESULT_LOOK[v.result] : null;
                  const focused = focus.r === r && focus.c === c;
                  return (
                    <Table.Td
                      key={a.id}
                      ref={(el) => {
                        if (el) cells.current.set(`${r}:${c}`, el);
                        else cells.current.delete(`${r}:${c}`);
                      }}
                      role="gridcell"
                      tabIndex={focused ? 0 : -1}
                      aria-label={`${itemLabel(item)}, ${a.id}: ${look?.label ?? "not recorded"}`}
                      onKeyDown={(e) => onKeyDown(e, r, c)}
                      onFocus={() => setFocus({ r, c })}
                      onClick={() => moveTo(r, c)}
                      onDoubleClick={() => setDialog({ r, c })}
                      data-testid="grid-cell"
                      data-item={item.key}
                      data-attribute={a.id}
                      data-result={v?.result ?? ""}
                      ta="center"
                      bg={look?.bg}
                      style={{
                        cursor: "pointer",
                        outline: focused ? "2px solid var(--mantine-color-brand-6)" : undefined,
                        outlineOffset: -2,
                      }}
                    >
                      <Group gap={4} justify="center" wrap="nowrap">
                        {v ? (
                          <Text size="sm" fw={600} c={look?.color}>
                            {v.result === "pass" ? (
                              <IconCheck size={14} style={{ verticalAlign: -2 }} />
                            ) : v.result === "fail" ? (
                              <IconX size={14} style={{ verticalAlign: -2 }} />
                            ) : null}{" "}
                            {look?.label}
                          </Text>
                        ) : (
                          <Text size="sm" c="dimmed">
                            ·
                          </Text>
                        )}
                        {v?.note ? <IconMessage size={13} aria-label="Has a note" /> : null}
                        {v?.evidenceId ? (
                          <Tooltip
                            label={
                              v.evidenceSha256
                                ? `Relied on SHA-256 ${v.evidenceSha256.slice(0, 12)}…`
                                : "Evidence linked (saving)"
                            }
                          >
                            <IconPaperclip
                              size={13}
                              aria-label="Has evidence"
                              data-testid="cell-evidence-mark"
                            />
                          </Tooltip>
                        ) : null}
                      </Group>
                    </Table.Td>
                  );
                })}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Box>
      <Stack gap={4}>
        {attributes.map((a) => (
          <Group key={a.id} gap="xs" wrap="nowrap" align="flex-start">
            <Badge variant="outline" color="gray" miw={40}>
              {a.id}
            </Badge>
            <Text size="sm">{a.text}</Text>
          </Group>
        ))}
      </Stack>
      <ReliedOn results={workpaper.results} />
      {dialog && dialogItem && dialogAttr ? (
        <CellDialog
          key={`${dialog.r}:${dialog.c}`}
          cell={
            dialogCell ?? {
              itemKey: dialogItem.key,
              attributeId: dialogAttr.id,
              result: "pass",
              note: "",
              evidenceId: null,
              evidenceSha256: null,
            }
          }
          orgId={orgId}
          title={`${itemLabel(dialogItem)} · ${dialogAttr.id}`}
          canEdit={canEdit}
          onClose={() => {
            const at = dialog;
            setDialog(null);
            window.setTimeout(() => moveTo(at.r, at.c), 0);
          }}
          onSave={(value) => {
            record(value);
            const at = dialog;
            setDialog(null);
            window.setTimeout(() => moveTo(at.r, at.c), 0);
          }}
        />
      ) : null}
    </Stack>
  );
}
