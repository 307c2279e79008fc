import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import forge from "node-forge";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoCertificate, PASSWORD } from "../../test/fixtures/reports-sign/kit.js";
import { AppError } from "../core/errors.js";
import {
  certificateFingerprint,
  generateSigningCertificate,
  identityFromPem,
  loadSigningIdentity,
} from "./certificate.js";

const run = promisify(execFile);
const NOW = new Date("2026-11-20T00:00:00Z");

const expectValidation = (fn: () => unknown, message: RegExp) => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("VALIDATION");
    expect((error as AppError).message).toMatch(message);
    return;
  }
  throw new Error("expected a VALIDATION error");
};

describe("generateSigningCertificate", () => {
  it("makes a self-signed certificate for signing, valid five years from the given date", () => {
    const generated = demoCertificate();
    const { certificate, key, chain } = loadSigningIdentity(generated.p12, PASSWORD, NOW);
    expect(certificate.subject.getField("CN").value).toBe("Dana Whitfield, CPA");
    expect(certificate.subject.getField("O").value).toBe("Whitfield & Rowe LLP");
    expect(certificate.issuer.hash).toBe(certificate.subject.hash);
    expect(certificate.verify(certificate)).toBe(true);
    expect(certificate.validity.notBefore.toISOString()).toBe("2026-01-01T00:00:00.000Z");
    expect(certificate.validity.notAfter.toISOString()).toBe("2031-01-01T00:00:00.000Z");
    const usage = certificate.getExtension("keyUsage") as {
      digitalSignature?: boolean;
      nonRepudiation?: boolean;
    };
    expect(usage.digitalSignature && usage.nonRepudiation).toBe(true);
    expect(key.n.bitLength()).toBe(2048);
    expect(chain).toHaveLength(1);
    expect(certificateFingerprint(certificate)).toBe(generated.fingerprint);
  });

  describe("with openssl", () => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), "fw-cert-"));
    });
    afterAll(async () => rm(dir, { recursive: true, force: true }));

    it("writes a PKCS#12 that openssl opens, with the same fingerprint", async () => {
      const file = join(dir, "demo.p12");
      await import("node:fs/promises").then((fs) => fs.writeFile(file, demoCertificate().p12));
      const { stdout } = await run("openssl", [
        "pkcs12",
        "-in",
        file,
        "-passin",
        `pass:${PASSWORD}`,
        "-nokeys",
      ]);
      const pem = stdout.slice(stdout.indexOf("-----BEGIN CERTIFICATE-----"));
      expect(certificateFingerprint(forge.pki.certificateFromPem(pem))).toBe(demoCertificate().fingerprint);
    });

    it("loads a PKCS#12 that openssl made (AES-256, SHA-256 MAC)", async () => {
      const key = join(dir, "k.pem");
      const cert = join(dir, "c.pem");
      const p12 = join(dir, "o.p12");
      await run("openssl", [
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        key,
        "-out",
        cert,
        "-days",
        "30",
        "-subj",
        "/CN=Jane Roe/O=Roe CPA",
      ]);
      await run("openssl", [
        "pkcs12",
        "-export",
        "-inkey",
        key,
        "-in",
        cert,
        "-out",
        p12,
        "-passout",
        "pass:s3cret-pass",
      ]);
      const bytes = await readFile(p12);
      const certPem = await readFile(cert, "utf8");
      const notBefore = forge.pki.certificateFromPem(certPem).validity.notBefore;
      const identity = loadSigningIdentity(bytes, "s3cret-pass", new Date(notBefore.getTime() + 60_000));
      expect(identity.certificate.subject.getField("O").value).toBe("Roe CPA");
      const fromPem = identityFromPem(
        await readFile(key, "utf8"),
        certPem,
        new Date(notBefore.getTime() + 60_000),
      );
      expect(fromPem.key.n.equals(identity.key.n)).toBe(true);
    });
  });
});

describe("loadSigningIdentity errors", () => {
  it("says when the password is wrong", () => {
    expectValidation(
      () => loadSigningIdentity(demoCertificate().p12, "not the password", NOW),
      /password is wrong/,
    );
  });

  it("says when the file is not a PKCS#12", () => {
    expectValidation(
      () => loadSigningIdentity(Buffer.from("%PDF-1.7 hello"), PASSWORD, NOW),
      /not a PKCS#12/,
    );
    expectValidation(() => loadSigningIdentity(Buffer.alloc(0), PASSWORD, NOW), /not a PKCS#12/);
  });

  it("says when the PKCS#12 holds no private key", () => {
    const { certificate } = loadSigningIdentity(demoCertificate().p12, PASSWORD, NOW);
    const certOnly = forge.pkcs12.toPkcs12Asn1(null, [certificate], PASSWORD, { algorithm: "aes256" });
    const bytes = Buffer.from(forge.asn1.toDer(certOnly).getBytes(), "binary");
    expectValidation(() => loadSigningIdentity(bytes, PASSWORD, NOW), /no private key/);
  });

  it("refuses a certificate that has expired or is not yet valid at the signing time", () => {
    const p12 = demoCertificate().p12;
    expectValidation(
      () => loadSigningIdentity(p12, PASSWORD, new Date("2031-01-02T00:00:00Z")),
      /expired on 2031-01-01/,
    );
    expectValidation(
      () => loadSigningIdentity(p12, PASSWORD, new Date("2025-12-31T00:00:00Z")),
      /not valid until/,
    );
  });

  it("refuses a key that does not belong to the certificate", () => {
    const other = forge.pki.rsa.generateKeyPair({ bits: 1024 });
    const certPem = forge.pki.certificateToPem(
      loadSigningIdentity(demoCertificate().p12, PASSWORD, NOW).certificate,
    );
    expectValidation(
      () => identityFromPem(forge.pki.privateKeyToPem(other.privateKey), certPem, NOW),
      /does not belong/,
    );
  });

  it("refuses a weak password or an empty name when generating", () => {
    const base = {
      commonName: "A",
      organization: "B",
      notBefore: NOW,
      password: "long enough",
      keyBits: 2048 as const,
    };
    expectValidation(() => generateSigningCertificate({ ...base, password: "short" }), /at least 8/);
    expectValidation(() => generateSigningCertificate({ ...base, organization: " " }), /needs a name/);
  });
});
