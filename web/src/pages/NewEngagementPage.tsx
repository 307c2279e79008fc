import {
  Alert,
  Button,
  Card,
  Checkbox,
  Grid,
  Group,
  Input,
  SegmentedControl,
  Select,
  Stack,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { IconAlertCircle } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useNavigate, useSearchParams } from "react-router-dom";
import { api, errorMessage, seg } from "../api";
import { CategoryPicker } from "../components/CategoryPicker";
import { PageHeader } from "../components/PageHeader";
import { notifySuccess } from "../notify";
import { useDashboard } from "../queries";
import { useTenant } from "../session";
import type { CategoryCode, EngagementType } from "../types";

interface Created {
  id?: string;
  engagement?: { id: string };
  engagementId?: string;
}

export function NewEngagementPage() {
  const { tenant, isFirm } = useTenant();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const dashboard = useDashboard(isFirm && tenant ? tenant.id : null);

  const [orgId, setOrgId] = useState<string | null>(isFirm ? params.get("org") : (tenant?.id ?? null));
  const [name, setName] = useState("");
  const [type, setType] = useState<EngagementType>("type2");
  const [asOfDate, setAsOfDate] = useState("");
  const [periodStart, setPeriodStart] = useState("");
  const [periodEnd, setPeriodEnd] = useState("");
  const [firstReport, setFirstReport] = useState(true);
  const [categories, setCategories] = useState<CategoryCode[]>(["CC"]);

  const clientOptions = isFirm
    ? (dashboard.data?.clients ?? []).map((c) => ({ value: c.id, label: c.name }))
    : tenant
      ? [{ value: tenant.id, label: tenant.name }]
      : [];

  const create = useMutation({
    mutationFn: () =>
      api.post<Created>(`/api/organizations/${seg(orgId ?? "")}/engagements`, {
        name: name.trim(),
        type,
        ...(type === "type1" ? { asOfDate } : { periodStart, periodEnd }),
        firstReport,
        categories,
      }),
    // The refusal is shown above the buttons (the server's words); no toast on top of it.
    meta: { quiet: true },
    onSuccess: (res) => {
      notifySuccess(`${name.trim()} is in Scoping.`, "Engagement created");
      void queryClient.invalidateQueries({ queryKey: ["dashboard"] });
      void queryClient.invalidateQueries({ queryKey: ["organization"] });
      const id = res.engagement?.id ?? res.engagementId ?? res.id;
      navigate(id ? `/engagements/${id}` : "/engagements");
    },
  });

  const periodProblem =
    type === "type2" && periodStart !== "" && periodEnd !== "" && periodEnd <= periodStart
      ? "The period must end after it starts."
      : null;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!orgId || periodProblem) return;
    create.mutate();
  };

  return (
    <>
      <PageHeader
        title="New engagement"
        crumbs={[{ label: "Engagements", to: "/engagements" }, { label: "New" }]}
        subtitle="One SOC 2 examination of one client. It starts in Scoping; you can refine everything there."
      />
      <form onSubmit={submit} data-testid="new-engagement-form">
        <Grid gutter="lg">
          <Grid.Col span={{ base: 12, md: 7 }}>
            <Card padding="lg">
              <Stack gap="md">
                <Select
                  label="Client"
                  placeholder={dashboard.isPending && isFirm ? "Loading clients…" : "Choose a client"}
                  data={clientOptions}
                  value={orgId}
                  onChange={setOrgId}
                  searchable
                  required
                  disabled={!isFirm}
                  nothingFoundMessage="No client by that name"
                  data-testid="engagement-client"
                />
                <TextInput
                  label="Engagement name"
                  placeholder="SOC 2 Type 2 FY 2026-27"
                  value={name}
                  onChange={(e) => setName(e.currentTarget.value)}
                  required
                />
                <Input.Wrapper
                  label="Report type"
                  description="Type 1: design as of one date. Type 2: design and operation over 3–12 months."
                >
                  <SegmentedControl
                    mt={6}
                    fullWidth
                    value={type}
                    onChange={(v) => setType(v as EngagementType)}
                    data={[
                      { value: "type1", label: "Type 1" },
                      { value: "type2", label: "Type 2" },
                    ]}
                    data-testid="engagement-type"
                  />
                </Input.Wrapper>
                {type === "type1" ? (
                  <TextInput
                    label="As-of date"
                    type="date"
                    value={asOfDate}
                    onChange={(e) => setAsOfDate(e.currentTarget.value)}
                    required
                  />
                ) : (
                  <Group grow align="flex-start">
                    <TextInput
                      label="Period start"
                      type="date"
                      value={periodStart}
                      onChange={(e) => setPeriodStart(e.currentTarget.value)}
                      required
                    />
                    <TextInput
                      label="Period end"
                      type="date"
                      value={periodEnd}
                      onChange={(e) => setPeriodEnd(e.currentTarget.value)}
                      error={periodProblem}
                      required
                    />
                  </Group>
                )}
                <Checkbox
                  label="First report"
                  description="The organization has not had a SOC 2 report before"
                  checked={firstReport}
                  onChange={(e) => setFirstReport(e.currentTarget.checked)}
                />
              </Stack>
            </Card>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 5 }}>
            <Card padding="lg">
              <Stack gap="sm">
                <Title order={3}>Trust services categories</Title>
                <Text size="sm" c="dimmed">
                  Security is always in scope. The Scope tab recommends the others from the client's sector
                  and service.
                </Text>
                <CategoryPicker value={categories} onChange={setCategories} showReasons={false} />
              </Stack>
            </Card>
          </Grid.Col>
        </Grid>
        <Stack mt="lg" gap="sm">
          {create.isError ? (
            <Alert
              color="red"
              variant="light"
              icon={<IconAlertCircle size={18} />}
              title="Engagement not created"
              data-testid="form-error"
            >
              {errorMessage(create.error)}
            </Alert>
          ) : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => navigate(-1)}>
              Cancel
            </Button>
            <Button
              type="submit"
              loading={create.isPending}
              disabled={!orgId}
              data-testid="create-engagement"
            >
              Create engagement
            </Button>
          </Group>
        </Stack>
      </form>
    </>
  );
}
