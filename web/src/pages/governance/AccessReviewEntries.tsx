/** The accounts of a campaign: filters (mine, pending, system), bulk keep, and a decision per entry. */
import {
  Badge,
  Button,
  Card,
  Checkbox,
  Group,
  Select,
  Stack,
  Switch,
  Table,
  Text,
  Tooltip,
} from "@mantine/core";
import { useState } from "react";
import { errorMessage } from "../../api";
import { useSession } from "../../session";
import { DecisionModal } from "./AccessReviewForms";
import {
  type CampaignDetail,
  DECISION_COLORS,
  DECISION_LABELS,
  type Decision,
  type Entry,
  reviewApi,
  useCampaignMutation,
} from "./access-review-api";

const ROUTED: Record<Entry["routedTo"], string> = {
  manager: "the account's manager",
  owner: "the system owner",
  fallback: "an admin (the owner holds this account)",
};

export function EntriesTable({ detail }: { detail: CampaignDetail }) {
  const session = useSession();
  const me = session.data?.user.id ?? "";
  const id = detail.campaign.id;
  const [mine, setMine] = useState(detail.entries.some((e) => e.reviewer?.id === me && e.decision === null));
  const [pending, setPending] = useState(false);
  const [system, setSystem] = useState<string | null>(null);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [deciding, setDeciding] = useState<{ entry: Entry; decision: Decision } | null>(null);
  const keep = useCampaignMutation(id, (ids: string[]) =>
    reviewApi.decide(id, { entryIds: ids, decision: "keep" }),
  );
  const rows = detail.entries.filter(
    (e) =>
      (!mine || e.reviewer?.id === me) &&
      (!pending || e.decision === null) &&
      (!system || e.systemId === system),
  );
  const selectable = rows.filter((e) => e.canDecide);
  const decider = detail.entries.some((e) => e.canDecide);
  const chosen = selectable.filter((e) => selected.has(e.id)).map((e) => e.id);
  const toggle = (entryId: string, on: boolean) =>
    setSelected((s) => {
      const next = new Set(s);
      if (on) next.add(entryId);
      else next.delete(entryId);
      return next;
    });
  return (
    <Card padding="md">
      <Stack gap="sm">
        <Group justify="space-between" align="flex-end">
          <Group gap="md" align="flex-end">
            <Select
              label="System"
              placeholder="All systems"
              clearable
              w={240}
              data={detail.systems.map((s) => ({ value: s.id, label: s.name }))}
              value={system}
              onChange={setSystem}
              data-testid="entries-system"
            />
            <Switch
              label="Assigned to me"
              checked={mine}
              onChange={(e) => setMine(e.currentTarget.checked)}
              data-testid="entries-mine"
            />
            <Switch
              label="Pending only"
              checked={pending}
              onChange={(e) => setPending(e.currentTarget.checked)}
              data-testid="entries-pending"
            />
          </Group>
          <Group gap="xs" display={decider ? undefined : "none"}>
            {keep.error ? (
              <Text size="xs" c="red">
                {errorMessage(keep.error)}
              </Text>
            ) : null}
            <Button
              size="xs"
              color="teal"
              disabled={chosen.length === 0}
              loading={keep.isPending}
              onClick={() => keep.mutate(chosen, { onSuccess: () => setSelected(new Set()) })}
              data-testid="bulk-keep"
            >
              Keep selected ({chosen.length})
            </Button>
          </Group>
        </Group>
        {rows.length === 0 ? (
          <Text size="sm" c="dimmed" data-testid="entries-empty">
            {detail.entries.length === 0
              ? "No accounts yet: import each system's export."
              : "No account matches these filters."}
          </Text>
        ) : (
          <Table verticalSpacing="xs" data-testid="entries-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={36} display={decider ? undefined : "none"}>
                  <Checkbox
                    aria-label="Select all"
                    checked={selectable.length > 0 && chosen.length === selectable.length}
                    indeterminate={chosen.length > 0 && chosen.length < selectable.length}
                    onChange={(e) =>
                      setSelected(e.currentTarget.checked ? new Set(selectable.map((x) => x.id)) : new Set())
                    }
                    data-testid="select-all"
                  />
                </Table.Th>
                <Table.Th>Account</Table.Th>
                <Table.Th>System</Table.Th>
                <Table.Th>Access</Table.Th>
                <Table.Th>Reviewer</Table.Th>
                <Table.Th>Decision</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((e) => (
                <Table.Tr
                  key={e.id}
                  data-testid="entry-row"
                  data-account={e.account}
                  data-decision={e.decision ?? "pending"}
                >
                  <Table.Td display={decider ? undefined : "none"}>
                    <Checkbox
                      aria-label={`Select ${e.account}`}
                      disabled={!e.canDecide}
                      checked={selected.has(e.id)}
                      onChange={(ev) => toggle(e.id, ev.currentTarget.checked)}
                    />
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" fw={500}>
                      {e.account}
                    </Text>
                    {e.name || e.email ? (
                      <Text size="xs" c="dimmed">
                        {[e.name, e.email].filter(Boolean).join(" · ")}
                      </Text>
                    ) : null}
                  </Table.Td>
                  <Table.Td>
                    <Text size="xs">{e.systemName}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="xs">{e.entitlements.join(" · ")}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Tooltip label={`Routed to ${ROUTED[e.routedTo]}`}>
                      <Text size="sm">{e.reviewer?.name ?? "—"}</Text>
                    </Tooltip>
                  </Table.Td>
                  <Table.Td miw={120}>
                    {e.decision ? (
                      <Stack gap={2}>
                        <Badge
                          color={DECISION_COLORS[e.decision]}
                          variant="light"
                          tt="none"
                          style={{ overflow: "visible" }}
                          data-testid="entry-decision"
                        >
                          {DECISION_LABELS[e.decision]}
                          {e.decision === "change" ? `: ${e.newEntitlements.join(", ")}` : ""}
                        </Badge>
                        {e.reason ? (
                          <Text size="xs" c="dimmed" lineClamp={2}>
                            {e.reason}
                          </Text>
                        ) : null}
                      </Stack>
                    ) : (
                      <Badge
                        color="gray"
                        variant="light"
                        tt="none"
                        style={{ overflow: "visible" }}
                        data-testid="entry-decision"
                      >
                        Pending
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td>
                    {e.canDecide ? (
                      <Group gap={4} wrap="nowrap">
                        {(["keep", "change", "revoke"] as Decision[]).map((d) => (
                          <Button
                            key={d}
                            size="compact-xs"
                            variant={e.decision === d ? "filled" : "light"}
                            color={DECISION_COLORS[d]}
                            onClick={() =>
                              d === "keep" && !e.decision
                                ? keep.mutate([e.id])
                                : setDeciding({ entry: e, decision: d })
                            }
                            data-testid={`entry-${d}`}
                          >
                            {DECISION_LABELS[d]}
                          </Button>
                        ))}
                      </Group>
                    ) : null}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
      {deciding ? (
        <DecisionModal
          campaignId={id}
          entry={deciding.entry}
          initial={deciding.decision}
          onClose={() => setDeciding(null)}
        />
      ) : null}
    </Card>
  );
}
