/**
 * One workpaper (auditor): the procedures, what was tested (sample, full-population test or a
 * walkthrough), the keyboard test grid with evidence per cell, the exceptions it raised, the
 * conclusion and the sign-offs.
 */
import {
  Alert,
  Badge,
  Box,
  Card,
  Code,
  Drawer,
  Grid,
  Group,
  Skeleton,
  Stack,
  Table,
  Text,
  Title,
} from "@mantine/core";
import { IconLock } from "@tabler/icons-react";
import { Link, useParams } from "react-router-dom";
import { PageHeader } from "../components/PageHeader";
import { CardsSkeleton, ErrorState } from "../components/States";
import { useWorkpaper } from "../fieldwork-queries";
import type { WorkpaperPage as Page } from "../fieldwork-types";
import { frequencyLabel, humanize } from "../format";
import { useEngagement } from "../queries";
import { ExceptionDetail } from "./engagement/ExceptionDetail";
import { useOpenException } from "./engagement/ExceptionsTab";
import {
  ClassificationBadge,
  ConclusionBadge,
  EXCEPTION_KIND_LABELS,
  ExceptionStatusBadge,
  MethodBadge,
  ShortHash,
  WorkpaperStatusBadge,
} from "./engagement/FieldworkBadges";
import { ruleText } from "./engagement/ProgramLineEditor";
import { WorkpaperGrid } from "./engagement/WorkpaperGrid";
import { ConclusionCard, SignoffCard } from "./engagement/WorkpaperSignoff";

function ProceduresCard({ page }: { page: Page }) {
  const wp = page.workpaper;
  const line = wp.programLine;
  const basis = wp.basis;
  return (
    <Card padding="lg" data-testid="workpaper-procedures">
      <Grid gutter="lg">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Stack gap={6}>
            <Title order={3}>Procedures</Title>
            {line ? (
              <>
                <Text size="xs" c="dimmed">
                  Program version {line.programVersion} ({line.programStatus}) · {line.criteria.join(", ")} ·{" "}
                  {frequencyLabel(line.frequency)} · {humanize(line.automation)}
                </Text>
                {line.procedures.map((p, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: procedures are positional
                  <Group key={i} gap="xs" align="flex-start" wrap="nowrap">
                    <MethodBadge method={p.method} miw={110} />
                    <Text size="sm">{p.description}</Text>
                  </Group>
                ))}
              </>
            ) : (
              <Text size="sm" c="dimmed">
                The program line of this control is no longer in the program.
              </Text>
            )}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack gap={6} data-testid="workpaper-basis" data-kind={basis.kind}>
            <Title order={4}>Items tested</Title>
            {basis.sample ? (
              <>
                <Text size="sm">
                  Sample from{" "}
                  <Text
                    component={Link}
                    to={`/populations/${basis.sample.populationId}`}
                    size="sm"
                    c="brand"
                    span
                  >
                    {basis.sample.populationName ?? "the population"}
                  </Text>{" "}
                  · {humanize(basis.sample.method)} · {wp.items.length} items
                  {basis.populationSize !== null ? ` of ${basis.populationSize} in period` : ""}
                </Text>
                <Text size="xs">
                  Population SHA-256 <ShortHash hash={basis.sample.populationHash} /> · seed{" "}
                  <ShortHash hash={basis.sample.seed} />
                </Text>
                {basis.sample.chain.length > 1 ? (
                  <Stack gap={2}>
                    {basis.sample.chain.slice(1).map((c) => (
                      <Text key={c.id} size="xs" c="dimmed">
                        Extended by {c.size} items: {c.reason}
                      </Text>
                    ))}
                  </Stack>
                ) : null}
              </>
            ) : basis.populationTest ? (
              <Text size="sm">
                Full-population test: {basis.populationTest.rowsFailing} of {basis.populationTest.rowsTested}{" "}
                rows failing.
              </Text>
            ) : (
              <Text size="sm">
                {basis.kind === "test-of-one"
                  ? "Test of one: an automated control with effective IT general controls."
                  : "Design walkthrough: one instance, traced end to end."}
              </Text>
            )}
            {line?.sampleRule ? (
              <Text size="xs" c="dimmed">
                Program rule: {ruleText(line.sampleRule)}
              </Text>
            ) : null}
          </Stack>
        </Grid.Col>
      </Grid>
    </Card>
  );
}

