/**
 * Evidence through the API on both databases: streamed upload and exact download, deduplication,
 * encryption at rest (no plaintext anywhere under the data directory), the size limit, media types
 * from content, who may see and download, audit events, versions, freshness and an importer run.
 */
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/app/config.js";
import { openAppContext } from "../../src/app/deps.js";
import type { Role } from "../../src/core/roles.js";
import { findUserByEmail } from "../../src/db/repositories/users.js";
import { findImporter } from "../../src/evidence/importers/index.js";
import { buildServer } from "../../src/server/app.js";
import { type Session, seedTenant, signIn, type TestApp, type TestTenant } from "../support/app.js";
import { type DatabaseTarget, describeEachDatabase } from "../support/databases.js";
import { expectError, type Json } from "../support/http.js";

const MAX_BYTES = 10 * 1024 * 1024;

/** Like createTestApp, with a 10 MB evidence limit so the limit is cheap to cross. */
const createEvidenceApp = async (target: DatabaseTarget): Promise<TestApp> => {
  const dataDir = mkdtempSync(join(tmpdir(), "fw-evidence-"));
  const databaseUrl = await target.createUrl();
  const config = loadConfig(
    {},
    { dataDir, databaseUrl, demo: false, logLevel: "silent", runWorker: false, evidenceMaxBytes: MAX_BYTES },
  );
  const context = await openAppContext(config);
  const app = await buildServer(context.deps, { serveWeb: false });
  await app.ready();
  return {
    app,
    context,
    dataDir,
    databaseUrl,
    close: async () => {
      await app.close();
      await context.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
};

const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
  "base64",
);

const AWS_CREDENTIAL_REPORT = [
  "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated",
  "<root_account>,arn:aws:iam::123456789012:root,2020-01-01T00:00:00+00:00,not_supported,N/A,not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A",
  "alice,arn:aws:iam::123456789012:user/alice,2024-01-01T00:00:00+00:00,true,N/A,N/A,N/A,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A",
  "bob,arn:aws:iam::123456789012:user/bob,2024-01-01T00:00:00+00:00,true,N/A,N/A,N/A,false,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A",
  "",
].join("\n");

const sha256 = (b: Buffer) => createHash("sha256").update(b).digest("hex");

/** Date arithmetic for expectations (UTC, YYYY-MM-DD; months clamp to the month's last day). */
const addDays = (date: string, days: number): string =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const addMonths = (date: string, months: number): string => {
  const d = new Date(`${date}T00:00:00Z`);
  const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1));
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d.getUTCDate(), last));
  return target.toISOString().slice(0, 10);
};

interface FilePart {
  readonly field?: string;
  readonly filename: string;
  readonly content: Buffer;
}

/** A multipart/form-data body: fields, then files (as browsers send them), then `after` fields. */
const form = (fields: [string, string][], files: FilePart[], after: [string, string][] = []) => {
  const boundary = `----fieldwork${randomUUID()}`;
  const parts: Buffer[] = [];
  for (const [name, value] of fields) {
    parts.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
    );
  }
  for (const f of files) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${f.field ?? "file"}"; filename="${f.filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
      f.content,
      Buffer.from("\r\n"),
    );
  }
  for (const [name, value] of after) {
    parts.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
};

/** Every file under `dir`, recursively. */
const allFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? allFiles(join(dir, e.name)) : [join(dir, e.name)],
  );

