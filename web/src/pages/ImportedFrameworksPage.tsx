/**
 * Imported frameworks (issue 6 §2): the OSCAL catalogs and profiles the organization imported (for
 * example NIST SP 800-53 rev 5 and its LOW baseline) with their controls, and the component
 * definitions imported as vendors' CSOCs. Admins and control owners import a JSON file here; an
 * invalid document is refused with the JSON path of its first problem.
 */
import {
  Badge,
  Button,
  FileButton,
  Group,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { IconFileImport, IconSearch } from "@tabler/icons-react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { ApiError, api, seg, withQuery } from "../api";
import { PageHeader } from "../components/PageHeader";
import { EmptyState, ErrorState, TableSkeleton } from "../components/States";
import { formatDate, plural } from "../format";
import { notifyError, notifySuccess } from "../notify";
import { OrgOnly } from "../workspace";
import { useVendors } from "./governance/vendor-api";

interface ImportedFramework {
  id: string;
  kind: "catalog" | "profile";
  title: string;
  version: string;
  oscalVersion: string;
  sourceName: string | null;
  catalogId: string | null;
  controlCount: number;
  importedAt: string;
}

interface ImportedList {
  frameworks: ImportedFramework[];
  componentDefinitions: {
    id: string;
    vendorName: string;
    title: string;
    version: string;
    components: string[];
    csocCount: number;
    updatedAt: string;
  }[];
  permissions: { canImport: boolean };
}

interface FrameworkDetail {
  framework: ImportedFramework;
  catalog: { id: string; title: string } | null;
  controls: {
    id: string;
    label: string;
    title: string;
    groupTitle: string | null;
    parentId: string | null;
  }[];
}

const listKey = (orgId: string) => ["imported-frameworks", orgId] as const;

function Controls({ id }: { id: string }) {
  const [q, setQ] = useState("");
  const query = useQuery({
    queryKey: ["imported-framework", id],
    queryFn: ({ signal }) => api.get<FrameworkDetail>(`/api/imported-frameworks/${seg(id)}`, signal),
  });
  const rows = useMemo(() => {
    const needle = q.trim().toLowerCase();
    const all = query.data?.controls ?? [];
    return needle
      ? all.filter((c) => `${c.label} ${c.title} ${c.groupTitle ?? ""}`.toLowerCase().includes(needle))
      : all;
  }, [query.data, q]);
  if (query.isPending) return <TableSkeleton rows={6} />;
  if (query.error) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  const d = query.data;
  return (
    <Stack gap="sm" data-testid="imported-controls">
      <Group justify="space-between">
        <Title order={4}>{d.framework.title}</Title>
        <TextInput
          aria-label="Search controls"
          placeholder="Search controls"
          leftSection={<IconSearch size={14} />}
          value={q}
          onChange={(e) => setQ(e.currentTarget.value)}
          w={260}
        />
      </Group>
      {d.catalog ? (
        <Text size="sm" c="dimmed">
          Selected from {d.catalog.title}.
        </Text>
      ) : null}
      <Table striped highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={120}>Control</Table.Th>
            <Table.Th>Title</Table.Th>
            <Table.Th w={260}>Family</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((c) => (
            <Table.Tr key={c.id} data-testid={`imported-control-${c.id}`}>
              <Table.Td>
                <Text size="sm" fw={600} pl={c.parentId ? "md" : 0}>
                  {c.label}
                </Text>
              </Table.Td>
              <Table.Td>{c.title}</Table.Td>
              <Table.Td>
                <Text size="sm" c="dimmed">
                  {c.groupTitle ?? ""}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}

function ImportButton({ orgId }: { orgId: string }) {
  const client = useQueryClient();
  const vendors = useVendors(orgId, {});
  const [vendorId, setVendorId] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const upload = async (file: File | null) => {
    if (!file) return;
    setBusy(true);
    try {
      const answer = await api.postFile<{
        framework?: ImportedFramework;
        componentDefinition?: { vendorName: string; imported: number };
      }>(
        withQuery(`/api/organizations/${seg(orgId)}/oscal/import`, { sourceName: file.name, vendorId }),
        file,
        "application/json",
      );
      if (answer.framework) {
        notifySuccess(
          `${answer.framework.title}: ${plural(answer.framework.controlCount, "control")}.`,
          `Imported ${answer.framework.kind}`,
        );
      } else if (answer.componentDefinition) {
        notifySuccess(
          `${plural(answer.componentDefinition.imported, "CSOC")} recorded on ${answer.componentDefinition.vendorName}.`,
          "Imported component definition",
        );
      }
      await client.invalidateQueries({ queryKey: listKey(orgId) });
    } catch (error) {
      const path =
        error instanceof ApiError && Array.isArray(error.details)
          ? (error.details[0] as { path?: string } | undefined)?.path
          : undefined;
      notifyError(error, path ? `Not imported (at ${path})` : "Not imported");
    } finally {
      setBusy(false);
    }
  };
  return (
    <Group gap="xs">
      <Select
        aria-label="Vendor for a component definition"
        placeholder="Vendor, for CSOCs"
        clearable
        w={260}
        value={vendorId}
        onChange={setVendorId}
        data={(vendors.data?.vendors ?? []).map((v) => ({ value: v.id, label: v.name }))}
        data-testid="oscal-import-vendor"
      />
      <FileButton onChange={(f) => void upload(f)} accept="application/json,.json">
        {(props) => (
          <Button
            {...props}
            loading={busy}
            leftSection={<IconFileImport size={16} />}
            data-testid="oscal-import"
          >
            Import OSCAL file
          </Button>
        )}
      </FileButton>
    </Group>
  );
}

export function ImportedFrameworksView({ orgId }: { orgId: string }) {
  const [selected, setSelected] = useState<string | null>(null);
  const query = useQuery({
    queryKey: listKey(orgId),
    queryFn: ({ signal }) =>
      api.get<ImportedList>(`/api/organizations/${seg(orgId)}/imported-frameworks`, signal),
  });
  const data = query.data;
  const chosen = selected ?? data?.frameworks[0]?.id ?? null;
  return (
    <>
      <PageHeader
        title="Imported frameworks"
        subtitle="OSCAL catalogs and profiles your organization imported, such as NIST SP 800-53 rev 5 and a baseline, and vendors' component definitions recorded as their CSOCs."
        actions={data?.permissions.canImport ? <ImportButton orgId={orgId} /> : null}
      />
      {query.isPending ? <TableSkeleton /> : null}
      {query.error ? <ErrorState error={query.error} onRetry={() => void query.refetch()} /> : null}
      {data && data.frameworks.length === 0 && data.componentDefinitions.length === 0 ? (
        <EmptyState title="Nothing imported yet" testId="imported-empty">
          Import an OSCAL catalog (JSON) first, then a profile that selects from it; a component definition
          goes onto the vendor you pick.
        </EmptyState>
      ) : null}
      {data && data.frameworks.length > 0 ? (
        <Stack gap="lg">
          <Table highlightOnHover data-testid="imported-frameworks">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Framework</Table.Th>
                <Table.Th w={100}>Kind</Table.Th>
                <Table.Th w={110}>Version</Table.Th>
                <Table.Th w={100}>Controls</Table.Th>
                <Table.Th w={130}>Imported</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.frameworks.map((f) => (
                <Table.Tr
                  key={f.id}
                  onClick={() => setSelected(f.id)}
                  style={{ cursor: "pointer" }}
                  bg={f.id === chosen ? "var(--mantine-color-blue-light)" : undefined}
                  data-testid={`imported-framework-${f.id}`}
                >
                  <Table.Td>
                    <Text size="sm" fw={600}>
                      {f.title}
                    </Text>
                    {f.sourceName ? (
                      <Text size="xs" c="dimmed">
                        {f.sourceName}
                      </Text>
                    ) : null}
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={f.kind === "catalog" ? "blue" : "grape"}>
                      {f.kind}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{f.version}</Table.Td>
                  <Table.Td>{f.controlCount}</Table.Td>
                  <Table.Td>{formatDate(f.importedAt)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {chosen ? <Controls id={chosen} /> : null}
        </Stack>
      ) : null}
      {data && data.componentDefinitions.length > 0 ? (
        <Stack gap="xs" mt="xl">
          <Title order={4}>Component definitions</Title>
          <Table data-testid="imported-components">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Definition</Table.Th>
                <Table.Th>Vendor</Table.Th>
                <Table.Th w={100}>CSOCs</Table.Th>
                <Table.Th w={130}>Updated</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.componentDefinitions.map((c) => (
                <Table.Tr key={c.id}>
                  <Table.Td>
                    <Text size="sm" fw={600}>
                      {c.title}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {c.components.join(", ")}
                    </Text>
                  </Table.Td>
                  <Table.Td>{c.vendorName}</Table.Td>
                  <Table.Td>{c.csocCount}</Table.Td>
                  <Table.Td>{formatDate(c.updatedAt)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Stack>
      ) : null}
    </>
  );
}

export function ImportedFrameworksPage() {
  return <OrgOnly what="imported frameworks">{(orgId) => <ImportedFrameworksView orgId={orgId} />}</OrgOnly>;
}
