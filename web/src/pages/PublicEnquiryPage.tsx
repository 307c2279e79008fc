import {
  Alert,
  Badge,
  Box,
  Button,
  Card,
  Checkbox,
  Container,
  Grid,
  Group,
  Input,
  Loader,
  NumberInput,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  ThemeIcon,
  Title,
} from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { IconAlertCircle, IconCalendarEvent, IconCircleCheck, IconShieldCheck } from "@tabler/icons-react";
import { keepPreviousData, useMutation, useQuery } from "@tanstack/react-query";
import { type FormEvent, type ReactNode, useState } from "react";
import { useParams } from "react-router-dom";
import { ApiError, api, errorMessage, seg } from "../api";
import { CategoryPicker } from "../components/CategoryPicker";
import { LogoMark } from "../components/Logo";
import { DriversTable, QuoteSummary } from "../components/QuoteView";
import { ScopeSizeInputs } from "../components/ScopeSizeInputs";
import { EmptyState, ErrorState, PageLoader } from "../components/States";
import { CURRENCY_OPTIONS, formatMoney, HOSTING_OPTIONS, LEVEL_OPTIONS, SECTORS } from "../format";
import type {
  CategoryCode,
  Currency,
  EngagementType,
  Handles,
  Hosting,
  Level,
  PublicFirm,
  PublicQuoteResponse,
  QuoteInput,
  QuoteResult,
} from "../types";

interface Answers {
  company: string;
  contactName: string;
  email: string;
  phone: string;
  city: string;
  sector: string;
  employees: number | string;
  systems: number | string;
  locations: number | string;
  vendors: number | string;
  hosting: Hosting;
  handles: Handles;
  type: EngagementType;
  periodMonths: number | string;
  categories: CategoryCode[];
  maturity: Level;
  evidenceReadiness: Level;
  currency: Currency;
  meetingNote: string;
}

const INITIAL: Answers = {
  company: "",
  contactName: "",
  email: "",
  phone: "",
  city: "",
  sector: "it_saas",
  employees: 50,
  systems: 3,
  locations: 1,
  vendors: 5,
  hosting: "cloud",
  handles: {
    personalData: false,
    transactionProcessing: false,
    uptimeCommitments: false,
    confidentialClientData: false,
  },
  type: "type2",
  periodMonths: 12,
  categories: ["CC"],
  maturity: "medium",
  evidenceReadiness: "medium",
  currency: "INR",
  meetingNote: "",
};

const HANDLES: { key: keyof Handles; label: string }[] = [
  { key: "personalData", label: "Personal data" },
  { key: "transactionProcessing", label: "Transaction processing" },
  { key: "uptimeCommitments", label: "Uptime commitments" },
  { key: "confidentialClientData", label: "Confidential client data" },
];

const clamp = (v: number | string, min: number, max: number, fallback: number): number =>
  typeof v === "number" && Number.isFinite(v) ? Math.min(max, Math.max(min, Math.round(v))) : fallback;

const quoteInput = (a: Answers): QuoteInput => ({
  type: a.type,
  categories: a.categories,
  periodMonths: clamp(a.periodMonths, 3, 12, 12),
  employees: clamp(a.employees, 1, 1_000_000, 1),
  systems: clamp(a.systems, 1, 10_000, 1),
  locations: clamp(a.locations, 1, 10_000, 1),
  vendors: clamp(a.vendors, 0, 10_000, 0),
  hosting: a.hosting,
  maturity: a.maturity,
  evidenceReadiness: a.evidenceReadiness,
  currency: a.currency,
});

/**
 * Whether the quote route takes `handles` (what the service handles) for its recommendations.
 * docs/API.md lists only `QuoteInput & { sector }`; if the server refuses the extra field the page
 * falls back to the documented body, and remembers that.
 */
let quoteAcceptsHandles = true;

const mentionsHandles = (error: unknown): boolean =>
  error instanceof ApiError &&
  error.code === "VALIDATION" &&
  `${error.message} ${JSON.stringify(error.details ?? "")}`.includes("handles");

