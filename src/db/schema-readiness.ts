/** Tables of readiness snapshots (one per organization per day, for the trend). */
import type { Selectable } from "kysely";

export interface ReadinessSnapshotsTable {
  id: string;
  org_id: string;
  /** YYYY-MM-DD; unique per organization. */
  day: string;
  overall: number;
  /** JSON: { CC: 72, A: 60, ... } */
  by_category: string;
  blockers: number;
  created_at: string;
}

export interface ReadinessTables {
  readiness_snapshots: ReadinessSnapshotsTable;
}

export type ReadinessSnapshotRow = Selectable<ReadinessSnapshotsTable>;
