/** Parts of the bridge-letter builder: the API shapes, the issued letters table and the letter preview. */
import { Anchor, Badge, Divider, Paper, Stack, Table, Text, Title } from "@mantine/core";
import { seg } from "../../api";
import { formatDate, formatDateTime } from "../../format";
import { type PreviewBlock, ReportBlocks } from "./ReportBlocks";

export interface IssuedLetter {
  id: string;
  version: number;
  status: string;
  pages: number;
  coversUntil: string | null;
  signedAt: string | null;
  signedBy: string | null;
}

export interface BridgeDraft {
  engagement: { id: string; orgId: string; name: string; type: string };
  auditor: string;
  signerName: string;
  issued: IssuedLetter[];
  coveredReport: {
    id: string;
    kind: string;
    version: number;
    periodStart: string | null;
    periodEnd: string;
    issuedOn: string | null;
  } | null;
  window: { from: string; to: string } | null;
  coversUntil: string | null;
  records: { changes: string[]; incidents: string[] };
  cuecs: string[];
  failures: { guard: string; message: string }[];
}

export interface LetterPreview {
  version: number;
  letterhead: string;
  date: string;
  title: string;
  blocks: PreviewBlock[];
  signature: string[];
  footnote: string;
  changes: string[];
  incidents: string[];
}

export function IssuedLettersTable({ rows }: { rows: IssuedLetter[] }) {
  if (rows.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        No bridge letter issued for this report yet.
      </Text>
    );
  }
  return (
    <Table data-testid="bridge-letters-issued">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Version</Table.Th>
          <Table.Th>Covers until</Table.Th>
          <Table.Th>Signed by</Table.Th>
          <Table.Th>Signed</Table.Th>
          <Table.Th>PDF</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((r) => (
          <Table.Tr key={r.id}>
            <Table.Td>{r.version}</Table.Td>
            <Table.Td>{formatDate(r.coversUntil)}</Table.Td>
            <Table.Td>{r.signedBy ?? "—"}</Table.Td>
            <Table.Td>{formatDateTime(r.signedAt)}</Table.Td>
            <Table.Td>
              <Anchor href={`/api/reports/${seg(r.id)}/pdf`} target="_blank" rel="noopener">
                Download
              </Anchor>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** The letter laid out like the PDF: letterhead, date, title, body, signature, small print. */
export function LetterPreviewView({ letter }: { letter: LetterPreview }) {
  return (
    <Paper withBorder p="lg" radius="sm" bg="white" data-testid="bridge-letter-preview" maw={760}>
      <Stack gap="sm">
        <Text fw={700}>{letter.letterhead}</Text>
        <Text size="sm" c="dimmed">
          {letter.date} · version {letter.version}{" "}
          <Badge size="xs" variant="light">
            preview, not issued
          </Badge>
        </Text>
        <Title order={4}>{letter.title}</Title>
        <ReportBlocks blocks={letter.blocks} />
        <Divider />
        <Stack gap={0}>
          <Text size="xs" c="dimmed">
            Signed for management
          </Text>
          {letter.signature.map((line, i) => (
            <Text key={line} size="sm" fw={i === 0 ? 600 : undefined}>
              {line}
            </Text>
          ))}
        </Stack>
        <Text size="xs" c="dimmed">
          {letter.footnote}
        </Text>
      </Stack>
    </Paper>
  );
}
