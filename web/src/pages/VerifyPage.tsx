/**
 * The public verification page (/verify): anyone drops a report PDF and learns whether it is the
 * report as the firm signed it (or a trust-portal copy of it) and who signed it when, or why not.
 * The file goes to POST /api/public/verify and is not stored.
 */
import {
  Alert,
  Anchor,
  Badge,
  Box,
  Button,
  Card,
  Code,
  Container,
  Group,
  Stack,
  Table,
  Text,
  Title,
} from "@mantine/core";
import { IconAlertCircle, IconCircleCheck, IconCircleX, IconFileUpload } from "@tabler/icons-react";
import { useMutation } from "@tanstack/react-query";
import { type DragEvent, type ReactNode, useRef, useState } from "react";
import { errorMessage, request } from "../api";
import { LogoMark } from "../components/Logo";
import { formatDate, formatDateTime } from "../format";

interface ValidResult {
  status: "valid";
  fileSha256: string;
  documentSha256: string;
  signer: { name: string | null; organization: string | null; fingerprint: string };
  signingTime: string | null;
  reason: string | null;
  location: string | null;
  manifest: { engagementId: string; reportVersion: number; root: string; items: number } | null;
  copy: { watermarkId: string; recipient: string } | null;
  known: {
    issuedBy: string;
    issuedAt: string | null;
    title: string;
    version: number;
    status: string;
    deliveredCopyAt: string | null;
  } | null;
}

interface InvalidResult {
  status: "invalid";
  reason: string;
  fileSha256: string;
}

type Verification = ValidResult | InvalidResult;

const MAX_BYTES = 25 * 1024 * 1024;

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Table.Tr>
      <Table.Th w={200} style={{ verticalAlign: "top" }}>
        {label}
      </Table.Th>
      <Table.Td>{children}</Table.Td>
    </Table.Tr>
  );
}

const Hash = ({ value }: { value: string }) => (
  <Code style={{ wordBreak: "break-all" }} data-testid="verify-hash">
    {value}
  </Code>
);

function ValidCard({ r, name }: { r: ValidResult; name: string }) {
  const { name: who, organization } = r.signer;
  // A certificate's common name often repeats its organization; say it once.
  const signer =
    who && organization && !who.includes(organization)
      ? `${who}, ${organization}`
      : (who ?? organization ?? "Unnamed signer");
  return (
    <Card withBorder padding="lg" data-testid="verify-result" data-status="valid">
      <Stack gap="sm">
        <Group gap="xs">
          <IconCircleCheck size={24} color="var(--mantine-color-teal-7)" />
          <Title order={4}>The signature is valid</Title>
        </Group>
        <Text size="sm">
          {name} is {r.copy ? "a recipient's copy of a report" : "a report"} exactly as it was signed by{" "}
          <b>{signer}</b>
          {r.copy ? "; the only addition is the recipient watermark" : ""}.
        </Text>
        {r.known ? (
          <Alert color="teal" variant="light" data-testid="verify-known">
            Known to this Fieldwork server: the {r.known.title} (version {r.known.version}) issued by{" "}
            {r.known.issuedBy}
            {r.known.issuedAt ? ` on ${formatDate(r.known.issuedAt)}` : ""}.
            {r.known.status !== "issued" ? ` It has since been ${r.known.status}.` : ""}
            {r.known.deliveredCopyAt
              ? ` This copy was delivered through the trust portal on ${formatDate(r.known.deliveredCopyAt)}.`
              : ""}
          </Alert>
        ) : null}
        <Table withRowBorders={false} verticalSpacing={4} fz="sm">
          <Table.Tbody>
            <Row label="Signer">
              <span data-testid="verify-signer">{signer}</span>
            </Row>
            <Row label="Signed at">{r.signingTime ? formatDateTime(r.signingTime) : "Not stated"}</Row>
            {r.reason ? <Row label="Reason">{r.reason}</Row> : null}
            <Row label="Certificate (SHA-256)">
              <Hash value={r.signer.fingerprint} />
            </Row>
            <Row label="Signed document (SHA-256)">
              <Hash value={r.documentSha256} />
            </Row>
            {r.copy ? (
              <>
                <Row label="Recipient copy for">
                  <span data-testid="verify-recipient">{r.copy.recipient}</span>{" "}
                  <Badge variant="light" ml="xs">
                    {r.copy.watermarkId}
                  </Badge>
                </Row>
                <Row label="This file (SHA-256)">
                  <Hash value={r.fileSha256} />
                </Row>
              </>
            ) : null}
            {r.manifest ? (
              <>
                <Row label="Engagement">
                  <Code>{r.manifest.engagementId}</Code>, report version {r.manifest.reportVersion}
                </Row>
                <Row label="Evidence manifest">
                  {r.manifest.items} items, root <Hash value={r.manifest.root} />
                </Row>
              </>
            ) : null}
          </Table.Tbody>
        </Table>
        <Text size="xs" c="dimmed">
          A valid signature proves the file is unchanged since signing. Whether you trust the signer is yours
          to judge: compare the certificate fingerprint with the one the firm publishes.
        </Text>
      </Stack>
    </Card>
  );
}

