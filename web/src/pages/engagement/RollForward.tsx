/**
 * Roll-forward: next year's engagement from this one (scope, program and request list copied, the
 * period starting the day after this one ends, no evidence carried over). Managers and partners only;
 * the server decides and explains a refusal.
 */
import { Button, Group, List, Modal, Stack, Text, TextInput } from "@mantine/core";
import { IconArrowForwardUp } from "@tabler/icons-react";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useNavigate } from "react-router-dom";
import { api, errorMessage, seg } from "../../api";
import { notifySuccess } from "../../notify";

interface RollForwardResult {
  engagement: {
    id: string;
    name: string;
    periodStart: string | null;
    periodEnd: string | null;
    asOfDate: string | null;
  };
}

export function RollForwardButton({ engagementId, name }: { engagementId: string; name: string }) {
  const [open, setOpen] = useState(false);
  const [newName, setNewName] = useState("");
  const navigate = useNavigate();
  const roll = useMutation({
    mutationFn: () =>
      api.post<RollForwardResult>(
        `/api/engagements/${seg(engagementId)}/roll-forward`,
        newName.trim() ? { name: newName.trim() } : {},
      ),
    meta: { quiet: true },
    onSuccess: (res) => {
      notifySuccess(`${res.engagement.name} was created from ${name}.`, "Rolled forward");
      setOpen(false);
      navigate(`/engagements/${res.engagement.id}`);
    },
  });
  return (
    <>
      <Button
        variant="default"
        leftSection={<IconArrowForwardUp size={16} />}
        onClick={() => setOpen(true)}
        data-testid="roll-forward"
      >
        Roll forward
      </Button>
      <Modal opened={open} onClose={() => setOpen(false)} title="Roll forward to the next period" size="lg">
        <Stack>
          <Text size="sm">Creates next year's engagement for the same organization:</Text>
          <List size="sm" spacing={4}>
            <List.Item>scope, categories, boundary and subservice organizations copied;</List.Item>
            <List.Item>the audit program copied as a draft to review and approve;</List.Item>
            <List.Item>the request list copied with dates moved to the new period, all open;</List.Item>
            <List.Item>the period starts the day after this one ends, with the same length;</List.Item>
            <List.Item>no evidence, populations, samples or workpapers carried over.</List.Item>
          </List>
          <TextInput
            label="Name of the new engagement"
            description="Leave empty to use this name with the year moved on."
            value={newName}
            onChange={(ev) => setNewName(ev.currentTarget.value)}
            maxLength={200}
          />
          {roll.isError ? (
            <Text c="red" size="sm" data-testid="roll-forward-error">
              {errorMessage(roll.error)}
            </Text>
          ) : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <Button loading={roll.isPending} onClick={() => roll.mutate()} data-testid="roll-forward-confirm">
              Create next year's engagement
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
