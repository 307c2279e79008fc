/**
 * Report signing for the firm: the active signing certificate's details (never the key) and, for a
 * firm admin or partner, uploading a PKCS#12 file with its password to replace it.
 */
import { Alert, Button, Card, FileInput, PasswordInput, Stack, Table, Text, Title } from "@mantine/core";
import { IconUpload } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { api, errorMessage, seg } from "../api";
import { PageHeader } from "../components/PageHeader";
import { ErrorState, TableSkeleton } from "../components/States";
import { formatDateTime } from "../format";
import { notifySuccess } from "../notify";
import { useFirmId, useTenant } from "../session";

interface Certificate {
  subject: string;
  serial: string;
  fingerprint: string;
  notBefore: string;
  notAfter: string;
  createdAt: string;
}

const toBase64 = async (file: File): Promise<string> => {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
};

export function ReportsPage() {
  const firmId = useFirmId();
  const { roles } = useTenant();
  const queryClient = useQueryClient();
  const key = ["signing-certificate", firmId] as const;
  const query = useQuery({
    queryKey: key,
    queryFn: () =>
      api.get<{ certificate: Certificate | null }>(`/api/firms/${seg(firmId ?? "")}/signing-certificate`),
    enabled: firmId !== null,
  });
  const [file, setFile] = useState<File | null>(null);
  const [password, setPassword] = useState("");
  const upload = useMutation({
    mutationFn: async () =>
      api.post(`/api/firms/${seg(firmId ?? "")}/signing-certificate`, {
        p12Base64: file ? await toBase64(file) : "",
        password,
      }),
    meta: { quiet: true },
    onSuccess: () => {
      notifySuccess("The signing certificate is stored.", "Report signing");
      setFile(null);
      setPassword("");
      void queryClient.invalidateQueries({ queryKey: key });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    upload.mutate();
  };
  if (firmId === null) {
    return (
      <>
        <PageHeader title="Report signing" />
        <Text c="dimmed">Report signing is set up by the CPA firm.</Text>
      </>
    );
  }
  const cert = query.data?.certificate;
  const canUpload = roles.includes("firm_admin") || roles.includes("partner");
  return (
    <>
      <PageHeader title="Report signing" subtitle="The certificate partners sign issued reports with" />
      <Stack>
        <Card withBorder>
          <Title order={4} mb="sm">
            Active certificate
          </Title>
          {query.isPending ? <TableSkeleton /> : null}
          {query.isError ? <ErrorState error={query.error} onRetry={() => void query.refetch()} /> : null}
          {query.isSuccess && !cert ? (
            <Text c="dimmed">No certificate yet; reports cannot be issued.</Text>
          ) : null}
          {cert ? (
            <Table data-testid="signing-certificate">
              <Table.Tbody>
                <Table.Tr>
                  <Table.Th>Subject</Table.Th>
                  <Table.Td>{cert.subject}</Table.Td>
                </Table.Tr>
                <Table.Tr>
                  <Table.Th>Serial</Table.Th>
                  <Table.Td>{cert.serial}</Table.Td>
                </Table.Tr>
                <Table.Tr>
                  <Table.Th>SHA-256 fingerprint</Table.Th>
                  <Table.Td style={{ wordBreak: "break-all" }}>{cert.fingerprint}</Table.Td>
                </Table.Tr>
                <Table.Tr>
                  <Table.Th>Valid</Table.Th>
                  <Table.Td>
                    {formatDateTime(cert.notBefore)} to {formatDateTime(cert.notAfter)}
                  </Table.Td>
                </Table.Tr>
              </Table.Tbody>
            </Table>
          ) : null}
        </Card>
        {canUpload ? (
          <Card withBorder>
            <form onSubmit={submit}>
              <Stack>
                <Title order={4}>Upload a certificate</Title>
                <Text size="sm" c="dimmed">
                  A PKCS#12 file (.p12 or .pfx) with the RSA private key. It replaces the active certificate
                  and is stored encrypted.
                </Text>
                <FileInput label="PKCS#12 file" accept=".p12,.pfx" value={file} onChange={setFile} required />
                <PasswordInput
                  label="Password"
                  value={password}
                  onChange={(e) => setPassword(e.currentTarget.value)}
                />
                {upload.isError ? <Alert color="red">{errorMessage(upload.error)}</Alert> : null}
                <Button
                  type="submit"
                  leftSection={<IconUpload size={16} />}
                  loading={upload.isPending}
                  disabled={!file}
                >
                  Upload
                </Button>
              </Stack>
            </form>
          </Card>
        ) : null}
      </Stack>
    </>
  );
}
