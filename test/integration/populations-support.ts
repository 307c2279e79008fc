/**
 * Shared pieces of the population integration tests: generated population files with known rows,
 * a control factory, and a client that uploads, imports and runs the jobs the way the API does.
 */
import { randomUUID } from "node:crypto";
import { expect } from "vitest";
import type { Deps } from "../../src/app/deps.js";
import { runNextJob } from "../../src/app/jobs.js";
import type { Session, TestApp } from "../support/app.js";
import type { Json } from "../support/http.js";

const day = (n: number): string => new Date(Date.UTC(2026, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);

/**
 * 400 change tickets of 2026 (row k is CHG-000k), with known exceptions:
 * rows 3 and 7 fall outside 2026; rows 10 and 11 have unreadable dates; row 20 was approved by its
 * author, row 30 has no approver, row 40 was approved after it was deployed.
 */
export const changesCsv = (): Buffer => {
  const lines = ["change_id,created,author,approver,approved_at,deployed_at"];
  for (let k = 1; k <= 400; k++) {
    const d = day((k * 7) % 365);
    let created = d;
    if (k === 3) created = "2025-12-15";
    if (k === 7) created = "2027-01-05";
    if (k === 10) created = "not a date";
    if (k === 11) created = "31/02/2026";
    const author = `dev${k % 9}`;
    let approver = `lead${k % 4}`;
    if (k === 20) approver = author;
    if (k === 30) approver = "";
    const approvedAt = k === 40 ? day(((k * 7) % 365) + 2) : d;
    lines.push(
      `CHG-${String(k).padStart(4, "0")},${created},${author},${approver},${approvedAt},${day(((k * 7) % 365) + 1)}`,
    );
  }
  return Buffer.from(`${lines.join("\n")}\n`);
};

export const createControl = async (
  deps: Deps,
  orgId: string,
  code: string,
  frequency: string,
): Promise<string> => {
  const id = randomUUID();
  const now = new Date().toISOString();
  await deps.db
    .insertInto("org_controls")
    .values({
      id,
      org_id: orgId,
      library_id: null,
      code,
      domain: "change",
      title: `Control ${code}`,
      description: "",
      criteria: "[]",
      frequency,
      automation: "manual",
      evidence: "[]",
      attributes: "[]",
      owner_user_id: null,
      status: "implemented",
      created_at: now,
      updated_at: now,
    })
    .execute();
  return id;
};

export interface ImportOptions {
  readonly controlId: string;
  readonly fileName?: string;
  readonly mapping?: { date: string; id?: string };
  readonly periodStart?: string;
  readonly periodEnd?: string;
  readonly name?: string;
}

export class PopulationClient {
  constructor(
    private readonly t: TestApp,
    private readonly deps: Deps,
  ) {}

  request(session: Session, method: string, url: string, body?: unknown) {
    return session.request(method, url, body);
  }

  async newEngagement(session: Session, orgId: string): Promise<string> {
    const res = await session.request("POST", `/api/organizations/${orgId}/engagements`, {
      name: "SOC 2 Type 2",
      type: "type2",
      periodStart: "2026-01-01",
      periodEnd: "2026-12-31",
    });
    expect(res.status).toBe(201);
    return res.json().id;
  }

  /** A raw application/octet-stream upload, as the CLI sends it. */
  async upload(session: Session, engagementId: string, body: Buffer, fileName: string) {
    const res = await this.t.app.inject({
      method: "POST",
      url: `/api/engagements/${engagementId}/populations/files?filename=${encodeURIComponent(fileName)}`,
      headers: {
        cookie: session.cookie,
        "x-csrf-token": session.csrf,
        "content-type": "application/octet-stream",
      },
      payload: body,
    });
    return { status: res.statusCode, json: (): Json => res.json() };
  }

  /** A browser's multipart/form-data upload. */
  async uploadMultipart(session: Session, engagementId: string, body: Buffer, fileName: string) {
    const boundary = `----fw${randomUUID().replaceAll("-", "")}`;
    const payload = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
      body,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const res = await this.t.app.inject({
      method: "POST",
      url: `/api/engagements/${engagementId}/populations/files`,
      headers: {
        cookie: session.cookie,
        "x-csrf-token": session.csrf,
        "content-type": `multipart/form-data; boundary=${boundary}`,
      },
      payload,
    });
    return { status: res.statusCode, json: (): Json => res.json() };
  }

  /** Uploads the file and queues its import; returns the queued job. */
  async startImport(session: Session, engagementId: string, file: Buffer, options: ImportOptions) {
    const fileName = options.fileName ?? "changes.csv";
    const uploaded = await this.upload(session, engagementId, file, fileName);
    expect(uploaded.status, JSON.stringify(uploaded.json())).toBe(201);
    const res = await session.request("POST", `/api/engagements/${engagementId}/populations`, {
      fileSha256: uploaded.json().fileSha256,
      fileName,
      controlId: options.controlId,
      name: options.name ?? fileName,
      ...(options.periodStart ? { periodStart: options.periodStart } : {}),
      ...(options.periodEnd ? { periodEnd: options.periodEnd } : {}),
      mapping: options.mapping ?? { date: "created", id: "change_id" },
      caMethod: "query",
      caSource: "select * from changes where created between :start and :end",
    });
    expect(res.status, JSON.stringify(res.json())).toBe(202);
    return res.json() as { job: Json };
  }

  /** Runs queued jobs until none is left; returns how many ran. */
  async runJobs(): Promise<number> {
    let n = 0;
    while (await runNextJob(this.deps, "test-worker")) n += 1;
    return n;
  }

  /** Runs the jobs and returns the finished job, which must have succeeded. */
  async finish(session: Session, jobId: string): Promise<Json> {
    await this.runJobs();
    const job = (await session.request("GET", `/api/jobs/${jobId}`)).json();
    expect(job.status, JSON.stringify(job)).toBe("succeeded");
    return job;
  }

  async importPopulation(session: Session, engagementId: string, file: Buffer, options: ImportOptions) {
    const { job } = await this.startImport(session, engagementId, file, options);
    const done = await this.finish(session, job.id);
    const res = await session.request("GET", `/api/populations/${done.result.populationId}`);
    expect(res.status).toBe(200);
    return res.json();
  }

  /** Starts a job through `url` and returns its finished result. */
  async runJob(session: Session, url: string, body: unknown): Promise<Json> {
    const res = await session.request("POST", url, body);
    expect(res.status, JSON.stringify(res.json())).toBe(202);
    return (await this.finish(session, res.json().job.id)).result;
  }

  eventsOf(targetId: string) {
    return this.deps.db
      .selectFrom("audit_events")
      .select(["action", "firm_id", "org_id", "engagement_id", "actor_user_id", "summary"])
      .where("target_id", "=", targetId)
      .orderBy("seq")
      .execute();
  }

  async countPopulations(engagementId: string): Promise<number> {
    const row = await this.deps.db
      .selectFrom("populations")
      .select((eb) => eb.fn.countAll().as("n"))
      .where("engagement_id", "=", engagementId)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async countJobs(): Promise<number> {
    const row = await this.deps.db
      .selectFrom("jobs")
      .select((eb) => eb.fn.countAll().as("n"))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }
}
