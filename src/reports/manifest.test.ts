import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { PDFDocument } from "pdf-lib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoManifest, makePdf, signDemoPdf } from "../../test/fixtures/reports-sign/kit.js";
import type { AppError } from "../core/errors.js";
import { buildReportManifest } from "../core/report-manifest.js";
import { embedManifest, extractManifest, MANIFEST_FILE_NAME, serializeManifest } from "./manifest.js";

const run = promisify(execFile);
const AT = new Date("2026-11-20T00:00:00Z");

const withManifest = async (mutate?: (doc: PDFDocument) => void): Promise<Uint8Array> => {
  const doc = await PDFDocument.load(await makePdf(1), { updateMetadata: false });
  await embedManifest(doc, demoManifest(), AT);
  mutate?.(doc);
  return doc.save();
};

const integrity = async (bytes: Uint8Array): Promise<string> => {
  const error = await extractManifest(bytes).then(
    () => null,
    (e: unknown) => e,
  );
  expect((error as AppError).code).toBe("INTEGRITY");
  return (error as AppError).message;
};

describe("the embedded manifest", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "fw-manifest-"));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it("round-trips and keeps the document's own keywords beside the root", async () => {
    const bytes = await withManifest();
    expect(await extractManifest(bytes)).toEqual(demoManifest());
    const doc = await PDFDocument.load(bytes);
    expect(doc.getKeywords()).toBe(`soc2 type2 fieldwork-manifest-root:${demoManifest().root}`);
    const listed = await PDFDocument.load(await makePdf(1));
    listed.setKeywords(["SOC 2; Type 2"]);
    await embedManifest(listed, demoManifest(), AT);
    expect(listed.getKeywords()).toBe(`SOC 2; Type 2; fieldwork-manifest-root:${demoManifest().root}`);
    expect(await extractManifest(await listed.save())).toEqual(demoManifest());
  });

  it("is an attachment poppler lists and saves, and the root shows in pdfinfo", async () => {
    const file = join(dir, "signed.pdf");
    await writeFile(file, await signDemoPdf());
    const list = await run("pdfdetach", ["-list", file]);
    expect(list.stdout).toContain(MANIFEST_FILE_NAME);
    const saved = join(dir, "manifest.json");
    await run("pdfdetach", ["-save", "1", "-o", saved, file]);
    expect(await readFile(saved, "utf8")).toBe(serializeManifest(demoManifest()));
    expect((await run("pdfinfo", [file])).stdout).toContain(`fieldwork-manifest-root:${demoManifest().root}`);
  });

  it("is null for a PDF without one", async () => {
    expect(await extractManifest(await makePdf(1))).toBeNull();
  });

  it("fails as INTEGRITY when the keyword root differs from the manifest", async () => {
    const other = buildReportManifest({ engagementId: "x", reportVersion: 1, items: [] });
    const bytes = await withManifest((doc) => doc.setKeywords([`fieldwork-manifest-root:${other.root}`]));
    expect(await integrity(bytes)).toMatch(/differs from the embedded manifest's root/);
  });

  it("fails as INTEGRITY when the keyword names a root but the attachment is gone", async () => {
    const doc = await PDFDocument.load(await makePdf(1));
    doc.setKeywords([`fieldwork-manifest-root:${demoManifest().root}`]);
    expect(await integrity(await doc.save())).toMatch(/attachment is missing/);
  });

  it("fails as INTEGRITY when the attached items do not hash to the stated root", async () => {
    const doc = await PDFDocument.load(await makePdf(1));
    const m = demoManifest();
    const forged = { ...m, items: m.items.map((i) => ({ ...i, sha256: "f".repeat(64) })) };
    await doc.attach(new TextEncoder().encode(JSON.stringify(forged)), MANIFEST_FILE_NAME, {
      mimeType: "application/json",
    });
    doc.setKeywords([`fieldwork-manifest-root:${m.root}`]);
    expect(await integrity(await doc.save())).toMatch(/does not match its items/);
  });

  it("refuses to embed a second manifest", async () => {
    const doc = await PDFDocument.load(await withManifest());
    const error = await embedManifest(doc, demoManifest(), AT).then(
      () => null,
      (e: unknown) => e,
    );
    expect((error as AppError).code).toBe("CONFLICT");
  });
});
