/**
 * What the population jobs share: who started a job (named in its audit events), the audit target of
 * an engagement, and loading the job's engagement and populations (authorized when it was queued).
 */
import { AppError } from "../../core/errors.js";
import { findEngagementForJob, findEngagementPopulation } from "../../db/repositories/populations.js";
import type { UserActor } from "../actor.js";
import type { Deps } from "../deps.js";
import type { PopulationFileFormat } from "./populations-model.js";

/** Who started the job, as its audit events name them. */
export interface JobStarter {
  readonly userId: string;
  readonly name: string;
  readonly email: string;
}

export const actorOf = (s: JobStarter): UserActor => ({
  kind: "user",
  userId: s.userId,
  name: s.name,
  email: s.email,
  memberships: [],
  mfaVerified: true,
  via: "session",
  scopes: null,
  ip: null,
});

export const auditTarget = (e: { firm_id: string; org_id: string; id: string }) => ({
  firmId: e.firm_id,
  orgId: e.org_id,
  engagementId: e.id,
});

export const loadEngagementOrFail = async (deps: Deps, id: string) => {
  const e = await findEngagementForJob(deps.db, id);
  if (!e) throw new AppError("NOT_FOUND", "The engagement of this job no longer exists.");
  return e;
};

export const loadPopulationOrFail = async (deps: Deps, engagementId: string, id: string) => {
  const p = await findEngagementPopulation(deps.db, engagementId, id);
  if (!p) throw new AppError("NOT_FOUND", "The population of this job no longer exists.");
  return p;
};

export const fileOf = (p: { blob_sha256: string; format: string }) => ({
  sha256: p.blob_sha256,
  format: p.format as PopulationFileFormat,
});

export type JobPopulation = Awaited<ReturnType<typeof loadPopulationOrFail>>;
