import {
  Button,
  Card,
  Group,
  Modal,
  NumberInput,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
} from "@mantine/core";
import { IconBuildingSkyscraper, IconPlus, IconSearch } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { Link, Navigate, useNavigate, useSearchParams } from "react-router-dom";
import { api, seg } from "../api";
import { PageHeader } from "../components/PageHeader";
import { EmptyState, ErrorState, TableSkeleton } from "../components/States";
import { clientEngagementCount, SECTORS, sectorLabel } from "../format";
import { notifySuccess } from "../notify";
import { keys, useDashboard } from "../queries";
import { useFirmId } from "../session";
import type { Organization } from "../types";

function NewClientModal({
  firmId,
  opened,
  onClose,
}: {
  firmId: string;
  opened: boolean;
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [name, setName] = useState("");
  const [sector, setSector] = useState<string | null>("it_saas");
  const [employees, setEmployees] = useState<number | string>("");
  const [city, setCity] = useState("");
  const [country, setCountry] = useState("India");

  const create = useMutation({
    mutationFn: () =>
      api.post<Organization | { organization: Organization }>(`/api/firms/${seg(firmId)}/organizations`, {
        name: name.trim(),
        sector: sector ?? "other",
        ...(typeof employees === "number" ? { employees } : {}),
        ...(city.trim() !== "" ? { city: city.trim() } : {}),
        country: country.trim(),
      }),
    meta: { errorTitle: "Client not created" },
    onSuccess: (res) => {
      const org = "organization" in res ? res.organization : res;
      notifySuccess(`${org.name ?? name} was added as a client.`, "Client created");
      void queryClient.invalidateQueries({ queryKey: keys.dashboard(firmId) });
      onClose();
      if (org.id) navigate(`/clients/${org.id}`);
    },
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };

  return (
    <Modal opened={opened} onClose={onClose} title="New client" size="md">
      <form onSubmit={submit} data-testid="new-client-form">
        <Stack gap="sm">
          <TextInput
            label="Name"
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            required
            data-autofocus
          />
          <Select
            label="Sector"
            data={SECTORS}
            value={sector}
            onChange={setSector}
            allowDeselect={false}
            required
          />
          <NumberInput
            label="Employees"
            value={employees}
            onChange={setEmployees}
            min={1}
            allowDecimal={false}
            thousandSeparator=","
          />
          <Group grow>
            <TextInput label="City" value={city} onChange={(e) => setCity(e.currentTarget.value)} />
            <TextInput
              label="Country"
              value={country}
              onChange={(e) => setCountry(e.currentTarget.value)}
              required
            />
          </Group>
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending}>
              Create client
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

export function ClientsPage() {
  const firmId = useFirmId();
  const query = useDashboard(firmId);
  const [params, setParams] = useSearchParams();
  const [search, setSearch] = useState("");
  if (!firmId) return <Navigate to="/" replace />;

  const opened = params.get("new") === "1";
  const setOpened = (open: boolean) => setParams(open ? { new: "1" } : {}, { replace: true });
  const clients = (query.data?.clients ?? []).filter((c) =>
    `${c.name} ${c.city ?? ""} ${sectorLabel(c.sector)}`.toLowerCase().includes(search.trim().toLowerCase()),
  );

  return (
    <>
      <PageHeader
        title="Clients"
        subtitle="Service organizations your firm examines"
        actions={
          <Button
            leftSection={<IconPlus size={16} />}
            onClick={() => setOpened(true)}
            data-testid="new-client"
          >
            New client
          </Button>
        }
      />
      <Card padding="md">
        {query.isPending ? (
          <TableSkeleton />
        ) : query.isError ? (
          <ErrorState error={query.error} onRetry={() => void query.refetch()} />
        ) : (query.data.clients ?? []).length === 0 ? (
          <EmptyState
            icon={<IconBuildingSkyscraper size={22} />}
            title="No clients yet"
            action={
              <Button size="xs" variant="default" onClick={() => setOpened(true)}>
                Add a client
              </Button>
            }
          >
            Add a client by hand, or convert an enquiry from your public page.
          </EmptyState>
        ) : (
          <Stack gap="sm">
            <TextInput
              placeholder="Search clients"
              leftSection={<IconSearch size={16} />}
              value={search}
              onChange={(e) => setSearch(e.currentTarget.value)}
              maw={320}
              aria-label="Search clients"
            />
            <Table data-testid="clients-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Client</Table.Th>
                  <Table.Th>Sector</Table.Th>
                  <Table.Th>City</Table.Th>
                  <Table.Th ta="right">Engagements</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {clients.map((c) => (
                  <Table.Tr key={c.id} data-testid="client-row">
                    <Table.Td>
                      <Link className="fw-row-link" to={`/clients/${c.id}`}>
                        {c.name}
                      </Link>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{sectorLabel(c.sector)}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{c.city ?? "—"}</Text>
                    </Table.Td>
                    <Table.Td ta="right" className="fw-tabular">
                      {clientEngagementCount(c)}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            {clients.length === 0 ? (
              <Text size="sm" c="dimmed" ta="center" py="md">
                No client matches “{search}”.
              </Text>
            ) : null}
          </Stack>
        )}
      </Card>
      {opened ? <NewClientModal firmId={firmId} opened={opened} onClose={() => setOpened(false)} /> : null}
    </>
  );
}