function ExceptionsCard({ page, onOpen }: { page: Page; onOpen: (id: string) => void }) {
  const list = page.workpaper.exceptions.filter((e) => e.status !== "void");
  return (
    <Card padding="lg" data-testid="workpaper-exceptions" data-count={list.length}>
      <Title order={3} mb="sm">
        Exceptions
      </Title>
      {list.length === 0 ? (
        <Text size="sm" c="dimmed">
          None: a failed attribute in the grid raises one, counted against the items tested.
        </Text>
      ) : (
        <Box style={{ overflowX: "auto" }}>
          <Table miw={640}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={90}>Ref</Table.Th>
                <Table.Th w={70}>Attr.</Table.Th>
                <Table.Th>Kind</Table.Th>
                <Table.Th ta="right">Deviations</Table.Th>
                <Table.Th>Classification</Table.Th>
                <Table.Th>Response</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.map((e) => (
                <Table.Tr
                  key={e.id}
                  onClick={() => onOpen(e.id)}
                  style={{ cursor: "pointer" }}
                  data-testid="workpaper-exception"
                  data-ref={e.ref}
                  data-classification={e.classification}
                >
                  <Table.Td ff="monospace" fw={600}>
                    {e.ref}
                  </Table.Td>
                  <Table.Td>{e.attributeId ?? "–"}</Table.Td>
                  <Table.Td>{EXCEPTION_KIND_LABELS[e.kind] ?? humanize(e.kind)}</Table.Td>
                  <Table.Td ta="right">
                    {e.deviations} of {e.tested}
                  </Table.Td>
                  <Table.Td>
                    <ClassificationBadge classification={e.classification} />
                  </Table.Td>
                  <Table.Td>
                    <ExceptionStatusBadge status={e.status} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Box>
      )}
    </Card>
  );
}

export function WorkpaperPage() {
  const { id } = useParams();
  const query = useWorkpaper(id);
  const engagement = useEngagement(query.data?.workpaper.engagementId);
  const [openException, setOpenException] = useOpenException();
  if (query.isPending) {
    return (
      <Stack>
        <Skeleton height={16} width={220} />
        <Skeleton height={34} width={420} />
        <CardsSkeleton count={1} height={260} />
      </Stack>
    );
  }
  if (query.isError) {
    return (
      <>
        <PageHeader title="Workpaper" crumbs={[{ label: "Engagements", to: "/engagements" }]} />
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      </>
    );
  }
  const page = query.data;
  const wp = page.workpaper;
  const e = engagement.data?.engagement;
  const orgId = e?.organization?.id ?? "";
  const openRef = wp.exceptions.find((x) => x.id === openException)?.ref;
  return (
    <>
      <PageHeader
        title={
          <span data-testid="workpaper-title">
            <Code fz="inherit" fw={700} bg="transparent" p={0}>
              {wp.control.code}
            </Code>{" "}
            {wp.control.title}
          </span>
        }
        crumbs={[
          { label: "Engagements", to: "/engagements" },
          { label: e?.name ?? "Engagement", to: `/engagements/${wp.engagementId}` },
          { label: "Workpapers", to: `/engagements/${wp.engagementId}?tab=workpapers` },
          { label: wp.control.code },
        ]}
        badges={
          <>
            <WorkpaperStatusBadge status={wp.status} size="lg" />
            <ConclusionBadge conclusion={wp.conclusion} size="lg" />
          </>
        }
      />
      <Stack gap="lg" data-testid="workpaper-page" data-status={wp.status} data-id={wp.id}>
        {wp.status !== "open" ? (
          <Alert color="gray" variant="light" icon={<IconLock size={18} />} data-testid="workpaper-locked">
            Signed off and locked. An engagement manager or partner can reopen it with a reason.
          </Alert>
        ) : null}
        <ProceduresCard page={page} />
        <Card padding="lg" data-testid="workpaper-grid-card">
          <Group justify="space-between" mb="sm">
            <Title order={3}>Test grid</Title>
            <Badge variant="light" color={wp.tally.missingCells > 0 ? "yellow" : "teal"}>
              {wp.tally.missingCells > 0 ? `${wp.tally.missingCells} cells to record` : "Every cell recorded"}
            </Badge>
          </Group>
          {orgId ? <WorkpaperGrid page={page} orgId={orgId} /> : <Skeleton height={200} />}
        </Card>
        <ExceptionsCard page={page} onOpen={setOpenException} />
        <Grid gutter="lg">
          <Grid.Col span={{ base: 12, md: 7 }}>
            <ConclusionCard key={`${wp.status}:${wp.conclusion}:${wp.conclusionNote}`} page={page} />
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 5 }}>
            <SignoffCard page={page} />
          </Grid.Col>
        </Grid>
      </Stack>
      <Drawer
        opened={!!openException}
        onClose={() => setOpenException(null)}
        position="right"
        size="lg"
        title={<Title order={3}>{openRef ? `${openRef} · exception` : "Exception"}</Title>}
      >
        {openException ? (
          <ExceptionDetail id={openException} engagementId={wp.engagementId} side="auditor" />
        ) : null}
      </Drawer>
    </>
  );
}
