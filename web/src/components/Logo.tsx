import { Group, Text } from "@mantine/core";

export function LogoMark({ size = 28 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 32 32" role="img" aria-label="Fieldwork">
      <title>Fieldwork</title>
      <rect width="32" height="32" rx="8" fill="var(--mantine-color-brand-8)" />
      <path
        d="M10 23V9.5h12.5M10 16.25h8.5"
        stroke="white"
        strokeWidth="3"
        fill="none"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
      <circle cx="23" cy="22" r="2.25" fill="var(--mantine-color-teal-4)" />
    </svg>
  );
}

export function Logo({ size = 28 }: { size?: number }) {
  return (
    <Group gap={10} wrap="nowrap">
      <LogoMark size={size} />
      <Text fw={700} fz={size > 30 ? "xl" : "lg"} style={{ letterSpacing: "-0.01em" }}>
        Fieldwork
      </Text>
    </Group>
  );
}
