import { Center, RingProgress, Text } from "@mantine/core";

/** Red below 50, orange below 80, teal from 80: readiness reads at a glance. */
export const scoreColor = (score: number): string => (score >= 80 ? "teal" : score >= 50 ? "orange" : "red");

export function ScoreRing({
  score,
  size = 120,
  thickness,
  label,
}: {
  score: number;
  size?: number;
  thickness?: number;
  label?: string;
}) {
  const value = Math.max(0, Math.min(100, Math.round(score)));
  return (
    <RingProgress
      size={size}
      thickness={thickness ?? Math.max(6, Math.round(size / 11))}
      roundCaps={value > 2}
      sections={[{ value, color: scoreColor(value), tooltip: label ? `${label}: ${value}%` : undefined }]}
      rootColor="var(--mantine-color-gray-2)"
      label={
        <Center>
          <Text fw={700} fz={size >= 110 ? 28 : size >= 70 ? 17 : 13} className="fw-tabular" lh={1}>
            {value}
            <Text span fz={size >= 110 ? 14 : 10} c="dimmed" fw={600}>
              %
            </Text>
          </Text>
        </Center>
      }
    />
  );
}