const fetchQuote = async (
  slug: string,
  body: QuoteInput & { sector: string; handles: Handles },
  signal: AbortSignal,
): Promise<PublicQuoteResponse> => {
  const path = `/api/public/firms/${seg(slug)}/quote`;
  const { handles, ...documented } = body;
  if (!quoteAcceptsHandles) return api.publicPost<PublicQuoteResponse>(path, documented, signal);
  try {
    return await api.publicPost<PublicQuoteResponse>(path, body, signal);
  } catch (error) {
    if (!mentionsHandles(error)) throw error;
    quoteAcceptsHandles = false;
    void handles;
    return api.publicPost<PublicQuoteResponse>(path, documented, signal);
  }
};

/** "Firm reg. 2019-CPA-0417" stays as it is; a bare "2019-CPA-0417" gets a label. */
const registrationLabel = (reg: string): string => (/\breg/i.test(reg) ? reg : `Firm registration ${reg}`);

const sectorOptions = (sectors: PublicFirm["sectors"]): { value: string; label: string }[] => {
  if (!Array.isArray(sectors) || sectors.length === 0) return SECTORS;
  return sectors.map((s) =>
    typeof s === "string"
      ? { value: s, label: SECTORS.find((x) => x.value === s)?.label ?? s }
      : { value: s.id, label: s.label },
  );
};

function Section({
  step,
  title,
  description,
  children,
}: {
  step: number;
  title: string;
  description?: string;
  children: ReactNode;
}) {
  return (
    <Card padding="lg">
      <Stack gap="md">
        <Group gap="sm" wrap="nowrap" align="flex-start">
          <ThemeIcon size={26} radius="xl" variant="light">
            <Text fz="xs" fw={700}>
              {step}
            </Text>
          </ThemeIcon>
          <div>
            <Title order={3}>{title}</Title>
            {description ? (
              <Text size="sm" c="dimmed">
                {description}
              </Text>
            ) : null}
          </div>
        </Group>
        {children}
      </Stack>
    </Card>
  );
}

function LiveQuote({
  quote,
  fetching,
  error,
}: {
  quote: QuoteResult | undefined;
  fetching: boolean;
  error: unknown;
}) {
  return (
    <Card padding="lg" data-testid="live-quote" shadow="sm">
      <Stack gap="md">
        <Group justify="space-between">
          <Title order={3}>Your indicative quote</Title>
          {fetching ? <Loader size="xs" data-testid="quote-loading" /> : null}
        </Group>
        {error && !quote ? (
          <Alert color="red" variant="light" icon={<IconAlertCircle size={16} />} data-testid="quote-error">
            {errorMessage(error)}
          </Alert>
        ) : quote ? (
          <>
            <QuoteSummary quote={quote} compact />
            {error ? (
              <Alert color="orange" variant="light" p="xs" data-testid="quote-error">
                {errorMessage(error)}
              </Alert>
            ) : null}
            <Text size="xs" c="dimmed">
              A fixed price for the whole examination: planning, fieldwork and the report. It is confirmed
              after a short scoping meeting.
            </Text>
          </>
        ) : (
          <Loader size="sm" />
        )}
      </Stack>
    </Card>
  );
}

function ThankYou({
  firmName,
  answers,
  quote,
  id,
}: {
  firmName: string;
  answers: Answers;
  quote?: QuoteResult | undefined;
  id?: string | undefined;
}) {
  return (
    <Card padding="xl" data-testid="enquiry-thanks" maw={640} mx="auto">
      <Stack align="center" gap="md" ta="center">
        <ThemeIcon size={56} radius="xl" color="teal" variant="light">
          <IconCircleCheck size={32} />
        </ThemeIcon>
        <Title order={2}>Thank you, {answers.contactName.split(" ")[0] || answers.contactName}</Title>
        <Text>
          {firmName} has your scoping questionnaire for {answers.company} and will write to{" "}
          <b>{answers.email}</b> to arrange a scoping meeting.
        </Text>
        {quote ? (
          <Text size="sm" c="dimmed">
            Your indicative fixed price: <b>{formatMoney(quote.total, quote.currency)}</b>. It is confirmed at
            the meeting.
          </Text>
        ) : null}
        {id ? (
          <Text size="xs" c="dimmed">
            Reference: <span data-testid="enquiry-reference">{id}</span>
          </Text>
        ) : null}
      </Stack>
    </Card>
  );
}

