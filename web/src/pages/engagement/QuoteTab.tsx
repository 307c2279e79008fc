import {
  Alert,
  Button,
  Card,
  Grid,
  Group,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from "@mantine/core";
import { IconCalculator, IconCircleCheck, IconLock } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { api, seg } from "../../api";
import { QuoteStatusBadge } from "../../components/Badges";
import { DriversTable, QuoteSummary } from "../../components/QuoteView";
import { ScopeSizeInputs } from "../../components/ScopeSizeInputs";
import { EmptyState } from "../../components/States";
import {
  CURRENCY_OPTIONS,
  categoryName,
  formatDate,
  formatMoney,
  formatPeriod,
  HOSTING_OPTIONS,
  isQuoteApproved,
  LEVEL_OPTIONS,
  personName,
  quoteFigures,
  typeLabel,
} from "../../format";
import { notifySuccess } from "../../notify";
import { keys } from "../../queries";
import { useTenant } from "../../session";
import type { Currency, EngagementPage, EngagementQuote, Hosting, Level } from "../../types";

interface DriversForm {
  employees: number | string;
  systems: number | string;
  locations: number | string;
  vendors: number | string;
  hosting: Hosting;
  maturity: Level;
  evidenceReadiness: Level;
  currency: Currency;
}

const defaults = (page: EngagementPage): DriversForm => {
  const inputs = page.quote?.inputs ?? {};
  const e = page.engagement;
  return {
    employees: inputs.employees ?? 50,
    systems: inputs.systems ?? Math.max(1, e.boundary?.infrastructure?.length || 3),
    locations: inputs.locations ?? Math.max(1, e.boundary?.locations?.length ?? 1),
    vendors: inputs.vendors ?? Math.max(e.subserviceOrgs?.length ?? 0, 5),
    hosting: inputs.hosting ?? "cloud",
    maturity: inputs.maturity ?? "medium",
    evidenceReadiness: inputs.evidenceReadiness ?? "medium",
    currency: inputs.currency ?? page.quote?.currency ?? "INR",
  };
};

const toInt = (v: number | string, fallback: number): number => (typeof v === "number" ? v : fallback);

function CreateQuoteForm({ page, hasDraft }: { page: EngagementPage; hasDraft: boolean }) {
  const id = page.engagement.id;
  const queryClient = useQueryClient();
  const [form, setForm] = useState<DriversForm>(() => defaults(page));
  const set = <K extends keyof DriversForm>(key: K, value: DriversForm[K]) =>
    setForm((f) => ({ ...f, [key]: value }));

  const create = useMutation({
    mutationFn: () =>
      api.post<EngagementQuote>(`/api/engagements/${seg(id)}/quotes`, {
        employees: toInt(form.employees, 1),
        systems: toInt(form.systems, 1),
        locations: toInt(form.locations, 1),
        vendors: toInt(form.vendors, 0),
        hosting: form.hosting,
        maturity: form.maturity,
        evidenceReadiness: form.evidenceReadiness,
        currency: form.currency,
      }),
    meta: { errorTitle: "Quote not created" },
    onSuccess: (q) => {
      const figures = quoteFigures(q);
      notifySuccess(
        figures
          ? `Draft quote of ${formatMoney(figures.total, figures.currency)} created.`
          : "Draft quote created.",
        "Quote created",
      );
      void queryClient.invalidateQueries({ queryKey: keys.engagement(id) });
    },
  });

  const e = page.engagement;
  const submit = (ev: FormEvent) => {
    ev.preventDefault();
    create.mutate();
  };

  return (
    <Card padding="lg" data-testid="quote-form">
      <form onSubmit={submit}>
        <Stack gap="md">
          <div>
            <Title order={3}>{hasDraft ? "Re-price with new cost drivers" : "Cost drivers"}</Title>
            <Text size="sm" c="dimmed">
              Type, categories and period come from the Scope tab: {typeLabel(e.type)} ·{" "}
              {(e.categories ?? []).map(categoryName).join(", ")} · {formatPeriod(e)}.
            </Text>
          </div>
          <ScopeSizeInputs value={form} onChange={set} cols={{ base: 2, sm: 4 }} />
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
            <Select
              label="Hosting"
              data={HOSTING_OPTIONS}
              value={form.hosting}
              onChange={(v) => set("hosting", (v ?? "cloud") as Hosting)}
              allowDeselect={false}
            />
            <Select
              label="Control maturity"
              data={LEVEL_OPTIONS}
              value={form.maturity}
              onChange={(v) => set("maturity", (v ?? "medium") as Level)}
              allowDeselect={false}
            />
            <Select
              label="Evidence readiness"
              data={LEVEL_OPTIONS}
              value={form.evidenceReadiness}
              onChange={(v) => set("evidenceReadiness", (v ?? "medium") as Level)}
              allowDeselect={false}
            />
          </SimpleGrid>
          <Group justify="space-between" align="flex-end">
            <div>
              <Text size="sm" fw={500} mb={4}>
                Currency
              </Text>
              <SegmentedControl
                value={form.currency}
                onChange={(v) => set("currency", v as Currency)}
                data={CURRENCY_OPTIONS}
                data-testid="quote-currency"
              />
            </div>
            <Button
              type="submit"
              leftSection={<IconCalculator size={16} />}
              loading={create.isPending}
              data-testid="create-quote"
            >
              Create quote
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}

export function QuoteTab({ page }: { page: EngagementPage }) {
  const id = page.engagement.id;
  const queryClient = useQueryClient();
  const { isFirm } = useTenant();
  const quote = page.quote;
  const figures = quoteFigures(quote);
  const approved = isQuoteApproved(quote);

  const approve = useMutation({
    mutationFn: () =>
      api.post<EngagementQuote>(`/api/engagements/${seg(id)}/quotes/${seg(quote?.id ?? "")}/approve`),
    meta: { errorTitle: "Quote not approved" },
    onSuccess: () => {
      notifySuccess("The quote is approved and frozen.", "Quote approved");
      void queryClient.invalidateQueries({ queryKey: keys.engagement(id) });
    },
  });

  // The server sends the approver's id and name; an id alone means nothing to a reader.
  const approverRef = quote ? personName(quote.approvedBy) : null;
  const approver =
    quote?.approvedByName ?? (approverRef && !/^[0-9a-f-]{36}$/i.test(approverRef) ? approverRef : null);

  return (
    <Grid gutter="lg">
      <Grid.Col span={{ base: 12, lg: approved || !isFirm ? 12 : 7 }}>
        {!quote || !figures ? (
          <EmptyState icon={<IconCalculator size={22} />} title="No quote yet" testId="no-quote">
            {isFirm
              ? "Enter the cost drivers to price this engagement. A partner approves the quote before the engagement leaves Scoping."
              : "Your auditor has not priced this engagement yet."}
          </EmptyState>
        ) : (
          <Card padding="lg" data-testid="engagement-quote">
            <Stack gap="lg">
              <Group justify="space-between">
                <Group gap="xs">
                  <Title order={3}>Fixed-price quote</Title>
                  <QuoteStatusBadge approved={approved} />
                </Group>
                {!approved && page.permissions.canApproveQuote ? (
                  <Button
                    color="teal"
                    leftSection={<IconCircleCheck size={16} />}
                    loading={approve.isPending}
                    onClick={() => approve.mutate()}
                    data-testid="approve-quote"
                  >
                    Approve quote
                  </Button>
                ) : null}
              </Group>
              {approved ? (
                <Alert
                  color="teal"
                  variant="light"
                  icon={<IconLock size={16} />}
                  data-testid="quote-approved"
                  p="sm"
                >
                  Approved{approver ? ` by ${approver}` : ""}
                  {quote.approvedAt ? ` on ${formatDate(quote.approvedAt)}` : ""}. This quote is frozen: it no
                  longer changes with the scope.
                </Alert>
              ) : !page.permissions.canApproveQuote ? (
                <Text size="sm" c="dimmed">
                  Draft. A partner approves the quote before the engagement can leave Scoping.
                </Text>
              ) : null}
              <QuoteSummary quote={figures} />
              <DriversTable quote={figures} />
            </Stack>
          </Card>
        )}
      </Grid.Col>
      {!approved && isFirm ? (
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <CreateQuoteForm page={page} hasDraft={!!quote} />
        </Grid.Col>
      ) : null}
    </Grid>
  );
}
