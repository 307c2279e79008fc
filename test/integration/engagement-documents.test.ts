/**
 * Engagement letters and representation letters through the API on both databases (issue 5 §4):
 * who may generate, send, read, accept and decline; version supersession; the acceptance record
 * (name, title, user, address, browser, time, SHA-256) and the accepted copy stored as evidence;
 * the engagement letter setting engagement_letter_signed_at; the representation letter needing a
 * fresh authenticator code and holding the lifecycle guard of the move into Issuance; another
 * tenant answered 404; every change audited.
 */
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { beforeAll, expect, it } from "vitest";
import {
  acceptDemoRepresentationLetter,
  loadEngagementDocumentsDemo,
} from "../../src/app/demo-engagement-documents.js";
import { currentTotp } from "../../src/app/security/totp.js";
import { loadEngagementFacts } from "../../src/app/use-cases/engagement-facts.js";
import { signInActor } from "../support/actors.js";
import type { Session } from "../support/app.js";
import { describeEachDatabase } from "../support/databases.js";
import { eventsOf, newEngagement, ok, setUpWorld, type Tenancy, type World } from "./workpaper-fixture.js";

const run = promisify(execFile);

const pdfText = async (bytes: Buffer): Promise<string> => {
  const dir = await mkdtemp(join(tmpdir(), "fw-doc-"));
  try {
    const file = join(dir, "d.pdf");
    await writeFile(file, bytes);
    return (await run("pdftotext", [file, "-"])).stdout.replace(/\s+/g, " ");
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
};

describeEachDatabase("engagement documents", (target) => {
  let w: World;
  let e: Tenancy;
  let letterV2 = "";

  const download = async (s: Session, id: string, copy?: string) => {
    const res = await w.t.app.inject({
      method: "GET",
      url: `/api/engagement-documents/${id}/pdf${copy ? `?copy=${copy}` : ""}`,
      headers: { cookie: s.cookie, "x-csrf-token": s.csrf },
    });
    return { status: res.statusCode, body: res.rawPayload, sha: res.headers["x-document-sha256"] };
  };
  const accept = (s: Session, id: string, body: Record<string, unknown>) =>
    w.t.app.inject({
      method: "POST",
      url: `/api/engagement-documents/${id}/accept`,
      headers: {
        cookie: s.cookie,
        "x-csrf-token": s.csrf,
        "content-type": "application/json",
        "user-agent": "Vitest-Browser/1.0",
      },
      payload: JSON.stringify(body),
    });
  const row = () =>
    w.deps.db.selectFrom("engagements").selectAll().where("id", "=", e.id).executeTakeFirstOrThrow();
  const setStage = (stage: string) =>
    w.deps.db.updateTable("engagements").set({ stage }).where("id", "=", e.id).execute();
  const freshCode = async () => {
    await w.deps.db
      .updateTable("users")
      .set({ totp_last_step: null })
      .where("id", "=", w.ids.orgAdmin)
      .execute();
    return currentTotp(w.tenant.users.org_admin.totpSecret ?? "", new Date());
  };
  const generate = (s: Session, kind: string, extra: Record<string, unknown> = {}) =>
    s.request("POST", `/api/engagements/${e.id}/documents`, { kind, ...extra });

  beforeAll(async () => {
    w = await setUpWorld(target);
    e = await newEngagement(w);
    await ok(
      w.s.manager.request("PATCH", `/api/engagements/${e.id}/scope`, {
        categories: ["CC", "A"],
        services: ["UPI payment gateway"],
      }),
    );
    await ok(
      w.s.manager.request("POST", `/api/engagements/${e.id}/subservice-orgs`, {
        name: "Amazon Web Services",
        service: "Cloud hosting",
        method: "carve-out",
      }),
      201,
    );
  });

  it("needs an approved quote, and only the partner or manager generates", async () => {
    const early = await generate(w.s.manager, "engagement-letter");
    expect(early.status).toBe(409);
    expect(early.json().error.code).toBe("GUARD_FAILED");
    const quote = await ok(
      w.s.manager.request("POST", `/api/engagements/${e.id}/quotes`, {
        employees: 120,
        systems: 6,
        locations: 2,
        vendors: 10,
        currency: "INR",
      }),
      201,
    );
    await ok(w.s.partner.request("POST", `/api/engagements/${e.id}/quotes/${quote.id}/approve`));
    expect((await generate(w.s.staff, "engagement-letter")).status).toBe(403);
    expect((await generate(w.s.orgAdmin, "engagement-letter")).status).toBe(403);
    expect((await generate(w.s.otherManager, "engagement-letter")).status).toBe(404);
    expect((await generate(w.s.manager, "representation-letter")).status).toBe(409);
  });

  it("generates versions; a new one supersedes the unaccepted; the organization sees only sent ones", async () => {
    const v1 = await ok(generate(w.s.manager, "engagement-letter"), 201);
    expect(v1).toMatchObject({ kind: "engagement-letter", version: 1, status: "draft" });
    expect(v1.documentSha256).toMatch(/^[0-9a-f]{64}$/);
    expect((await w.s.orgAdmin.request("GET", `/api/engagement-documents/${v1.id}`)).status).toBe(404);
    expect((await ok(w.s.orgAdmin.request("GET", `/api/engagements/${e.id}/documents`))).documents).toEqual(
      [],
    );
    expect((await w.s.owner.request("GET", `/api/engagements/${e.id}/documents`)).status).toBe(403);
    await ok(w.s.manager.request("POST", `/api/engagement-documents/${v1.id}/send`));

    const v2 = await ok(
      generate(w.s.partner, "engagement-letter", { paymentTerms: "Half on acceptance, half on issuance." }),
      201,
    );
    letterV2 = v2.id;
    expect(v2.version).toBe(2);
    const firm = (await ok(w.s.manager.request("GET", `/api/engagements/${e.id}/documents`))).documents;
    expect(firm.map((d: { version: number; status: string }) => [d.version, d.status])).toEqual([
      [2, "draft"],
      [1, "superseded"],
    ]);
    expect(
      (await accept(w.s.orgAdmin, v1.id, { fullName: "A B", title: "CEO", agree: true })).statusCode,
    ).toBe(409);
    expect((await w.s.staff.request("POST", `/api/engagement-documents/${v2.id}/send`)).status).toBe(403);
    const sent = await ok(w.s.manager.request("POST", `/api/engagement-documents/${v2.id}/send`));
    expect(sent.status).toBe("sent");
    expect((await w.s.manager.request("POST", `/api/engagement-documents/${v2.id}/send`)).status).toBe(409);

    const pending = (await ok(w.s.orgAdmin.request("GET", "/api/engagement-documents"))).documents;
    expect(pending.map((d: { id: string }) => d.id)).toContain(v2.id);
    expect((await ok(w.s.otherOrgAdmin.request("GET", "/api/engagement-documents"))).documents).toEqual([]);
    const notice = await w.deps.db
      .selectFrom("notifications")
      .select("title")
      .where("user_id", "=", w.ids.orgAdmin)
      .where("kind", "=", "engagement_document.sent")
      .execute();
    expect(notice.length).toBe(2);

    const pdf = await download(w.s.orgAdmin, v2.id);
    expect(pdf.status).toBe(200);
    expect(createHash("sha256").update(pdf.body).digest("hex")).toBe(v2.documentSha256);
    const text = await pdfText(pdf.body);
    expect(text).toContain("Half on acceptance, half on issuance.");
    expect(text).toContain("throughout the period 1 January 2026 to 31 December 2026");
    expect(text).toContain("Amazon Web Services");
  });

  it("answers another tenant 404 on every document route", async () => {
    const o = w.s.otherOrgAdmin;
    expect((await o.request("GET", `/api/engagement-documents/${letterV2}`)).status).toBe(404);
    expect((await download(o, letterV2)).status).toBe(404);
    expect((await accept(o, letterV2, { fullName: "X Y", title: "CEO", agree: true })).statusCode).toBe(404);
    expect(
      (await o.request("POST", `/api/engagement-documents/${letterV2}/decline`, { reason: "no way" })).status,
    ).toBe(404);
    expect(
      (await w.s.otherManager.request("POST", `/api/engagement-documents/${letterV2}/send`)).status,
    ).toBe(404);
    expect((await w.s.otherManager.request("GET", `/api/engagements/${e.id}/documents`)).status).toBe(404);
  });

  it("lets only the organization admin accept, with name, title and agreement, and records it all", async () => {
    expect(
      (await accept(w.s.manager, letterV2, { fullName: "A B", title: "CEO", agree: true })).statusCode,
    ).toBe(403);
    expect(
      (await accept(w.s.owner, letterV2, { fullName: "A B", title: "CEO", agree: true })).statusCode,
    ).toBe(403);
    expect(
      (await accept(w.s.orgAdmin, letterV2, { fullName: "A B", title: "CEO", agree: false })).statusCode,
    ).toBe(400);
    const stale = await accept(w.s.orgAdmin, letterV2, {
      fullName: "Kavya Nair",
      title: "Head of Compliance",
      agree: true,
      documentSha256: "0".repeat(64),
    });
    expect(stale.statusCode).toBe(409);

    const res = await accept(w.s.orgAdmin, letterV2, {
      fullName: "Kavya Nair",
      title: "Head of Compliance",
      agree: true,
    });
    expect(res.statusCode, res.body).toBe(200);
    const doc = res.json();
    expect(doc.status).toBe("accepted");
    expect(doc.acceptance).toMatchObject({
      name: "Kavya Nair",
      title: "Head of Compliance",
      userId: w.ids.orgAdmin,
      userAgent: "Vitest-Browser/1.0",
      ip: expect.any(String),
    });
    expect((await row()).engagement_letter_signed_at).toBe(doc.acceptance.at);

    // The accepted copy: the letter plus the acceptance record naming the presented bytes.
    const copy = await download(w.s.manager, letterV2);
    expect(copy.sha).toBe(doc.acceptance.acceptedSha256);
    const text = await pdfText(copy.body);
    expect(text).toContain("Electronic acceptance record");
    expect(text).toContain(doc.documentSha256);
    expect(text).toContain("Kavya Nair, Head of Compliance");
    expect((await download(w.s.orgAdmin, letterV2, "original")).sha).toBe(doc.documentSha256);

    // Stored as generated evidence of the organization.
    const item = await w.deps.db
      .selectFrom("evidence_items")
      .select(["org_id", "source", "sha256", "media_type"])
      .where("id", "=", doc.acceptance.evidenceId)
      .executeTakeFirstOrThrow();
    expect(item).toEqual({
      org_id: e.org_id,
      source: "generated",
      sha256: doc.acceptance.acceptedSha256,
      media_type: "application/pdf",
    });
    expect((await w.s.orgAdmin.request("GET", `/api/evidence/${doc.acceptance.evidenceId}`)).status).toBe(
      200,
    );

    expect((await generate(w.s.manager, "engagement-letter")).status).toBe(409);
    expect(
      (await accept(w.s.orgAdmin, letterV2, { fullName: "A B", title: "CEO", agree: true })).statusCode,
    ).toBe(409);
    const actions = (await eventsOf(w.deps, letterV2)).map((x: { action: string }) => x.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        "engagement_document.generated",
        "engagement_document.sent",
        "engagement_document.accepted",
      ]),
    );
  });

  it("lets the organization admin decline a representation letter with a reason", async () => {
    await setStage("control_testing");
    const v1 = await ok(generate(w.s.manager, "representation-letter"), 201);
    await ok(w.s.manager.request("POST", `/api/engagement-documents/${v1.id}/send`));
    expect(
      (await w.s.orgAdmin.request("POST", `/api/engagement-documents/${v1.id}/decline`, { reason: "" }))
        .status,
    ).toBe(400);
    const declined = await ok(
      w.s.orgAdmin.request("POST", `/api/engagement-documents/${v1.id}/decline`, {
        reason: "The March incident is missing from the list.",
      }),
    );
    expect(declined).toMatchObject({
      status: "declined",
      decline: { reason: "The March incident is missing from the list." },
    });
    const actions = (await eventsOf(w.deps, v1.id)).map((x: { action: string }) => x.action);
    expect(actions).toContain("engagement_document.declined");
    const firmNotice = await w.deps.db
      .selectFrom("notifications")
      .select("title")
      .where("user_id", "=", w.ids.manager)
      .where("kind", "=", "engagement_document.answered")
      .execute();
    expect(firmNotice.length).toBeGreaterThanOrEqual(2);
  });

  it("needs a fresh authenticator code to accept the representation letter, which unblocks issuance", async () => {
    await setStage("draft_review");
    const before = await loadEngagementFacts(w.deps.db, await row(), "2027-02-15");
    expect(before.representationLetterSigned).toBe(false);
    const move = await w.s.partner.request("POST", `/api/engagements/${e.id}/stage`, { to: "issuance" });
    expect(move.status).toBe(409);
    expect(move.json().error.details.failures.map((f: { guard: string }) => f.guard)).toContain(
      "representation-letter-signed",
    );

    const rep = await ok(generate(w.s.partner, "representation-letter"), 201);
    expect(rep.version).toBe(2);
    await ok(w.s.partner.request("POST", `/api/engagement-documents/${rep.id}/send`));
    const body = { fullName: "Kavya Nair", title: "Head of Compliance", agree: true };
    const missing = await accept(w.s.orgAdmin, rep.id, body);
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.message).toMatch(/authenticator code/);
    const code = await freshCode();
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, "0");
    expect((await accept(w.s.orgAdmin, rep.id, { ...body, totpCode: wrong })).statusCode).toBe(403);
    const res = await accept(w.s.orgAdmin, rep.id, { ...body, totpCode: await freshCode() });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().acceptance.confirmation).toMatch(/authenticator code/);

    const after = await loadEngagementFacts(w.deps.db, await row(), new Date().toISOString().slice(0, 10));
    expect(after.representationLetterSigned).toBe(true);
    // A report dated before the acceptance cannot rest on it.
    expect((await loadEngagementFacts(w.deps.db, await row(), "2020-01-01")).representationLetterSigned).toBe(
      false,
    );
    const text = await pdfText((await download(w.s.partner, rep.id)).body);
    expect(text).toContain("Management representation letter");
    expect(text).toContain("Electronic acceptance record");
  });

  it("has demo loaders that accept the engagement letter and a representation letter through the use-cases", async () => {
    const d = await newEngagement(w);
    await ok(
      w.s.manager.request("PATCH", `/api/engagements/${d.id}/scope`, { services: ["Merchant dashboard"] }),
    );
    const quote = await ok(
      w.s.manager.request("POST", `/api/engagements/${d.id}/quotes`, {
        employees: 40,
        systems: 3,
        locations: 1,
        vendors: 4,
        currency: "INR",
      }),
      201,
    );
    await ok(w.s.partner.request("POST", `/api/engagements/${d.id}/quotes/${quote.id}/approve`));
    const partner = await signInActor(w.deps, w.tenant.users.partner.email);
    const manager = await signInActor(w.deps, w.tenant.users.engagement_manager.email);
    const orgAdmin = await signInActor(w.deps, w.tenant.users.org_admin.email);
    await loadEngagementDocumentsDemo(w.deps, { engagementId: d.id, partner, orgAdmin });
    const signed = await w.deps.db
      .selectFrom("engagements")
      .select("engagement_letter_signed_at")
      .where("id", "=", d.id)
      .executeTakeFirstOrThrow();
    expect(signed.engagement_letter_signed_at).not.toBeNull();

    await w.deps.db
      .updateTable("engagements")
      .set({ stage: "draft_review" })
      .where("id", "=", d.id)
      .execute();
    const { documentId, evidenceId } = await acceptDemoRepresentationLetter(w.deps, {
      engagementId: d.id,
      firmUser: manager,
      orgAdmin,
    });
    const doc = await ok(w.s.orgAdmin.request("GET", `/api/engagement-documents/${documentId}`));
    expect(doc).toMatchObject({ status: "accepted", kind: "representation-letter" });
    expect(doc.acceptance.confirmation).toMatch(/demo/);
    expect(doc.acceptance.evidenceId).toBe(evidenceId);
    const row = await w.deps.db
      .selectFrom("engagements")
      .selectAll()
      .where("id", "=", d.id)
      .executeTakeFirstOrThrow();
    const facts = await loadEngagementFacts(w.deps.db, row, new Date().toISOString().slice(0, 10));
    expect(facts.representationLetterSigned).toBe(true);
  });
});
