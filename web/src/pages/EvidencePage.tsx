import {
  ActionIcon,
  Anchor,
  Badge,
  Box,
  Button,
  Card,
  Checkbox,
  Group,
  Modal,
  Select,
  Table,
  Text,
  TextInput,
  Tooltip,
} from "@mantine/core";
import { IconDownload, IconFiles, IconPlayerPlay, IconSearch, IconUpload } from "@tabler/icons-react";
import { useState } from "react";
import { Link } from "react-router-dom";
import { EvidenceSourceBadge } from "../components/Badges";
import {
  CheckSummary,
  downloadHref,
  ImporterForm,
  UploadEvidenceForm,
  worstCheck,
} from "../components/Evidence";
import { PageHeader } from "../components/PageHeader";
import { EmptyState, ErrorState, TableSkeleton } from "../components/States";
import { EVIDENCE_SOURCE_LABELS, formatBytes, formatDate, formatRange, plural } from "../format";
import { useControls, useEvidenceList } from "../queries";
import { OrgOnly, useOrgAccess } from "../workspace";

/** Every evidence item of an organization, with filters; uploads and importer runs for its contributors. */
export function EvidenceLibrary({ orgId, embedded = false }: { orgId: string; embedded?: boolean }) {
  const access = useOrgAccess(orgId);
  const [source, setSource] = useState<string | null>(null);
  const [controlId, setControlId] = useState<string | null>(null);
  const [superseded, setSuperseded] = useState(false);
  const [checks, setChecks] = useState<string | null>(null);
  const [search, setSearch] = useState("");
  const [modal, setModal] = useState<"upload" | "importer" | null>(null);
  const controls = useControls(orgId);
  const query = useEvidenceList(orgId, {
    source: source ?? undefined,
    controlId: controlId ?? undefined,
    includeSuperseded: superseded,
  });
  const items = query.data ?? [];
  const q = search.trim().toLowerCase();
  const filtered = items.filter(
    (i) =>
      (!q ||
        i.title.toLowerCase().includes(q) ||
        (i.originalName ?? "").toLowerCase().includes(q) ||
        i.controls.some((c) => c.code.toLowerCase().includes(q))) &&
      (!checks || (checks === "none" ? worstCheck(i) === null : worstCheck(i) === checks)),
  );
  const actions = access.contributor ? (
    <>
      <Button
        variant="default"
        leftSection={<IconPlayerPlay size={16} />}
        onClick={() => setModal("importer")}
      >
        Run an importer
      </Button>
      <Button
        leftSection={<IconUpload size={16} />}
        onClick={() => setModal("upload")}
        data-testid="open-upload"
      >
        Upload evidence
      </Button>
    </>
  ) : null;

  return (
    <>
      {embedded ? null : (
        <PageHeader
          title="Evidence"
          subtitle="Every file that shows a control operated: encrypted at rest, versioned, and every download recorded"
          actions={actions}
        />
      )}
      <Card padding="md">
        <Group gap="sm" mb="md" wrap="wrap" data-testid="evidence-filters">
          <TextInput
            placeholder="Search title, file or control"
            leftSection={<IconSearch size={16} />}
            value={search}
            onChange={(e) => setSearch(e.currentTarget.value)}
            w={240}
            aria-label="Search evidence"
          />
          <Select
            placeholder="Any control"
            data={(controls.data ?? []).map((c) => ({ value: c.id, label: `${c.code} · ${c.title}` }))}
            value={controlId}
            onChange={setControlId}
            clearable
            searchable
            w={260}
            aria-label="Control"
            data-testid="filter-control"
          />
          <Select
            placeholder="Any source"
            data={Object.entries(EVIDENCE_SOURCE_LABELS).map(([value, label]) => ({ value, label }))}
            value={source}
            onChange={setSource}
            clearable
            w={150}
            aria-label="Source"
            data-testid="filter-source"
          />
          <Select
            placeholder="Any checks"
            data={[
              { value: "fail", label: "Failing checks" },
              { value: "warn", label: "Warnings" },
              { value: "pass", label: "All checks pass" },
              { value: "none", label: "No checks" },
            ]}
            value={checks}
            onChange={setChecks}
            clearable
            w={160}
            aria-label="Checks"
            data-testid="filter-checks"
          />
          <Checkbox
            label="Include older versions"
            checked={superseded}
            onChange={(e) => setSuperseded(e.currentTarget.checked)}
          />
          {embedded ? <Group ml="auto">{actions}</Group> : null}
        </Group>
        {query.isPending ? (
          <TableSkeleton rows={6} />
        ) : query.isError ? (
          <ErrorState error={query.error} onRetry={() => void query.refetch()} />
        ) : filtered.length === 0 ? (
          <EmptyState
            icon={<IconFiles size={22} />}
            title={items.length === 0 ? "No evidence yet" : "No evidence matches"}
            testId="evidence-empty"
          >
            {items.length === 0
              ? access.contributor
                ? "Upload a file, run an importer on an export (AWS, GitHub, scanners, HR), or send files from CI with an API token."
                : "The organization has not uploaded evidence yet."
              : "Change the filters to see more."}
          </EmptyState>
        ) : (
          <Box style={{ overflowX: "auto" }}>
            <Table miw={980} data-testid="evidence-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Evidence</Table.Th>
                  <Table.Th>Effective</Table.Th>
                  <Table.Th>Source</Table.Th>
                  <Table.Th>Controls</Table.Th>
                  <Table.Th>Checks</Table.Th>
                  <Table.Th>Uploaded</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {filtered.map((i) => (
                  <Table.Tr key={i.id} data-testid="evidence-row" data-id={i.id} data-source={i.source}>
                    <Table.Td maw={320}>
                      <Group gap={6} wrap="nowrap">
                        <Link className="fw-row-link" to={`/evidence/${i.id}`}>
                          {i.title}
                        </Link>
                        {i.version > 1 ? (
                          <Badge size="xs" variant="outline" color="gray">
                            v{i.version}
                          </Badge>
                        ) : null}
                      </Group>
                      <Text size="xs" c="dimmed" truncate>
                        {i.originalName ?? i.mediaType} · {formatBytes(i.size)}
                      </Text>
                    </Table.Td>
                    <Table.Td style={{ whiteSpace: "nowrap" }}>
                      <Text size="sm" className="fw-tabular">
                        {formatDate(i.effectiveDate)}
                      </Text>
                      {i.periodStart || i.periodEnd ? (
                        <Text size="xs" c="dimmed">
                          {formatRange(i.periodStart, i.periodEnd)}
                        </Text>
                      ) : null}
                    </Table.Td>
                    <Table.Td>
                      <EvidenceSourceBadge source={i.source} />
                    </Table.Td>
                    <Table.Td maw={220}>
                      <Group gap={4}>
                        {i.controls.length === 0 ? (
                          <Text size="xs" c="orange.8">
                            Not linked
                          </Text>
                        ) : (
                          i.controls.slice(0, 4).map((c) => (
                            <Tooltip key={c.id} label={c.title}>
                              <Badge
                                component={Link}
                                to={`/controls/${c.id}`}
                                variant="light"
                                color="brand"
                                style={{ cursor: "pointer", textTransform: "none" }}
                              >
                                {c.code}
                              </Badge>
                            </Tooltip>
                          ))
                        )}
                        {i.controls.length > 4 ? (
                          <Text size="xs" c="dimmed">
                            +{i.controls.length - 4}
                          </Text>
                        ) : null}
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      {i.checks ? <CheckSummary checks={i.checks.checks} /> : <Text c="dimmed">—</Text>}
                    </Table.Td>
                    <Table.Td style={{ whiteSpace: "nowrap" }}>
                      <Text size="sm">{i.uploadedByName ?? "—"}</Text>
                      <Text size="xs" c="dimmed">
                        {formatDate(i.uploadedAt)}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Tooltip label="Download">
                        <ActionIcon
                          component="a"
                          href={downloadHref(i.id)}
                          variant="subtle"
                          aria-label={`Download ${i.title}`}
                        >
                          <IconDownload size={16} />
                        </ActionIcon>
                      </Tooltip>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            <Text size="xs" c="dimmed" mt="sm">
              {filtered.length === items.length
                ? plural(items.length, "item")
                : `${filtered.length} of ${items.length} items`}
              {superseded ? ", older versions included" : ", current versions"}.{" "}
              {access.auditor ? (
                <Anchor size="xs" component={Link} to="/audit">
                  Views and downloads appear in the audit trail.
                </Anchor>
              ) : null}
            </Text>
          </Box>
        )}
      </Card>
      <Modal
        opened={modal !== null}
        onClose={() => setModal(null)}
        title={modal === "importer" ? "Run an importer" : "Upload evidence"}
        size="lg"
      >
        {modal === "upload" ? (
          <UploadEvidenceForm orgId={orgId} controls={controls.data ?? []} onDone={() => setModal(null)} />
        ) : modal === "importer" ? (
          <ImporterForm orgId={orgId} />
        ) : null}
      </Modal>
    </>
  );
}

export function EvidencePage() {
  return <OrgOnly what="evidence">{(orgId) => <EvidenceLibrary orgId={orgId} />}</OrgOnly>;
}
