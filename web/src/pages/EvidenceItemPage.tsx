import {
  ActionIcon,
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Code,
  FileInput,
  Grid,
  Group,
  Select,
  Skeleton,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  Tooltip,
} from "@mantine/core";
import { IconDownload, IconFile, IconHistory, IconLink, IconUnlink, IconUpload } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, type ReactNode, useState } from "react";
import { Link, useNavigate, useParams } from "react-router-dom";
import { api, errorMessage, seg } from "../api";
import { EvidenceSourceBadge } from "../components/Badges";
import { CheckList, CheckSummary, downloadHref } from "../components/Evidence";
import { PageHeader } from "../components/PageHeader";
import { CardsSkeleton, ErrorState } from "../components/States";
import { formatBytes, formatDate, formatDateTime, formatRange } from "../format";
import { notifySuccess } from "../notify";
import { keys, useControls, useEvidenceItem, useOrganization } from "../queries";
import type { EvidenceDetail, EvidenceItem } from "../types";
import { useOrgAccess, useOrgLinks } from "../workspace";

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Stack gap={2}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600} style={{ letterSpacing: "0.04em" }}>
        {label}
      </Text>
      <Text size="sm" component="div">
        {children}
      </Text>
    </Stack>
  );
}

function NewVersionForm({ item }: { item: EvidenceDetail }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [file, setFile] = useState<File | null>(null);
  const [effectiveDate, setEffectiveDate] = useState("");
  const upload = useMutation({
    mutationFn: () => {
      const form = new FormData();
      if (effectiveDate) form.append("effectiveDate", effectiveDate);
      if (file) form.append("file", file, file.name);
      return api.upload<EvidenceItem>(`/api/evidence/${seg(item.id)}/versions`, form);
    },
    meta: { quiet: true },
    onSuccess: (next) => {
      notifySuccess(
        `Version ${next.version} of “${next.title}” is now current; version ${item.version} is kept.`,
        "New version",
      );
      void queryClient.invalidateQueries({ queryKey: keys.evidence(item.orgId) });
      void queryClient.invalidateQueries({ queryKey: keys.freshness(item.orgId) });
      navigate(`/evidence/${next.id}`);
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (file) upload.mutate();
  };
  return (
    <form onSubmit={submit} data-testid="new-version-form">
      <Stack gap="sm">
        <Group grow align="flex-start" wrap="wrap">
          <FileInput
            label="File"
            placeholder="Choose the corrected or newer file"
            value={file}
            onChange={setFile}
            leftSection={<IconFile size={16} />}
            clearable
            required
            aria-label="New version file"
          />
          <TextInput
            type="date"
            label="Effective date"
            description={`Empty keeps ${formatDate(item.effectiveDate)}`}
            value={effectiveDate}
            onChange={(e) => setEffectiveDate(e.currentTarget.value)}
          />
        </Group>
        {upload.isError ? (
          <Alert color="red" variant="light">
            {errorMessage(upload.error)}
          </Alert>
        ) : null}
        <Group justify="flex-end">
          <Button
            type="submit"
            leftSection={<IconUpload size={16} />}
            disabled={!file}
            loading={upload.isPending}
          >
            Upload new version
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function LinkedControls({ item, canEdit }: { item: EvidenceDetail; canEdit: boolean }) {
  const queryClient = useQueryClient();
  const controls = useControls(canEdit ? item.orgId : null);
  const [adding, setAdding] = useState<string | null>(null);
  const refresh = (next: EvidenceItem) => {
    queryClient.setQueryData<EvidenceDetail>(keys.evidenceItem(item.id), (old) =>
      old ? { ...old, controls: next.controls } : old,
    );
    void queryClient.invalidateQueries({ queryKey: keys.evidence(item.orgId) });
    void queryClient.invalidateQueries({ queryKey: keys.freshness(item.orgId) });
  };
  const link = useMutation({
    mutationFn: (controlId: string) =>
      api.post<EvidenceItem>(`/api/evidence/${seg(item.id)}/links`, { controlIds: [controlId] }),
    meta: { errorTitle: "Not linked" },
    onSuccess: (next) => {
      setAdding(null);
      refresh(next);
    },
  });
  const unlink = useMutation({
    mutationFn: (controlId: string) =>
      api.delete<EvidenceItem>(`/api/evidence/${seg(item.id)}/links/${seg(controlId)}`),
    meta: { errorTitle: "Not unlinked" },
    onSuccess: refresh,
  });
  const current = item.supersededById === null;
  return (
    <Stack gap="xs" data-testid="linked-controls">
      {item.controls.length === 0 ? (
        <Text size="sm" c="orange.8">
          Not linked to any control.
        </Text>
      ) : (
        item.controls.map((c) => (
          <Group key={c.id} justify="space-between" wrap="nowrap">
            <Anchor component={Link} to={`/controls/${c.id}`} size="sm">
              <Text span ff="monospace" fw={600}>
                {c.code}
              </Text>{" "}
              {c.title}
            </Anchor>
            {canEdit ? (
              <Tooltip label={`Unlink from ${c.code}`}>
                <ActionIcon
                  variant="subtle"
                  color="red"
                  onClick={() => unlink.mutate(c.id)}
                  loading={unlink.isPending && unlink.variables === c.id}
                  aria-label={`Unlink ${c.code}`}
                >
                  <IconUnlink size={16} />
                </ActionIcon>
              </Tooltip>
            ) : null}
          </Group>
        ))
      )}
      {canEdit && current ? (
        <Group gap="xs" wrap="nowrap" mt="xs">
          <Select
            placeholder="Link to a control"
            data={(controls.data ?? [])
              .filter((c) => !item.controls.some((k) => k.id === c.id))
              .map((c) => ({ value: c.id, label: `${c.code} · ${c.title}` }))}
            value={adding}
            onChange={setAdding}
            searchable
            style={{ flex: 1 }}
            comboboxProps={{ withinPortal: true }}
            aria-label="Control to link"
          />
          <Button
            variant="default"
            leftSection={<IconLink size={14} />}
            disabled={!adding}
            loading={link.isPending}
            onClick={() => adding && link.mutate(adding)}
          >
            Link
          </Button>
        </Group>
      ) : null}
    </Stack>
  );
}

export function EvidenceItemPage() {
  const { id } = useParams();
  const query = useEvidenceItem(id);
  const orgId = query.data?.orgId ?? null;
  const access = useOrgAccess(orgId);
  const links = useOrgLinks(orgId ?? "");
  const org = useOrganization(access.auditor ? orgId : null);

  if (query.isPending) {
    return (
      <Stack>
        <Skeleton height={16} width={200} />
        <Skeleton height={34} width={420} />
        <CardsSkeleton count={2} height={200} />
      </Stack>
    );
  }
  if (query.isError) {
    return (
      <>
        <PageHeader title="Evidence" crumbs={[{ label: "Evidence", to: "/evidence" }]} />
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      </>
    );
  }
  const item = query.data;
  const current = item.supersededById === null;
  const crumbs = access.auditor
    ? [
        { label: "Clients", to: "/clients" },
        { label: org.data?.organization.name ?? "Client", to: `/clients/${item.orgId}` },
        { label: "Evidence", to: links.evidence },
        { label: item.title },
      ]
    : [{ label: "Evidence", to: "/evidence" }, { label: item.title }];
  return (
    <>
      <PageHeader
        title={<span data-testid="evidence-title">{item.title}</span>}
        crumbs={crumbs}
        badges={
          <>
            <EvidenceSourceBadge source={item.source} size="lg" />
            <Badge variant="outline" color="gray" size="lg">
              Version {item.version}
            </Badge>
            {current ? null : (
              <Badge color="orange" variant="light" size="lg">
                Superseded
              </Badge>
            )}
          </>
        }
        subtitle={`Effective ${formatDate(item.effectiveDate)}${item.periodStart || item.periodEnd ? ` · period ${formatRange(item.periodStart, item.periodEnd)}` : ""}`}
        actions={
          <Button
            component="a"
            href={downloadHref(item.id)}
            leftSection={<IconDownload size={16} />}
            data-testid="evidence-download"
          >
            Download
          </Button>
        }
      />
      <Stack gap="lg">
        {!current ? (
          <Alert color="orange" variant="light" icon={<IconHistory size={18} />}>
            A newer version replaces this one.{" "}
            <Anchor component={Link} to={`/evidence/${item.supersededById}`}>
              Open the current version
            </Anchor>
            .
          </Alert>
        ) : null}
        <Grid gutter="lg">
          <Grid.Col span={{ base: 12, md: 8 }}>
            <Stack gap="lg">
              <Card>
                <Grid gutter="md">
                  <Grid.Col span={{ base: 6, sm: 4 }}>
                    <Field label="File">{item.originalName ?? "—"}</Field>
                  </Grid.Col>
                  <Grid.Col span={{ base: 6, sm: 4 }}>
                    <Field label="Type and size">
                      {item.mediaType} · {formatBytes(item.size)}
                    </Field>
                  </Grid.Col>
                  <Grid.Col span={{ base: 6, sm: 4 }}>
                    <Field label="Uploaded">
                      {item.uploadedByName ?? "—"}, {formatDateTime(item.uploadedAt)}
                    </Field>
                  </Grid.Col>
                  <Grid.Col span={12}>
                    <Field label="SHA-256">
                      <Code fz="xs" style={{ wordBreak: "break-all" }}>
                        {item.sha256}
                      </Code>
                    </Field>
                  </Grid.Col>
                  {item.description ? (
                    <Grid.Col span={12}>
                      <Field label="Description">{item.description}</Field>
                    </Grid.Col>
                  ) : null}
                </Grid>
              </Card>
              {item.checks && item.checks.checks.length > 0 ? (
                <Card>
                  <Group justify="space-between" mb="sm">
                    <Title order={3}>Importer checks</Title>
                    <CheckSummary checks={item.checks.checks} />
                  </Group>
                  <CheckList checks={item.checks.checks} openFindings />
                </Card>
              ) : null}
              <Card>
                <Title order={3} mb="sm">
                  Versions
                </Title>
                <Table data-testid="evidence-versions">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Version</Table.Th>
                      <Table.Th>Effective</Table.Th>
                      <Table.Th>Size</Table.Th>
                      <Table.Th>Uploaded</Table.Th>
                      <Table.Th>SHA-256</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {[...item.versions]
                      .sort((a, b) => b.version - a.version)
                      .map((v) => (
                        <Table.Tr
                          key={v.id}
                          data-testid="evidence-version"
                          bg={v.id === item.id ? "var(--mantine-color-brand-0)" : undefined}
                        >
                          <Table.Td>
                            {v.id === item.id ? (
                              <Text size="sm" fw={600}>
                                v{v.version} (this)
                              </Text>
                            ) : (
                              <Anchor component={Link} to={`/evidence/${v.id}`} size="sm">
                                v{v.version}
                              </Anchor>
                            )}
                          </Table.Td>
                          <Table.Td>{formatDate(v.effectiveDate)}</Table.Td>
                          <Table.Td>{formatBytes(v.size)}</Table.Td>
                          <Table.Td>
                            {v.uploadedByName ?? "—"}, {formatDate(v.uploadedAt)}
                          </Table.Td>
                          <Table.Td>
                            <Code fz="xs">{v.sha256.slice(0, 12)}…</Code>
                          </Table.Td>
                        </Table.Tr>
                      ))}
                  </Table.Tbody>
                </Table>
                {access.contributor && current ? (
                  <Stack mt="md" gap="xs">
                    <Text size="sm" fw={600}>
                      Upload a new version
                    </Text>
                    <Text size="xs" c="dimmed">
                      The current file is kept as version {item.version}; links to controls carry over.
                    </Text>
                    <NewVersionForm item={item} />
                  </Stack>
                ) : null}
              </Card>
            </Stack>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 4 }}>
            <Card>
              <Title order={3} mb="sm">
                Linked controls
              </Title>
              <LinkedControls item={item} canEdit={access.contributor} />
            </Card>
            <Text size="xs" c="dimmed" mt="sm">
              Opening and downloading evidence is recorded in the audit trail.
            </Text>
          </Grid.Col>
        </Grid>
      </Stack>
    </>
  );
}
