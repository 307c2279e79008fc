/**
 * A vendor's assurance reports with their assessment against our period, the form that records a
 * report, and the review: outcome, conclusion, and the CUECs we accept as controls (criteria chosen
 * per CUEC) or map to an existing control.
 */
import {
  Badge,
  Button,
  Card,
  Checkbox,
  Group,
  Modal,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Table,
  TagsInput,
  Text,
  Textarea,
  TextInput,
  Title,
} from "@mantine/core";
import { IconFileCertificate, IconPlus } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api, errorMessage, seg } from "../../api";
import { EmptyState } from "../../components/States";
import { formatDate } from "../../format";
import { notifySuccess } from "../../notify";
import {
  coverageText,
  months,
  REPORT_KIND_LABELS,
  type ReportKind,
  type VendorDetail,
  type VendorReport,
  vendorKeys,
} from "./vendor-api";

const useRefresh = (d: VendorDetail) => {
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: vendorKeys.detail(d.vendor.id) });
    void queryClient.invalidateQueries({ queryKey: vendorKeys.all(d.vendor.orgId) });
  };
};

function AddReportModal({ d, onClose }: { d: VendorDetail; onClose: () => void }) {
  const refresh = useRefresh(d);
  const [kind, setKind] = useState<ReportKind>("soc2_type2");
  const [start, setStart] = useState("");
  const [end, setEnd] = useState("");
  const [asOf, setAsOf] = useState("");
  const [issued, setIssued] = useState("");
  const [auditor, setAuditor] = useState("");
  const [opinion, setOpinion] = useState<string | null>("unmodified");
  const [exceptions, setExceptions] = useState<number | string>(0);
  const [exceptionsText, setExceptionsText] = useState("");
  const [cuecs, setCuecs] = useState("");
  const [error, setError] = useState<string | null>(null);
  const type1 = kind === "soc2_type1" || kind === "soc1_type1";
  const cert = kind === "iso27001";
  const save = useMutation({
    mutationFn: () =>
      api.post(`/api/vendors/${seg(d.vendor.id)}/reports`, {
        kind,
        periodStart: type1 ? null : start || null,
        periodEnd: type1 ? null : end || null,
        asOfDate: type1 ? asOf || null : null,
        issueDate: issued,
        auditor,
        opinion: cert ? null : opinion,
        exceptionsCount: Number(exceptions) || 0,
        exceptionsText,
        cuecs: cuecs
          .split("\n")
          .map((l) => l.trim())
          .filter((l) => l !== ""),
      }),
    onSuccess: () => {
      notifySuccess("Report recorded.");
      refresh();
      onClose();
    },
    onError: (e) => setError(errorMessage(e)),
  });
  return (
    <Modal opened onClose={onClose} title={`Record a report of ${d.vendor.name}`} size="lg">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          setError(null);
          save.mutate();
        }}
        data-testid="report-form"
      >
        <Stack gap="sm">
          <Select
            label="Type"
            data={Object.entries(REPORT_KIND_LABELS).map(([value, label]) => ({ value, label }))}
            value={kind}
            onChange={(v) => setKind((v as ReportKind) ?? "soc2_type2")}
          />
          <SimpleGrid cols={2}>
            {type1 ? (
              <TextInput
                type="date"
                label="As of"
                required
                value={asOf}
                onChange={(e) => setAsOf(e.currentTarget.value)}
              />
            ) : (
              <>
                <TextInput
                  type="date"
                  label={cert ? "Valid from" : "Period start"}
                  required
                  value={start}
                  onChange={(e) => setStart(e.currentTarget.value)}
                />
                <TextInput
                  type="date"
                  label={cert ? "Valid to" : "Period end"}
                  required
                  value={end}
                  onChange={(e) => setEnd(e.currentTarget.value)}
                />
              </>
            )}
            <TextInput
              type="date"
              label="Issued on"
              required
              value={issued}
              onChange={(e) => setIssued(e.currentTarget.value)}
            />
            <TextInput
              label={cert ? "Certification body" : "Service auditor"}
              required
              value={auditor}
              onChange={(e) => setAuditor(e.currentTarget.value)}
            />
            {cert ? null : (
              <Select
                label="Opinion"
                data={[
                  { value: "unmodified", label: "Unmodified" },
                  { value: "qualified", label: "Qualified" },
                  { value: "adverse", label: "Adverse" },
                  { value: "disclaimer", label: "Disclaimer of opinion" },
                ]}
                value={opinion}
                onChange={setOpinion}
              />
            )}
            <NumberInput label="Exceptions noted" min={0} value={exceptions} onChange={setExceptions} />
          </SimpleGrid>
          <Textarea
            label="Exceptions (summary)"
            autosize
            minRows={2}
            value={exceptionsText}
            onChange={(e) => setExceptionsText(e.currentTarget.value)}
          />
          <Textarea
            label="Complementary user entity controls the report expects of us"
            description="One per line."
            autosize
            minRows={3}
            value={cuecs}
            onChange={(e) => setCuecs(e.currentTarget.value)}
          />
          {error ? (
            <Text c="red.7" size="sm" data-testid="report-form-error">
              {error}
            </Text>
          ) : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending}>
              Record report
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

