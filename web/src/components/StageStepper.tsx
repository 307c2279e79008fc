import { Box, Group, Text, ThemeIcon, Tooltip } from "@mantine/core";
import { IconCheck, IconMinus } from "@tabler/icons-react";
import type { StageInfo, StageStatus } from "../types";

const BAR: Record<StageStatus, string> = {
  done: "var(--mantine-color-teal-6)",
  current: "var(--mantine-color-brand-7)",
  upcoming: "var(--mantine-color-gray-3)",
  skipped: "var(--mantine-color-gray-2)",
};

const STATUS_TEXT: Record<StageStatus, string> = {
  done: "Done",
  current: "Current stage",
  upcoming: "Upcoming",
  skipped: "Skipped: a Type 1 report has no observation period",
};

function StepIcon({ status, index }: { status: StageStatus; index: number }) {
  if (status === "done") {
    return (
      <ThemeIcon size={20} radius="xl" color="teal">
        <IconCheck size={13} stroke={3} />
      </ThemeIcon>
    );
  }
  if (status === "skipped") {
    return (
      <ThemeIcon size={20} radius="xl" color="gray" variant="light">
        <IconMinus size={13} />
      </ThemeIcon>
    );
  }
  return (
    <ThemeIcon
      size={20}
      radius="xl"
      color={status === "current" ? "brand" : "gray"}
      variant={status === "current" ? "filled" : "outline"}
    >
      <Text fz={11} fw={700} c={status === "current" ? "white" : "dimmed"}>
        {index + 1}
      </Text>
    </ThemeIcon>
  );
}

/** The ten stages of the lifecycle as a compact strip: done, current, upcoming or skipped. */
export function StageStepper({ stages }: { stages: readonly StageInfo[] }) {
  return (
    <Box style={{ overflowX: "auto" }} pb={4}>
      <Group
        gap={6}
        wrap="nowrap"
        align="stretch"
        miw={stages.length * 84}
        data-testid="stage-stepper"
        role="list"
        aria-label="Engagement stages"
      >
        {stages.map((s, i) => (
          <Tooltip
            key={s.id}
            label={
              <Box maw={300}>
                <Text size="xs" fw={600}>
                  {s.label} · {STATUS_TEXT[s.status]}
                </Text>
                <Text size="xs">{s.description}</Text>
              </Box>
            }
            multiline
          >
            <Box
              role="listitem"
              aria-current={s.status === "current" ? "step" : undefined}
              data-testid={`stage-step-${s.id}`}
              data-status={s.status}
              style={{ flex: 1, minWidth: 0 }}
            >
              <Box
                h={4}
                mb={8}
                style={{
                  borderRadius: 2,
                  background: s.status === "skipped" ? "transparent" : BAR[s.status],
                  borderTop: s.status === "skipped" ? "2px dashed var(--mantine-color-gray-4)" : undefined,
                }}
              />
              <StepIcon status={s.status} index={i} />
              <Text
                size="xs"
                lh={1.3}
                mt={6}
                fw={s.status === "current" ? 700 : 500}
                c={s.status === "upcoming" || s.status === "skipped" ? "dimmed" : undefined}
                td={s.status === "skipped" ? "line-through" : undefined}
                style={{ overflowWrap: "anywhere" }}
              >
                {s.label}
              </Text>
            </Box>
          </Tooltip>
        ))}
      </Group>
    </Box>
  );
}