function InvalidCard({ r, name }: { r: InvalidResult; name: string }) {
  return (
    <Card withBorder padding="lg" data-testid="verify-result" data-status="invalid">
      <Stack gap="sm">
        <Group gap="xs">
          <IconCircleX size={24} color="var(--mantine-color-red-7)" />
          <Title order={4}>Not a valid signed report</Title>
        </Group>
        <Text size="sm">{name} is not the report as it was signed. Do not rely on its contents.</Text>
        <Alert color="red" variant="light" title="Reason" data-testid="verify-reason">
          {r.reason}
        </Alert>
        <Text size="sm">
          File SHA-256: <Hash value={r.fileSha256} />
        </Text>
      </Stack>
    </Card>
  );
}

export function VerifyPage() {
  const input = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const [file, setFile] = useState<File | null>(null);
  const verify = useMutation({
    mutationFn: (f: File) =>
      request<Verification>("/api/public/verify", {
        method: "POST",
        raw: f,
        contentType: "application/pdf",
        csrf: false,
      }),
  });
  const choose = (f: File | undefined) => {
    if (!f) return;
    setFile(f);
    verify.mutate(f);
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    choose(e.dataTransfer.files[0]);
  };
  const tooLarge = file !== null && file.size > MAX_BYTES;
  return (
    <Container size="md" py="xl">
      <Stack gap="lg">
        <Group gap="sm">
          <LogoMark />
          <Text c="dimmed" size="sm">
            Report verification
          </Text>
        </Group>
        <Stack gap={4}>
          <Title order={2}>Verify a signed report</Title>
          <Text c="dimmed">
            Check that a SOC report PDF is exactly what the audit firm signed, or a copy delivered to a named
            recipient through a trust portal. The file is checked and not kept.
          </Text>
        </Stack>
        <Box
          data-testid="verify-dropzone"
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
          onClick={() => input.current?.click()}
          style={{
            border: `2px dashed var(--mantine-color-${dragging ? "blue-6" : "gray-4"})`,
            borderRadius: 8,
            padding: 32,
            textAlign: "center",
            cursor: "pointer",
            background: dragging ? "var(--mantine-color-blue-0)" : undefined,
          }}
        >
          <Stack align="center" gap="xs">
            <IconFileUpload size={36} color="var(--mantine-color-gray-6)" />
            <Text fw={500}>Drop the PDF here</Text>
            <Button
              variant="light"
              loading={verify.isPending}
              onClick={(e) => {
                e.stopPropagation();
                input.current?.click();
              }}
            >
              Choose a file
            </Button>
            <Text size="xs" c="dimmed">
              PDF, at most 25 MB
            </Text>
          </Stack>
          <input
            ref={input}
            type="file"
            accept="application/pdf,.pdf"
            hidden
            data-testid="verify-file-input"
            onChange={(e) => {
              choose(e.currentTarget.files?.[0]);
              e.currentTarget.value = "";
            }}
          />
        </Box>
        {tooLarge ? (
          <Alert color="orange" icon={<IconAlertCircle size={16} />}>
            This file is larger than 25 MB; the server will refuse it.
          </Alert>
        ) : null}
        {verify.isError ? (
          <Alert color="red" icon={<IconAlertCircle size={16} />} data-testid="verify-error">
            {errorMessage(verify.error)}
          </Alert>
        ) : null}
        {verify.data && file ? (
          verify.data.status === "valid" ? (
            <ValidCard r={verify.data} name={file.name} />
          ) : (
            <InvalidCard r={verify.data} name={file.name} />
          )
        ) : null}
        <Text size="xs" c="dimmed">
          Command line: <Code>fieldwork report verify FILE.pdf</Code> performs the same checks offline.{" "}
          <Anchor href="/login" size="xs">
            Sign in
          </Anchor>
        </Text>
      </Stack>
    </Container>
  );
}