interface CuecChoice {
  accepted: boolean;
  criteria: string[];
}

function ReviewModal({
  d,
  report,
  onClose,
}: {
  d: VendorDetail;
  report: VendorReport | null;
  onClose: () => void;
}) {
  const refresh = useRefresh(d);
  const [outcome, setOutcome] = useState<string | null>("acceptable");
  const [conclusion, setConclusion] = useState("");
  const [choices, setChoices] = useState<Record<string, CuecChoice>>({});
  const [error, setError] = useState<string | null>(null);
  const choice = (id: string): CuecChoice => choices[id] ?? { accepted: false, criteria: [] };
  const save = useMutation({
    mutationFn: () =>
      api.post(`/api/vendors/${seg(d.vendor.id)}/reviews`, {
        reportId: report?.id ?? null,
        outcome,
        conclusion,
        acceptedCuecs: (report?.cuecs ?? [])
          .filter((c) => choice(c.id).accepted)
          .map((c) => ({ cuecId: c.id, criteria: choice(c.id).criteria })),
      }),
    onSuccess: () => {
      notifySuccess("Review recorded and stored as evidence for CC9.2.");
      refresh();
      onClose();
    },
    onError: (e) => setError(errorMessage(e)),
  });
  const a = report?.assessment;
  return (
    <Modal opened onClose={onClose} title={`Review ${d.vendor.name}`} size="lg">
      <Stack gap="sm" data-testid="review-form">
        {a ? (
          <Text size="sm">
            {REPORT_KIND_LABELS[report.kind]} {coverageText(report)}: gap {months(a.gapBeforeMonths)} before
            and {months(a.gapAfterMonths)} after our period;{" "}
            {a.stale ? "stale" : `current until ${formatDate(a.currentUntil)}`}; opinion{" "}
            {report.opinion ?? "n/a"}.
          </Text>
        ) : (
          <Text size="sm" c="dimmed">
            A review without a report (e.g. a low-risk vendor, or on a questionnaire).
          </Text>
        )}
        <Select
          label="Outcome"
          data={[
            { value: "acceptable", label: "Acceptable" },
            { value: "acceptable_with_actions", label: "Acceptable with actions" },
            { value: "not_acceptable", label: "Not acceptable" },
          ]}
          value={outcome}
          onChange={setOutcome}
        />
        <Textarea
          label="Conclusion"
          required
          autosize
          minRows={3}
          value={conclusion}
          onChange={(e) => setConclusion(e.currentTarget.value)}
          data-testid="review-conclusion"
        />
        {report && report.cuecs.length > 0 ? (
          <Stack gap={6}>
            <Text size="sm" fw={600}>
              CUECs we must operate (each accepted one becomes a control in our scope)
            </Text>
            {report.cuecs.map((c) => (
              <Card key={c.id} padding="xs" withBorder>
                <Checkbox
                  label={c.text}
                  checked={choice(c.id).accepted}
                  onChange={(e) =>
                    setChoices((s) => ({
                      ...s,
                      [c.id]: { ...choice(c.id), accepted: e.currentTarget.checked },
                    }))
                  }
                />
                {choice(c.id).accepted ? (
                  <TagsInput
                    mt={6}
                    size="xs"
                    label="Criteria the control serves"
                    placeholder="e.g. CC6.1"
                    value={choice(c.id).criteria}
                    onChange={(v) =>
                      setChoices((s) => ({
                        ...s,
                        [c.id]: { ...choice(c.id), criteria: v.map((x) => x.toUpperCase()) },
                      }))
                    }
                  />
                ) : null}
              </Card>
            ))}
          </Stack>
        ) : null}
        {error ? (
          <Text c="red.7" size="sm" data-testid="review-form-error">
            {error}
          </Text>
        ) : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button
            onClick={() => {
              setError(null);
              save.mutate();
            }}
            loading={save.isPending}
            data-testid="review-save"
          >
            Record review
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

export function VendorReports({ d }: { d: VendorDetail }) {
  const [adding, setAdding] = useState(false);
  const [reviewing, setReviewing] = useState<VendorReport | null | undefined>(undefined);
  const canEdit = d.permissions.canEdit;
  return (
    <Card padding="md" data-testid="vendor-reports">
      <Group justify="space-between" mb="sm">
        <Title order={4}>Assurance reports</Title>
        {canEdit ? (
          <Group gap="xs">
            <Button size="xs" variant="default" onClick={() => setReviewing(null)}>
              Review without a report
            </Button>
            <Button
              size="xs"
              leftSection={<IconPlus size={14} />}
              onClick={() => setAdding(true)}
              data-testid="report-add"
            >
              Record report
            </Button>
          </Group>
        ) : null}
      </Group>
      {d.reports.length === 0 ? (
        <EmptyState icon={<IconFileCertificate size={22} />} title="No report on file">
          Ask the vendor for its SOC 2 report or ISO/IEC 27001 certificate, then record its period, opinion
          and CUECs.
        </EmptyState>
      ) : (
        <Table verticalSpacing="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Report</Table.Th>
              <Table.Th>Covers</Table.Th>
              <Table.Th>Opinion</Table.Th>
              <Table.Th>Against our period</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {d.reports.map((r) => (
              <Table.Tr key={r.id} data-testid="vendor-report">
                <Table.Td>
                  <Text size="sm">{REPORT_KIND_LABELS[r.kind]}</Text>
                  <Text size="xs" c="dimmed">
                    issued {formatDate(r.issueDate)} · {r.auditor}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{coverageText(r)}</Text>
                </Table.Td>
                <Table.Td>
                  {r.opinion ? (
                    <Badge color={r.opinion === "unmodified" ? "teal" : "red"} variant="light">
                      {r.opinion}
                    </Badge>
                  ) : (
                    "—"
                  )}
                  {r.exceptionsCount > 0 ? (
                    <Text size="xs" c="dimmed">
                      {r.exceptionsCount} exception{r.exceptionsCount === 1 ? "" : "s"}
                    </Text>
                  ) : null}
                </Table.Td>
                <Table.Td data-testid="report-gap">
                  {r.assessment.covers ? (
                    <Badge color="teal" variant="light">
                      covers our period
                    </Badge>
                  ) : (
                    <Text size="sm">
                      gap {months(r.assessment.gapBeforeMonths)} before, {months(r.assessment.gapAfterMonths)}{" "}
                      after
                    </Text>
                  )}
                  {r.assessment.stale ? (
                    <Badge color="red" variant="light" mt={4}>
                      stale
                    </Badge>
                  ) : null}
                </Table.Td>
                <Table.Td>
                  {canEdit ? (
                    <Button
                      size="xs"
                      variant="light"
                      onClick={() => setReviewing(r)}
                      data-testid="report-review"
                    >
                      Review
                    </Button>
                  ) : null}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {adding ? <AddReportModal d={d} onClose={() => setAdding(false)} /> : null}
      {reviewing !== undefined ? (
        <ReviewModal d={d} report={reviewing} onClose={() => setReviewing(undefined)} />
      ) : null}
    </Card>
  );
}
