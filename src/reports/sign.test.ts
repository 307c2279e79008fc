import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  demoCertificate,
  makePdf,
  PASSWORD,
  pdfsig,
  SIGNING_TIME,
  signDemoPdf,
} from "../../test/fixtures/reports-sign/kit.js";
import { AppError } from "../core/errors.js";
import { loadSigningIdentity } from "./certificate.js";
import { pdfLiteral, signPdf } from "./sign.js";

const run = promisify(execFile);
const OPTIONS = {
  reason: "SOC 2 report",
  location: "Boston, MA",
  name: "Dana Whitfield",
  signingTime: SIGNING_TIME,
};

/** The CMS and the signed bytes of the (only) signature, cut out by its /ByteRange. */
const cutSignature = (pdf: Uint8Array): { cms: Buffer; signed: Buffer } => {
  const b = Buffer.from(pdf);
  const m = /\/ByteRange \[(\d+) (\d+) (\d+) (\d+)\]/.exec(b.toString("latin1"));
  if (!m) throw new Error("no byte range");
  const [, , len1, start2, len2] = m.map(Number) as [number, number, number, number, number];
  const hex = b.subarray(len1 + 1, start2 - 1).toString("latin1");
  return {
    cms: Buffer.from(hex.replace(/(00)+$/, ""), "hex"),
    signed: Buffer.concat([b.subarray(0, len1), b.subarray(start2, start2 + len2)]),
  };
};

describe("signPdf", () => {
  let signed: Uint8Array;
  let dir: string;
  beforeAll(async () => {
    signed = await signDemoPdf();
    dir = await mkdtemp(join(tmpdir(), "fw-sign-"));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it("produces a PAdES signature that pdfsig reports valid over the whole document", async () => {
    const out = await pdfsig(signed);
    expect(out).toContain("Signature Validation: Signature is Valid.");
    expect(out).toContain("Signature Type: ETSI.CAdES.detached");
    expect(out).toContain("Total document signed");
    expect(out).toContain("Signer Certificate Common Name: Dana Whitfield, CPA");
    expect(out).toContain("Signing Time: Nov 20 2026 15:30:00");
    expect(out).toContain("Signing Hash Algorithm: SHA-256");
    // Self-signed: the signature is valid, the issuer is simply not a trusted CA.
    expect(out).toMatch(/Certificate Validation: Certificate issuer is unknown/);
  });

  it("is a detached CMS with signing-certificate-v2 that openssl verifies", async () => {
    const { cms, signed: content } = cutSignature(signed);
    await writeFile(join(dir, "sig.der"), cms);
    await writeFile(join(dir, "content.bin"), content);
    const printed = await run("openssl", [
      "cms",
      "-cmsout",
      "-print",
      "-inform",
      "DER",
      "-in",
      join(dir, "sig.der"),
    ]);
    expect(printed.stdout).toContain("id-smime-aa-signingCertificateV2");
    expect(printed.stdout).toContain("messageDigest");
    expect(printed.stdout).not.toContain("signingTime");
    const verified = await run("openssl", [
      "cms",
      "-verify",
      "-binary",
      "-noverify",
      "-inform",
      "DER",
      "-in",
      join(dir, "sig.der"),
      "-content",
      join(dir, "content.bin"),
      "-out",
      "/dev/null",
    ]);
    expect(verified.stderr).toContain("Verification successful");
  });

  it("is deterministic: the same input and signing time give the same bytes", async () => {
    const again = await signDemoPdf();
    expect(Buffer.from(again).equals(Buffer.from(signed))).toBe(true);
    const later = await signPdf(
      await makePdf(),
      { p12: demoCertificate().p12, password: PASSWORD },
      { ...OPTIONS, signingTime: new Date("2026-11-21T00:00:00Z") },
    );
    expect(Buffer.from(later).equals(Buffer.from(signed))).toBe(false);
  });

  it("signs with a loaded identity or PEM key and certificate alike", async () => {
    const identity = loadSigningIdentity(demoCertificate().p12, PASSWORD, SIGNING_TIME);
    const viaIdentity = await signPdf(await makePdf(1), { identity }, OPTIONS);
    expect(await pdfsig(viaIdentity)).toContain("Signature is Valid.");
    const forge = (await import("node-forge")).default;
    const viaPem = await signPdf(
      await makePdf(1),
      { keyPem: forge.pki.privateKeyToPem(identity.key), certificatePem: demoCertificate().certificatePem },
      OPTIONS,
    );
    expect(Buffer.from(viaPem).equals(Buffer.from(viaIdentity))).toBe(true);
  });

  it("writes non-ASCII names readably and escapes PDF delimiters", async () => {
    expect(pdfLiteral("Müller (Partner) \\ Co")).toBe("M\\374ller \\(Partner\\) \\\\ Co");
    expect(pdfLiteral("Zoë 😀")).toBe("Zo\\353 ?");
    const out = await signPdf(
      await makePdf(1),
      { p12: demoCertificate().p12, password: PASSWORD },
      {
        ...OPTIONS,
        reason: "Issued (final) by Müller",
      },
    );
    expect(await pdfsig(out)).toContain("Signature is Valid.");
  });

  it("refuses to sign a document that is already signed", async () => {
    const error = await signPdf(signed, { p12: demoCertificate().p12, password: PASSWORD }, OPTIONS).then(
      () => null,
      (e: unknown) => e,
    );
    expect((error as AppError).code).toBe("CONFLICT");
    expect((error as AppError).message).toMatch(/already signed/);
  });

  it("refuses a wrong password, an expired certificate, an empty reason and a non-PDF", async () => {
    const pdf = await makePdf(1);
    const p12 = demoCertificate().p12;
    const cases: [Promise<unknown>, RegExp][] = [
      [signPdf(pdf, { p12, password: "wrong" }, OPTIONS), /password is wrong/],
      [
        signPdf(pdf, { p12, password: PASSWORD }, { ...OPTIONS, signingTime: new Date("2032-01-01") }),
        /expired/,
      ],
      [signPdf(pdf, { p12, password: PASSWORD }, { ...OPTIONS, reason: " " }), /reason must not be empty/],
      [
        signPdf(new TextEncoder().encode("hello"), { p12, password: PASSWORD }, OPTIONS),
        /not a readable PDF/,
      ],
    ];
    for (const [promise, message] of cases) {
      const error = await promise.then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe("VALIDATION");
      expect((error as AppError).message).toMatch(message);
    }
  });
});