describeEachDatabase("evidence", (target) => {
  let t: TestApp;
  let a: TestTenant;
  let b: TestTenant;
  const sessions = new Map<string, Session>();
  let controls: Record<string, string>;
  let bControlId: string;
  let ownerUserId: string;

  const as = async (tenant: TestTenant, role: Role): Promise<Session> => {
    const key = `${tenant.orgId}:${role}`;
    let s = sessions.get(key);
    if (!s) {
      s = await signIn(t.app, tenant.users[role]);
      sessions.set(key, s);
    }
    return s;
  };

  /** A request with the session's cookie and CSRF token and any body. */
  const send = (
    s: Session,
    method: "GET" | "POST" | "DELETE",
    url: string,
    body?: { payload: Buffer | string | Readable; contentType: string },
  ) =>
    t.app.inject({
      method,
      url,
      headers: {
        cookie: s.cookie,
        "x-csrf-token": s.csrf,
        ...(body ? { "content-type": body.contentType } : {}),
      },
      ...(body ? { payload: body.payload } : {}),
    });

  const upload = async (
    s: Session,
    content: Buffer,
    fields: [string, string][] = [],
    filename = "evidence.bin",
    orgId = a.orgId,
  ) => send(s, "POST", `/api/organizations/${orgId}/evidence`, form(fields, [{ filename, content }]));

  const uploadOk = async (content: Buffer, fields: [string, string][] = [], filename = "evidence.bin") => {
    const res = await upload(await as(a, "control_owner"), content, fields, filename);
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as Json;
  };

  const addControl = async (
    orgId: string,
    code: string,
    options: { libraryId?: string; frequency?: string; ownerUserId?: string | null; status?: string } = {},
  ) => {
    const id = randomUUID();
    const now = new Date().toISOString();
    await t.context.deps.db
      .insertInto("org_controls")
      .values({
        id,
        org_id: orgId,
        library_id: options.libraryId ?? null,
        code,
        domain: "identity",
        title: `Control ${code}`,
        description: "A control for evidence tests.",
        criteria: JSON.stringify(["CC6.1"]),
        frequency: options.frequency ?? "quarterly",
        automation: "manual",
        evidence: "[]",
        attributes: "[]",
        owner_user_id: options.ownerUserId ?? null,
        status: options.status ?? "implemented",
        created_at: now,
        updated_at: now,
      })
      .execute();
    return id;
  };

  const blobDir = (orgId: string) => join(t.dataDir, "evidence", orgId);
  const blobCount = (orgId = a.orgId) => {
    try {
      return readdirSync(blobDir(orgId)).length;
    } catch {
      return 0;
    }
  };
  const temporaryFiles = () => {
    try {
      return readdirSync(join(t.dataDir, "evidence", "tmp"));
    } catch {
      return [];
    }
  };

  beforeAll(async () => {
    t = await createEvidenceApp(target);
    a = await seedTenant(t, "ev-a");
    b = await seedTenant(t, "ev-b");
    ownerUserId = (await findUserByEmail(t.context.deps.db, a.users.control_owner.email))!.id;
    controls = {
      access: await addControl(a.orgId, "IAM-02", {
        libraryId: "IAM-02",
        frequency: "quarterly",
        ownerUserId,
      }),
      keys: await addControl(a.orgId, "IAM-08", { libraryId: "IAM-08", frequency: "quarterly" }),
      backups: await addControl(a.orgId, "BCK-01", { frequency: "monthly", ownerUserId }),
      policy: await addControl(a.orgId, "GOV-01", { frequency: "annual" }),
      incidents: await addControl(a.orgId, "INC-02", { frequency: "event" }),
      retired: await addControl(a.orgId, "OLD-01", { frequency: "monthly", status: "not_applicable" }),
      // Used only by the freshness test, so other tests' evidence does not move their dates.
      monthly: await addControl(a.orgId, "FRS-01", { frequency: "monthly", ownerUserId }),
      annual: await addControl(a.orgId, "FRS-02", { frequency: "annual" }),
      quarterly: await addControl(a.orgId, "FRS-03", { frequency: "quarterly" }),
      weekly: await addControl(a.orgId, "FRS-04", { frequency: "weekly", ownerUserId }),
      eventDriven: await addControl(a.orgId, "FRS-05", { frequency: "event", ownerUserId }),
    };
    bControlId = await addControl(b.orgId, "IAM-02", { libraryId: "IAM-02" });
  });
  afterAll(async () => t?.close());

  it("uploads a file as a stream and downloads exactly the same bytes", async () => {
    const content = randomBytes(300_000);
    const item = await uploadOk(
      content,
      [
        ["title", "Firewall configuration export"],
        ["effectiveDate", "2026-03-31"],
        ["periodStart", "2026-01-01"],
        ["periodEnd", "2026-03-31"],
        ["controlIds", `${controls.access},BCK-01`],
      ],
      "firewall.conf",
    );
    expect(item).toMatchObject({
      title: "Firewall configuration export",
      size: content.length,
      sha256: sha256(content),
      originalName: "firewall.conf",
      mediaType: "application/octet-stream",
      effectiveDate: "2026-03-31",
      periodStart: "2026-01-01",
      periodEnd: "2026-03-31",
      source: "upload",
      version: 1,
      supersedesId: null,
    });
    expect(item.controls.map((c: Json) => c.code).sort()).toEqual(["BCK-01", "IAM-02"]);

    const res = await send(await as(a, "staff_auditor"), "GET", `/api/evidence/${item.id}/download`);
    expect(res.statusCode).toBe(200);
    expect(res.rawPayload.equals(content)).toBe(true);
    expect(res.headers["content-type"]).toBe("application/octet-stream");
    expect(res.headers["content-disposition"]).toContain('filename="firewall.conf"');
  });

  it("streams a multi-megabyte raw body in and verified chunks out (above the in-memory download size)", async () => {
    const content = randomBytes(9 * 1024 * 1024 + 12_345);
    const admin = await as(a, "org_admin");
    const res = await send(
      admin,
      "POST",
      `/api/organizations/${a.orgId}/evidence?controlIds=GOV-01&filename=${encodeURIComponent("Policy pack ₹.bin")}`,
      { payload: content, contentType: "application/octet-stream" },
    );
    expect(res.statusCode, res.body).toBe(201);
    const item = res.json();
    expect(item).toMatchObject({
      size: content.length,
      sha256: sha256(content),
      originalName: "Policy pack ₹.bin",
    });
    const down = await send(await as(a, "partner"), "GET", `/api/evidence/${item.id}/download`);
    expect(down.statusCode).toBe(200);
    expect(down.rawPayload.equals(content)).toBe(true);
    expect(down.headers["content-disposition"]).toContain("filename*=UTF-8''Policy%20pack%20%E2%82%B9.bin");
  });

  it("stores the same bytes once per organization (two items, one blob file)", async () => {
    const content = Buffer.from(`dedup ${randomUUID()}\n`.repeat(1000));
    const before = blobCount();
    const first = await uploadOk(content, [["title", "First"]]);
    const second = await uploadOk(content, [["title", "Second"]]);
    expect(second.id).not.toBe(first.id);
    expect(second.sha256).toBe(first.sha256);
    expect(blobCount()).toBe(before + 1);
    expect(readdirSync(blobDir(a.orgId))).toContain(first.sha256);
    // Another organization's copy is its own blob, under its own key.
    const other = await upload(await as(b, "org_admin"), content, [], "copy.txt", b.orgId);
    expect(other.statusCode).toBe(201);
    expect(readdirSync(blobDir(b.orgId))).toContain(first.sha256);
    expect(
      readFileSync(join(blobDir(b.orgId), first.sha256)).equals(
        readFileSync(join(blobDir(a.orgId), first.sha256)),
      ),
    ).toBe(false);
  });

  it("leaves no plaintext of an uploaded file anywhere under the data directory (blobs, database, WAL)", async () => {
    const marker = `FWMARKER${randomBytes(8).toString("hex")}`;
    const content = Buffer.from(`${marker} confidential payroll line\n`.repeat(500));
    await uploadOk(content, [["title", "Payroll extract"]], "payroll.txt");
    await uploadOk(Buffer.from(`id,${marker}\n1,2\n`), [["title", "Small CSV"]], "small.csv");
    const files = allFiles(t.dataDir);
    if (target.name === "sqlite") expect(files.some((f) => f.endsWith("fieldwork.db"))).toBe(true);
    expect(files.filter((f) => f.includes(`${join("evidence", a.orgId)}`)).length).toBeGreaterThan(2);
    const hits = files.filter((f) => readFileSync(f).includes(marker));
    expect(hits).toEqual([]);
  });

  it("refuses a file over the limit with 413 naming the limit, and leaves no temporary file or item", async () => {
    const owner = await as(a, "control_owner");
    const count = async () =>
      Number(
        (
          await t.context.deps.db
            .selectFrom("evidence_items")
            .select((eb) => eb.fn.countAll().as("n"))
            .where("org_id", "=", a.orgId)
            .executeTakeFirstOrThrow()
        ).n,
      );
    const items = await count();
    const blobs = blobCount();
    const tooBig = randomBytes(MAX_BYTES + 1);
    // Multipart: the overflow is found while streaming.
    const viaForm = await upload(owner, tooBig, [["title", "Too big"]]);
    const error = expectError(
      { status: viaForm.statusCode, json: () => viaForm.json() },
      413,
      "PAYLOAD_TOO_LARGE",
    );
    expect(error.message).toContain("10 MB");
    expect(error.message).toContain(String(MAX_BYTES));
    // Raw body without a length: also found while streaming.
    const viaStream = await send(owner, "POST", `/api/organizations/${a.orgId}/evidence`, {
      payload: Readable.from([tooBig.subarray(0, 5_000_000), tooBig.subarray(5_000_000)]),
      contentType: "application/octet-stream",
    });
    expectError({ status: viaStream.statusCode, json: () => viaStream.json() }, 413, "PAYLOAD_TOO_LARGE");
    // Raw body with a Content-Length: refused before reading.
    const viaRaw = await send(owner, "POST", `/api/organizations/${a.orgId}/evidence`, {
      payload: tooBig,
      contentType: "application/octet-stream",
    });
    expectError({ status: viaRaw.statusCode, json: () => viaRaw.json() }, 413, "PAYLOAD_TOO_LARGE");
    expect(temporaryFiles()).toEqual([]);
    expect(blobCount()).toBe(blobs);
    expect(await count()).toBe(items);
    // Exactly at the limit is fine.
    const atLimit = await upload(owner, tooBig.subarray(0, MAX_BYTES));
    expect(atLimit.statusCode).toBe(201);
  });

  it("answers malformed or unexpected forms with a 4xx error, never a 500, and keeps nothing", async () => {
    const owner = await as(a, "control_owner");
    const url = `/api/organizations/${a.orgId}/evidence`;
    const blobs = blobCount();
    const good = form([["title", "x"]], [{ filename: "a.txt", content: Buffer.from(`one ${randomUUID()}`) }]);
    const cases: { label: string; payload: Buffer | string; contentType: string; status: number }[] = [
      { label: "no boundary", payload: good.payload, contentType: "multipart/form-data", status: 400 },
      {
        label: "wrong boundary",
        payload: good.payload,
        contentType: "multipart/form-data; boundary=nope",
        status: 400,
      },
      {
        label: "cut off inside the file",
        payload: good.payload.subarray(0, good.payload.length - 30),
        contentType: good.contentType,
        status: 400,
      },
      { label: "fields only", payload: form([["title", "x"]], []).payload, contentType: "", status: 400 },
      {
        label: "two files",
        ...(() => {
          const f = form(
            [],
            [
              { filename: "a.txt", content: Buffer.from(`a ${randomUUID()}`) },
              { filename: "b.txt", content: Buffer.from(`b ${randomUUID()}`) },
            ],
          );
          return { payload: f.payload, contentType: f.contentType };
        })(),
        status: 400,
      },
      {
        label: "unknown control after the file",
        ...form(
          [],
          [{ filename: "a.txt", content: Buffer.from(`late ${randomUUID()}`) }],
          [["controlIds", "NOPE-1"]],
        ),
        status: 404,
      },
      {
        label: "bad date",
        ...form([["effectiveDate", "2026-02-30"]], [{ filename: "d.txt", content: Buffer.from("d") }]),
        status: 400,
      },
      { label: "text/plain body", payload: "hello", contentType: "text/plain", status: 415 },
    ];
    for (const c of cases) {
      const res = await send(owner, "POST", url, {
        payload: c.payload,
        contentType: c.contentType || form([], []).contentType,
      });
      expect({ label: c.label, status: res.statusCode }, res.body).toEqual({
        label: c.label,
        status: c.status,
      });
      expect(typeof res.json().error.code).toBe("string");
    }
    expect(blobCount()).toBe(blobs);
    expect(temporaryFiles()).toEqual([]);
  });

  it("detects the media type from the content, never from the file name", async () => {
    expect((await uploadOk(PNG, [], "quarterly-review.pdf")).mediaType).toBe("image/png");
    expect(
      (await uploadOk(Buffer.from("user,mfa\nalice,true\nbob,false\n"), [], "users.bin")).mediaType,
    ).toBe("text/csv");
    const json = await uploadOk(Buffer.from('{"findings": []}'), [], "scan.csv");
    expect(json).toMatchObject({ mediaType: "application/json", originalName: "scan.csv" });
    expect((await uploadOk(Buffer.from("Backups verified by J. Rao."), [], "note.png")).mediaType).toBe(
      "text/plain",
    );
    const down = await send(await as(a, "org_admin"), "GET", `/api/evidence/${json.id}/download`);
    expect(down.headers["content-type"]).toMatch(/^application\/json/);
  });

  it("lets org admins and control owners upload; auditors view and download; employees and firm admins neither", async () => {
    const item = await uploadOk(Buffer.from("access review sign-off"), [["controlIds", "IAM-02"]]);
    for (const role of [
      "partner",
      "engagement_manager",
      "staff_auditor",
      "org_admin",
      "control_owner",
    ] as const) {
      const s = await as(a, role);
      expect((await send(s, "GET", `/api/evidence/${item.id}/download`)).statusCode, role).toBe(200);
      expect((await send(s, "GET", `/api/evidence/${item.id}`)).statusCode, role).toBe(200);
      expect((await send(s, "GET", `/api/organizations/${a.orgId}/evidence`)).statusCode, role).toBe(200);
    }
    for (const role of ["employee", "firm_admin"] as const) {
      const s = await as(a, role);
      const res = await send(s, "GET", `/api/evidence/${item.id}/download`);
      expectError({ status: res.statusCode, json: () => res.json() }, 403, "FORBIDDEN");
      const list = await send(s, "GET", `/api/organizations/${a.orgId}/evidence`);
      expect(list.statusCode).toBe(403);
    }
    for (const role of ["employee", "staff_auditor", "partner"] as const) {
      const res = await upload(await as(a, role), Buffer.from("not allowed"));
      expectError({ status: res.statusCode, json: () => res.json() }, 403, "FORBIDDEN");
    }
  });

  it("answers 404 to another organization's people, and refuses their controls", async () => {
    const item = await uploadOk(Buffer.from("tenant A only"));
    for (const role of ["org_admin", "control_owner", "partner", "staff_auditor"] as const) {
      const s = await as(b, role);
      for (const url of [`/api/evidence/${item.id}`, `/api/evidence/${item.id}/download`]) {
        const res = await send(s, "GET", url);
        expectError({ status: res.statusCode, json: () => res.json() }, 404, "NOT_FOUND");
      }
      const up = await upload(s, Buffer.from("intruder"), [], "x.txt", a.orgId);
      expectError({ status: up.statusCode, json: () => up.json() }, 404, "NOT_FOUND");
    }
    // A's control owner naming B's control: not found in A's organization, nothing stored.
    const blobs = blobCount();
    const res = await upload(await as(a, "control_owner"), Buffer.from(`foreign ${randomUUID()}`), [
      ["controlIds", bControlId],
    ]);
    const error = expectError({ status: res.statusCode, json: () => res.json() }, 404, "NOT_FOUND");
    expect(error.message).toContain(bControlId);
    expect(blobCount()).toBe(blobs);
    expect(temporaryFiles()).toEqual([]);
    const link = await send(await as(a, "org_admin"), "POST", `/api/evidence/${item.id}/links`, {
      payload: JSON.stringify({ controlIds: [bControlId] }),
      contentType: "application/json",
    });
    expect(link.statusCode).toBe(404);
  });

  it("records every view of an item's detail and every download in the audit trail", async () => {
    const item = await uploadOk(Buffer.from("audited evidence"));
    const auditor = await as(a, "staff_auditor");
    await send(auditor, "GET", `/api/evidence/${item.id}`);
    await send(auditor, "GET", `/api/evidence/${item.id}`);
    await send(auditor, "GET", `/api/evidence/${item.id}/download`);
    // A refused download is not recorded as one.
    await send(await as(a, "employee"), "GET", `/api/evidence/${item.id}/download`);
    const events = await t.context.deps.db
      .selectFrom("audit_events")
      .select(["action", "actor_label", "org_id"])
      .where("target_id", "=", item.id)
      .orderBy("seq")
      .execute();
    expect(events.map((e) => e.action)).toEqual([
      "evidence.uploaded",
      "evidence.viewed",
      "evidence.viewed",
      "evidence.downloaded",
    ]);
    expect(events[3]?.actor_label).toContain(a.users.staff_auditor.email);
    expect(events.every((e) => e.org_id === a.orgId)).toBe(true);
    const trail = await send(
      await as(a, "org_admin"),
      "GET",
      `/api/organizations/${a.orgId}/audit-events?action=evidence.downloaded`,
    );
    expect((trail.json().events as Json[]).some((e) => e.targetId === item.id)).toBe(true);
  });

  it("keeps old versions: a new version supersedes the current one and inherits its controls", async () => {
    const v1 = await uploadOk(Buffer.from("access review Q1"), [
      ["title", "Access review"],
      ["controlIds", "IAM-02"],
      ["effectiveDate", "2026-03-31"],
    ]);
    const owner = await as(a, "control_owner");
    const res = await send(
      owner,
      "POST",
      `/api/evidence/${v1.id}/versions`,
      form(
        [["controlIds", "IAM-08"]],
        [{ filename: "review-v2.txt", content: Buffer.from("access review Q1, corrected") }],
      ),
    );
    expect(res.statusCode, res.body).toBe(201);
    const v2 = res.json();
    expect(v2).toMatchObject({ version: 2, supersedesId: v1.id, seriesId: v1.id, title: "Access review" });
    expect(v2.controls.map((c: Json) => c.code)).toEqual(["IAM-02", "IAM-08"]);

    const list = (await send(owner, "GET", `/api/organizations/${a.orgId}/evidence?controlId=IAM-02`)).json();
    expect(list.items.map((i: Json) => i.id)).toContain(v2.id);
    expect(list.items.map((i: Json) => i.id)).not.toContain(v1.id);
    const all = (
      await send(
        owner,
        "GET",
        `/api/organizations/${a.orgId}/evidence?controlId=IAM-02&includeSuperseded=true`,
      )
    ).json();
    expect(all.items.map((i: Json) => i.id)).toEqual(expect.arrayContaining([v1.id, v2.id]));

    const old = (await send(owner, "GET", `/api/evidence/${v1.id}`)).json();
    expect(old.supersededById).toBe(v2.id);
    expect(old.versions.map((v: Json) => v.version)).toEqual([1, 2]);
    const oldBytes = await send(owner, "GET", `/api/evidence/${v1.id}/download`);
    expect(oldBytes.rawPayload.toString()).toBe("access review Q1");

    const again = await send(
      owner,
      "POST",
      `/api/evidence/${v1.id}/versions`,
      form([], [{ filename: "x.txt", content: Buffer.from("a fork") }]),
    );
    expectError({ status: again.statusCode, json: () => again.json() }, 409, "CONFLICT");
  });

  it("links and unlinks controls by id or code", async () => {
    const item = await uploadOk(Buffer.from("backup restore test"));
    const admin = await as(a, "org_admin");
    const linked = await send(admin, "POST", `/api/evidence/${item.id}/links`, {
      payload: JSON.stringify({ controlIds: ["BCK-01", controls.policy] }),
      contentType: "application/json",
    });
    expect(linked.statusCode, linked.body).toBe(200);
    expect(linked.json().controls.map((c: Json) => c.code)).toEqual(["BCK-01", "GOV-01"]);
    const unlinked = await send(admin, "DELETE", `/api/evidence/${item.id}/links/${controls.policy}`);
    expect(unlinked.json().controls.map((c: Json) => c.code)).toEqual(["BCK-01"]);
    const twice = await send(admin, "DELETE", `/api/evidence/${item.id}/links/GOV-01`);
    expectError({ status: twice.statusCode, json: () => twice.json() }, 404, "NOT_FOUND");
    const unknown = await send(admin, "POST", `/api/evidence/${item.id}/links`, {
      payload: JSON.stringify({ controlIds: ["NOPE-99"] }),
      contentType: "application/json",
    });
    expect(
      expectError({ status: unknown.statusCode, json: () => unknown.json() }, 404, "NOT_FOUND").message,
    ).toContain("NOPE-99");
    const byControl = (
      await send(admin, "GET", `/api/organizations/${a.orgId}/evidence?controlId=BCK-01`)
    ).json();
    expect(byControl.items.map((i: Json) => i.id)).toContain(item.id);
  });

  it("fails a download of a damaged blob with INTEGRITY instead of returning garbage", async () => {
    const secret = randomUUID();
    const small = await uploadOk(Buffer.from(`payload ${secret}`));
    // Above the in-memory size, the whole blob is verified before the first byte is sent.
    const large = await uploadOk(Buffer.concat([randomBytes(9 * 1024 * 1024), Buffer.from(secret)]));
    for (const [item, offset] of [
      [small, 50],
      [large, -3],
    ] as const) {
      const path = join(blobDir(a.orgId), item.sha256);
      const original = readFileSync(path);
      const damaged = Buffer.from(original);
      const at = offset < 0 ? damaged.length + offset : offset;
      damaged[at] = (damaged[at] ?? 0) ^ 0xff;
      writeFileSync(path, damaged);
      try {
        const res = await send(await as(a, "staff_auditor"), "GET", `/api/evidence/${item.id}/download`);
        expectError({ status: res.statusCode, json: () => res.json() }, 409, "INTEGRITY");
        expect(res.body).not.toContain(secret);
      } finally {
        writeFileSync(path, original);
      }
    }
  });

  it("reports freshness per control and the overdue ones by owner", async () => {
    const today = new Date().toISOString().slice(0, 10);
    const owner = await as(a, "control_owner");
    // FRS-01 (monthly): last evidence 40 days ago → overdue; FRS-02 (annual): today → current.
    await uploadOk(Buffer.from(`backup log ${randomUUID()}`), [
      ["controlIds", "FRS-01"],
      ["effectiveDate", addDays(today, -40)],
    ]);
    await uploadOk(Buffer.from(`policy ${randomUUID()}`), [
      ["controlIds", "FRS-02"],
      ["effectiveDate", today],
    ]);
    // FRS-05 (event-driven): a sample stays fresh for 90 days.
    await uploadOk(Buffer.from(`incident sample ${randomUUID()}`), [
      ["controlIds", "FRS-05"],
      ["effectiveDate", addDays(today, -100)],
    ]);
    // FRS-03 (quarterly): today's evidence replaced by a version dated five months ago counts by the
    // current version only.
    const keys = await uploadOk(Buffer.from(`keys ${randomUUID()}`), [
      ["controlIds", "FRS-03"],
      ["effectiveDate", today],
    ]);
    const v2 = await send(
      owner,
      "POST",
      `/api/evidence/${keys.id}/versions?effectiveDate=${addMonths(today, -5)}`,
      {
        payload: Buffer.from(`keys corrected ${randomUUID()}`),
        contentType: "application/octet-stream",
      },
    );
    expect(v2.statusCode, v2.body).toBe(201);

    const res = await send(
      await as(a, "engagement_manager"),
      "GET",
      `/api/organizations/${a.orgId}/evidence-freshness`,
    );
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.asOf).toBe(today);
    const byCode = Object.fromEntries((body.controls as Json[]).map((c) => [c.code, c]));
    expect(Object.keys(byCode)).toEqual(
      expect.arrayContaining(["FRS-01", "FRS-02", "FRS-03", "FRS-04", "INC-02"]),
    );
    expect(byCode["OLD-01"]).toBeUndefined();
    expect(byCode["FRS-01"]).toMatchObject({
      status: "overdue",
      lastEffectiveDate: addDays(today, -40),
      nextDue: addMonths(addDays(today, -40), 1),
      owner: { userId: ownerUserId },
    });
    expect(byCode["FRS-01"].daysOverdue).toBeGreaterThan(0);
    expect(byCode["FRS-02"]).toMatchObject({ status: "current", nextDue: addMonths(today, 12) });
    expect(byCode["FRS-03"]).toMatchObject({
      status: "overdue",
      lastEffectiveDate: addMonths(today, -5),
      owner: null,
    });
    expect(byCode["FRS-04"]).toMatchObject({ status: "missing", lastEffectiveDate: null, nextDue: today });
    expect(byCode["INC-02"]).toMatchObject({ status: "missing", nextDue: today });
    expect(byCode["FRS-05"]).toMatchObject({
      status: "overdue",
      nextDue: addDays(today, -10),
      daysOverdue: 10,
    });
    const ownerGroup = (body.overdueByOwner as Json[]).find((g) => g.owner?.userId === ownerUserId);
    expect(ownerGroup.controls.map((c: Json) => c.code)).toEqual(
      expect.arrayContaining(["FRS-01", "FRS-04"]),
    );
    expect(ownerGroup.controls.map((c: Json) => c.code)).not.toContain("FRS-02");
    const unassigned = (body.overdueByOwner as Json[]).find((g) => g.owner === null);
    expect(unassigned.controls.map((c: Json) => c.code)).toContain("FRS-03");
    expect(body.overdueByOwner.at(-1).owner).toBeNull();
    const employee = await send(
      await as(a, "employee"),
      "GET",
      `/api/organizations/${a.orgId}/evidence-freshness`,
    );
    expect(employee.statusCode).toBe(403);
  });

  it("uploads from a pipeline with an API token (source pipeline)", async () => {
    const admin = await as(a, "org_admin");
    const created = await send(admin, "POST", "/api/auth/tokens", {
      payload: JSON.stringify({ name: "ci", scopes: ["read", "write"], expiresInDays: 1 }),
      contentType: "application/json",
    });
    const token = created.json().token as string;
    const res = await t.app.inject({
      method: "POST",
      url: `/api/organizations/${a.orgId}/evidence?controlIds=IAM-02&title=Nightly%20scan&filename=scan.json`,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/octet-stream" },
      payload: Buffer.from('{"vulnerabilities": []}'),
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      source: "pipeline",
      title: "Nightly scan",
      mediaType: "application/json",
    });
    const json = await t.app.inject({
      method: "POST",
      url: `/api/organizations/${a.orgId}/evidence`,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      payload: JSON.stringify({ file: "not like this" }),
    });
    expectError({ status: json.statusCode, json: () => json.json() }, 415, "UNSUPPORTED_MEDIA_TYPE");
  });

  describe("importers", () => {
    const registered = findImporter("aws-credential-report") !== undefined;

    it("lists the importers", async () => {
      const res = await send(await as(a, "control_owner"), "GET", `/api/organizations/${a.orgId}/importers`);
      expect(res.statusCode).toBe(200);
      expect(Array.isArray(res.json().importers)).toBe(true);
    });

    it.skipIf(!registered)(
      "runs the AWS credential report importer: raw file kept as evidence with its checks, linked by library id",
      async () => {
        const owner = await as(a, "control_owner");
        const res = await send(
          owner,
          "POST",
          `/api/organizations/${a.orgId}/importers/aws-credential-report`,
          form([], [{ filename: "credential-report.csv", content: Buffer.from(AWS_CREDENTIAL_REPORT) }]),
        );
        expect(res.statusCode, res.body).toBe(201);
        const result = res.json();
        expect(result.importer).toBe("aws-credential-report");
        const mfa = (result.checks as Json[]).find((c) => c.id === "aws.console-users-without-mfa");
        expect(mfa.status).toBe("fail");
        expect(result.items).toHaveLength(1);
        const item = result.items[0];
        expect(item).toMatchObject({
          source: "importer",
          importerId: "aws-credential-report",
          mediaType: "text/csv",
          effectiveDate: result.effectiveDate,
          originalName: "credential-report.csv",
        });
        expect(item.controls.map((c: Json) => c.code).sort()).toEqual(
          (result.linkedControls as Json[]).map((c) => c.code).sort(),
        );
        expect(item.controls.map((c: Json) => c.code)).toContain("IAM-02");
        const detail = (await send(await as(a, "staff_auditor"), "GET", `/api/evidence/${item.id}`)).json();
        expect(detail.checks.checks.map((c: Json) => c.id)).toContain("aws.console-users-without-mfa");
        const down = await send(owner, "GET", `/api/evidence/${item.id}/download`);
        expect(down.body).toBe(AWS_CREDENTIAL_REPORT);
        const events = await t.context.deps.db
          .selectFrom("audit_events")
          .select("action")
          .where("target_id", "=", item.id)
          .execute();
        expect(events.map((e) => e.action)).toContain("evidence.imported");
      },
    );

    it.skipIf(!registered)("refuses a malformed export with VALIDATION and keeps nothing", async () => {
      const blobs = blobCount();
      const res = await send(
        await as(a, "org_admin"),
        "POST",
        `/api/organizations/${a.orgId}/importers/aws-credential-report`,
        form([], [{ filename: "wrong.csv", content: Buffer.from(`name,colour\n${randomUUID()},blue\n`) }]),
      );
      expectError({ status: res.statusCode, json: () => res.json() }, 400, "VALIDATION");
      expect(blobCount()).toBe(blobs);
    });

    it("answers 404 for an unknown importer and for auditors' attempts 403", async () => {
      const unknown = await send(
        await as(a, "org_admin"),
        "POST",
        `/api/organizations/${a.orgId}/importers/no-such-importer`,
        form([], [{ filename: "x.csv", content: Buffer.from("a,b\n1,2\n") }]),
      );
      expectError({ status: unknown.statusCode, json: () => unknown.json() }, 404, "NOT_FOUND");
      const auditor = await send(
        await as(a, "staff_auditor"),
        "POST",
        `/api/organizations/${a.orgId}/importers/aws-credential-report`,
        form([], [{ filename: "x.csv", content: Buffer.from("a,b\n1,2\n") }]),
      );
      expect(auditor.statusCode).toBe(403);
    });
  });

  it("has not left temporary files behind after all of the above", () => {
    expect(temporaryFiles()).toEqual([]);
    for (const f of allFiles(join(t.dataDir, "evidence"))) expect(statSync(f).mode & 0o077).toBe(0);
  });
});
