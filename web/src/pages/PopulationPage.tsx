/**
 * One population (auditor): its profile and completeness-and-accuracy support, samples drawn from
 * it, full-population tests, and its reconciliation with a second source.
 */
import { Badge, Skeleton, Stack } from "@mantine/core";
import { useParams } from "react-router-dom";
import { PageHeader } from "../components/PageHeader";
import { CardsSkeleton, ErrorState } from "../components/States";
import { usePopulation } from "../fieldwork-queries";
import { formatRange } from "../format";
import { useEngagement } from "../queries";
import { PopulationProfile } from "./engagement/PopulationProfile";
import { PopulationSamples } from "./engagement/PopulationSample";
import { PopulationReconcile, PopulationTests } from "./engagement/PopulationTests";

export function PopulationPage() {
  const { id } = useParams();
  const query = usePopulation(id);
  const engagement = useEngagement(query.data?.engagementId);
  if (query.isPending) {
    return (
      <Stack>
        <Skeleton height={16} width={220} />
        <Skeleton height={34} width={420} />
        <CardsSkeleton count={1} height={220} />
      </Stack>
    );
  }
  if (query.isError) {
    return (
      <>
        <PageHeader title="Population" crumbs={[{ label: "Engagements", to: "/engagements" }]} />
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      </>
    );
  }
  const p = query.data;
  return (
    <>
      <PageHeader
        title={<span data-testid="population-name">{p.name}</span>}
        crumbs={[
          { label: "Engagements", to: "/engagements" },
          { label: engagement.data?.engagement.name ?? "Engagement", to: `/engagements/${p.engagementId}` },
          { label: "Populations", to: `/engagements/${p.engagementId}?tab=populations` },
          { label: p.name },
        ]}
        badges={
          p.control ? (
            <Badge variant="light" size="lg" tt="none">
              {p.control.code} · {p.control.title}
            </Badge>
          ) : null
        }
        subtitle={`${formatRange(p.periodStart, p.periodEnd)} · imported from ${p.fileName}`}
      />
      <Stack gap="lg" data-testid="population-page" data-id={p.id}>
        <PopulationProfile p={p} />
        <PopulationSamples p={p} />
        <PopulationTests p={p} />
        <PopulationReconcile p={p} />
      </Stack>
    </>
  );
}