export function PublicEnquiryPage() {
  const { slug = "" } = useParams();
  const [a, setA] = useState<Answers>(INITIAL);
  const set = <K extends keyof Answers>(key: K, value: Answers[K]) =>
    setA((prev) => ({ ...prev, [key]: value }));

  const firm = useQuery({
    queryKey: ["public-firm", slug],
    queryFn: ({ signal }) => api.get<PublicFirm>(`/api/public/firms/${seg(slug)}`, signal),
    retry: false,
  });

  // Debounce the body as text: a string compares by value, so re-renders do not restart the timer.
  const bodyText = JSON.stringify({ ...quoteInput(a), sector: a.sector, handles: a.handles });
  const [debounced] = useDebouncedValue(bodyText, 400);
  const quote = useQuery({
    queryKey: ["public-quote", slug, debounced],
    queryFn: ({ signal }) =>
      fetchQuote(slug, JSON.parse(debounced) as QuoteInput & { sector: string; handles: Handles }, signal),
    enabled: firm.isSuccess,
    placeholderData: keepPreviousData,
    retry: false,
    staleTime: 60_000,
  });

  const submit = useMutation({
    mutationFn: () =>
      api.publicPost<{ id: string; quote?: QuoteResult }>(`/api/public/firms/${seg(slug)}/enquiries`, {
        company: a.company.trim(),
        contactName: a.contactName.trim(),
        email: a.email.trim(),
        ...(a.phone.trim() !== "" ? { phone: a.phone.trim() } : {}),
        sector: a.sector,
        ...(a.city.trim() !== "" ? { city: a.city.trim() } : {}),
        // The server prices and files the enquiry from `answers`, sector included.
        answers: { ...quoteInput(a), sector: a.sector, handles: a.handles },
        requestMeeting: true,
        ...(a.meetingNote.trim() !== "" ? { meetingNote: a.meetingNote.trim() } : {}),
      }),
    meta: { quiet: true },
    onSuccess: () => window.scrollTo({ top: 0, behavior: "smooth" }),
  });

  if (firm.isPending) return <PageLoader />;

  const header = (name: string, city?: string | null, reg?: string) => (
    <Box bg="white" style={{ borderBottom: "1px solid var(--mantine-color-gray-3)" }}>
      <Container size="xl" py="md">
        <Group justify="space-between">
          <Group gap="sm">
            <ThemeIcon size={36} radius="md" variant="light">
              <IconShieldCheck size={20} />
            </ThemeIcon>
            <div>
              <Text fw={700} data-testid="firm-name">
                {name}
              </Text>
              <Text size="xs" c="dimmed">
                {[city, reg ? registrationLabel(reg) : null].filter(Boolean).join(" · ") ||
                  "Chartered accountants"}
              </Text>
            </div>
          </Group>
          <Group gap={6}>
            <Text size="xs" c="dimmed">
              Powered by
            </Text>
            <LogoMark size={18} />
            <Text size="xs" fw={600}>
              Fieldwork
            </Text>
          </Group>
        </Group>
      </Container>
    </Box>
  );

  if (firm.isError) {
    const missing = firm.error instanceof ApiError && firm.error.status === 404;
    return (
      <Box mih="100vh" bg="var(--mantine-color-gray-0)">
        {header("Fieldwork")}
        <Container size="sm" py={60}>
          {missing ? (
            <EmptyState title="This firm page does not exist" testId="firm-not-found">
              Check the address you were given; it looks like /f/your-firm.
            </EmptyState>
          ) : (
            <ErrorState error={firm.error} onRetry={() => void firm.refetch()} />
          )}
        </Container>
      </Box>
    );
  }

  const f = firm.data.firm;
  const recommendations = quote.data?.recommendations;
  const recommended = (recommendations ?? [])
    .filter((r) => r.level === "required" || r.level === "recommended")
    .map((r) => r.category);
  const currentQuote = quote.data?.quote;

  if (submit.isSuccess) {
    return (
      <Box mih="100vh" bg="var(--mantine-color-gray-0)">
        {header(f.name, f.city, f.registrationNumber)}
        <Container size="xl" py={48}>
          <ThankYou
            firmName={f.name}
            answers={a}
            quote={submit.data.quote ?? currentQuote}
            id={submit.data.id}
          />
        </Container>
      </Box>
    );
  }

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    submit.mutate();
  };

  return (
    <Box mih="100vh" bg="var(--mantine-color-gray-0)">
      {header(f.name, f.city, f.registrationNumber)}
      <Container size="xl" py="xl">
        <Stack gap={4} mb="xl" maw={760}>
          <Title order={1}>SOC 2 examination: get a fixed-price quote</Title>
          <Text c="dimmed">
            Answer a few questions about your service. The price updates as you go and shows what drives it.
            Then request a scoping meeting with {f.name}; there is no obligation.
          </Text>
        </Stack>
        <form onSubmit={onSubmit} data-testid="enquiry-form">
          <Grid gutter="xl">
            <Grid.Col span={{ base: 12, md: 7 }}>
              <Stack gap="lg">
                <Section step={1} title="About you">
                  <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
                    <TextInput
                      label="Company"
                      value={a.company}
                      onChange={(e) => set("company", e.currentTarget.value)}
                      required
                      autoComplete="organization"
                    />
                    <Select
                      label="Sector"
                      data={sectorOptions(firm.data.sectors)}
                      value={a.sector}
                      onChange={(v) => set("sector", v ?? "other")}
                      allowDeselect={false}
                    />
                    <TextInput
                      label="Your name"
                      value={a.contactName}
                      onChange={(e) => set("contactName", e.currentTarget.value)}
                      required
                      autoComplete="name"
                    />
                    <TextInput
                      label="Email"
                      type="email"
                      value={a.email}
                      onChange={(e) => set("email", e.currentTarget.value)}
                      required
                      autoComplete="email"
                    />
                    <TextInput
                      label="Phone"
                      type="tel"
                      value={a.phone}
                      onChange={(e) => set("phone", e.currentTarget.value)}
                      autoComplete="tel"
                    />
                    <TextInput
                      label="City"
                      value={a.city}
                      onChange={(e) => set("city", e.currentTarget.value)}
                      autoComplete="address-level2"
                    />
                  </SimpleGrid>
                </Section>

                <Section
                  step={2}
                  title="Your service"
                  description="The size and shape of what the report covers."
                >
                  <ScopeSizeInputs value={a} onChange={set} cols={{ base: 1, sm: 2 }} />
                  <Input.Wrapper label="Hosting">
                    <SegmentedControl
                      mt={6}
                      fullWidth
                      value={a.hosting}
                      onChange={(v) => set("hosting", v as Hosting)}
                      data={HOSTING_OPTIONS}
                      data-testid="hosting"
                    />
                  </Input.Wrapper>
                  <Input.Wrapper label="What does the service handle?" description="Tick all that apply">
                    <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs" mt={8}>
                      {HANDLES.map((h) => (
                        <Checkbox
                          key={h.key}
                          label={h.label}
                          checked={a.handles[h.key]}
                          onChange={(e) => set("handles", { ...a.handles, [h.key]: e.currentTarget.checked })}
                        />
                      ))}
                    </SimpleGrid>
                  </Input.Wrapper>
                </Section>

                <Section
                  step={3}
                  title="The report"
                  description="Type 1 reports on design as of one date. Type 2 also tests that controls operated over a period, and is what most customers ask for."
                >
                  <Input.Wrapper label="Report type">
                    <SegmentedControl
                      mt={6}
                      fullWidth
                      value={a.type}
                      onChange={(v) => set("type", v as EngagementType)}
                      data={[
                        { value: "type1", label: "Type 1" },
                        { value: "type2", label: "Type 2" },
                      ]}
                      data-testid="report-type"
                    />
                  </Input.Wrapper>
                  {a.type === "type2" ? (
                    <NumberInput
                      label="Period (months)"
                      description="A Type 2 period runs 3 to 12 months; 6 to 12 is usual, and 3 to 6 is fine for a first report."
                      value={a.periodMonths}
                      onChange={(v) => set("periodMonths", v)}
                      min={3}
                      max={12}
                      allowDecimal={false}
                      allowNegative={false}
                      suffix=" months"
                      data-testid="period-months"
                    />
                  ) : null}
                  <Group justify="space-between" align="flex-end">
                    <Text size="sm" fw={500}>
                      Trust services categories
                    </Text>
                    {recommended.length > 1 ? (
                      <Button
                        size="compact-xs"
                        variant="light"
                        onClick={() => set("categories", recommended)}
                        data-testid="use-recommended"
                      >
                        Use the recommended categories
                      </Button>
                    ) : null}
                  </Group>
                  <CategoryPicker
                    value={a.categories}
                    onChange={(c) => set("categories", c)}
                    recommendations={recommendations}
                  />
                </Section>

                <Section
                  step={4}
                  title="Readiness"
                  description="Are your controls documented and running, and can you produce evidence on request? It changes how much follow-up the audit needs."
                >
                  <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
                    <Select
                      label="Control maturity"
                      data={LEVEL_OPTIONS}
                      value={a.maturity}
                      onChange={(v) => set("maturity", (v ?? "medium") as Level)}
                      allowDeselect={false}
                    />
                    <Select
                      label="Evidence readiness"
                      data={LEVEL_OPTIONS}
                      value={a.evidenceReadiness}
                      onChange={(v) => set("evidenceReadiness", (v ?? "medium") as Level)}
                      allowDeselect={false}
                    />
                    <Select
                      label="Currency"
                      data={CURRENCY_OPTIONS}
                      value={a.currency}
                      onChange={(v) => set("currency", (v ?? "INR") as Currency)}
                      allowDeselect={false}
                    />
                  </SimpleGrid>
                </Section>

                <Card padding="lg">
                  <Stack gap="md">
                    <Textarea
                      label="Anything we should know?"
                      description="Deadlines, customer requirements, previous reports"
                      value={a.meetingNote}
                      onChange={(e) => set("meetingNote", e.currentTarget.value)}
                      autosize
                      minRows={2}
                      maxLength={2000}
                    />
                    {submit.isError ? (
                      <Alert
                        color="red"
                        variant="light"
                        icon={<IconAlertCircle size={16} />}
                        title="Not sent"
                        data-testid="enquiry-error"
                      >
                        {errorMessage(submit.error)}
                      </Alert>
                    ) : null}
                    <Group justify="space-between" wrap="wrap">
                      <Text size="xs" c="dimmed" maw={420}>
                        {f.name} uses your answers only to scope and price the examination.
                      </Text>
                      <Button
                        type="submit"
                        size="md"
                        leftSection={<IconCalendarEvent size={18} />}
                        loading={submit.isPending}
                        data-testid="request-meeting"
                      >
                        Request a scoping meeting
                      </Button>
                    </Group>
                  </Stack>
                </Card>
              </Stack>
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 5 }}>
              <Box style={{ position: "sticky", top: 16 }}>
                <Stack gap="md">
                  <LiveQuote
                    quote={currentQuote}
                    fetching={quote.isFetching}
                    error={quote.isError ? quote.error : null}
                  />
                  {currentQuote ? (
                    <Card padding="md">
                      <Stack gap="xs">
                        <Group justify="space-between">
                          <Text fw={600}>What drives the price</Text>
                          <Badge variant="light" color="gray">
                            {currentQuote.drivers.filter((d) => d.hours > 0).length} drivers
                          </Badge>
                        </Group>
                        <DriversTable quote={currentQuote} compact />
                      </Stack>
                    </Card>
                  ) : null}
                </Stack>
              </Box>
            </Grid.Col>
          </Grid>
        </form>
      </Container>
    </Box>
  );
}
