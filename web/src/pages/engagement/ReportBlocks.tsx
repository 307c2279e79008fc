/**
 * Renders the blocks of a report or letter model (src/core/report-types.ts ReportBlock) as the
 * builders' previews: headings, paragraphs, lists and signature lines. Tables and controls never occur
 * in a SOC 3 or a bridge letter; they are shown as a short note if they ever do.
 */
import { List, Stack, Text, Title } from "@mantine/core";

export type PreviewBlock =
  | { kind: "heading"; text: string }
  | { kind: "paragraph"; text: string; emphasis?: boolean }
  | { kind: "list"; items: string[] }
  | { kind: "signature"; lines: string[] }
  | { kind: "table" | "control" };

export interface PreviewSection {
  id: string;
  title: string;
  blocks: PreviewBlock[];
}

export function ReportBlocks({ blocks }: { blocks: PreviewBlock[] }) {
  return (
    <Stack gap={8}>
      {blocks.map((b, i) => {
        const key = `${b.kind}-${i}`;
        switch (b.kind) {
          case "heading":
            return (
              <Title key={key} order={5} mt={6}>
                {b.text}
              </Title>
            );
          case "paragraph":
            return (
              <Text key={key} size="sm" fs={b.emphasis ? "italic" : undefined} style={{ lineHeight: 1.55 }}>
                {b.text}
              </Text>
            );
          case "list":
            return (
              <List key={key} size="sm" spacing={4} withPadding>
                {b.items.map((item) => (
                  <List.Item key={item}>{item}</List.Item>
                ))}
              </List>
            );
          case "signature":
            return (
              <Stack key={key} gap={0} mt="xs">
                {b.lines.map((line, n) => (
                  <Text key={line} size="sm" fw={n === 0 ? 600 : undefined}>
                    {line}
                  </Text>
                ))}
              </Stack>
            );
          default:
            return (
              <Text key={key} size="xs" c="dimmed">
                (table not shown in the preview)
              </Text>
            );
        }
      })}
    </Stack>
  );
}
