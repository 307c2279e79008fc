/**
 * The firm's signing certificate: generate a self-signed one (for the demo firm, or a firm that
 * has no CA-issued certificate yet) as a PKCS#12 file, and load a PKCS#12 into a key and chain
 * with messages a partner can act on. Key generation is random by nature; the validity dates are
 * arguments, never the clock.
 */
import { createHash, randomBytes } from "node:crypto";
import forge from "node-forge";
import { AppError } from "../core/errors.js";

export interface SigningIdentity {
  readonly key: forge.pki.rsa.PrivateKey;
  readonly certificate: forge.pki.Certificate;
  /** The signer's certificate first, then any intermediates the PKCS#12 holds. */
  readonly chain: readonly forge.pki.Certificate[];
}

export interface GenerateCertificateInput {
  /** Subject CN: the signing partner or the firm. */
  readonly commonName: string;
  /** Subject O: the firm. */
  readonly organization: string;
  /** Two-letter country code, optional. */
  readonly country?: string;
  readonly email?: string;
  readonly notBefore: Date;
  /** Validity in years from notBefore; 5 unless given. */
  readonly years?: number;
  readonly password: string;
  readonly keyBits?: 2048 | 3072;
}

export interface GeneratedCertificate {
  readonly p12: Buffer;
  readonly certificatePem: string;
  readonly fingerprint: string;
  readonly serial: string;
  readonly notAfter: Date;
}

/** SHA-256 over the certificate's DER, lowercase hex: what `openssl x509 -fingerprint -sha256` shows. */
export const certificateFingerprint = (certificate: forge.pki.Certificate): string =>
  createHash("sha256")
    .update(Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(certificate)).getBytes(), "binary"))
    .digest("hex");

const subjectField = (certificate: forge.pki.Certificate, shortName: string): string | null => {
  const f = certificate.subject.getField(shortName) as { value?: unknown } | null;
  return typeof f?.value === "string" ? f.value : null;
};

export const certificateSubject = (
  certificate: forge.pki.Certificate,
): { name: string | null; organization: string | null } => ({
  name: subjectField(certificate, "CN"),
  organization: subjectField(certificate, "O"),
});

export const generateSigningCertificate = (input: GenerateCertificateInput): GeneratedCertificate => {
  if (input.commonName.trim() === "" || input.organization.trim() === "") {
    throw new AppError("VALIDATION", "A signing certificate needs a name (CN) and a firm (O).");
  }
  if (input.password.length < 8) {
    throw new AppError("VALIDATION", "The PKCS#12 password must be at least 8 characters.");
  }
  if (Number.isNaN(input.notBefore.getTime())) throw new AppError("VALIDATION", "notBefore is not a date.");
  const keys = forge.pki.rsa.generateKeyPair({ bits: input.keyBits ?? 3072, e: 0x10001 });
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  // A positive 16-byte serial (RFC 5280 allows up to 20 octets; the top bit clear keeps it positive).
  const serial = randomBytes(16);
  serial[0] = ((serial[0] ?? 0) & 0x7f) | 0x10;
  cert.serialNumber = serial.toString("hex");
  cert.validity.notBefore = new Date(input.notBefore);
  const notAfter = new Date(input.notBefore);
  notAfter.setUTCFullYear(notAfter.getUTCFullYear() + (input.years ?? 5));
  cert.validity.notAfter = notAfter;
  const attrs: forge.pki.CertificateField[] = [
    { shortName: "CN", value: input.commonName },
    { shortName: "O", value: input.organization },
  ];
  if (input.country) attrs.push({ shortName: "C", value: input.country });
  if (input.email) attrs.push({ name: "emailAddress", value: input.email });
  cert.setSubject(attrs);
  cert.setIssuer(attrs);
  cert.setExtensions([
    { name: "basicConstraints", cA: false, critical: true },
    { name: "keyUsage", critical: true, digitalSignature: true, nonRepudiation: true },
    { name: "extKeyUsage", emailProtection: true },
    { name: "subjectKeyIdentifier" },
  ]);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  const p12Asn1 = forge.pkcs12.toPkcs12Asn1(keys.privateKey, [cert], input.password, {
    algorithm: "aes256",
    friendlyName: input.commonName,
  });
  return {
    p12: Buffer.from(forge.asn1.toDer(p12Asn1).getBytes(), "binary"),
    certificatePem: forge.pki.certificateToPem(cert),
    fingerprint: certificateFingerprint(cert),
    serial: cert.serialNumber,
    notAfter,
  };
};

type Bag = forge.pkcs12.Bag;
const bagsOf = (p12: forge.pkcs12.Pkcs12Pfx, type: string): Bag[] =>
  p12.getBags({ bagType: type })[type] ?? [];

const samePublicKey = (key: forge.pki.rsa.PrivateKey, cert: forge.pki.Certificate): boolean => {
  const pub = cert.publicKey as forge.pki.rsa.PublicKey;
  return Boolean(pub.n?.equals(key.n) && pub.e?.equals(key.e));
};

/** Checks the certificate's validity at `at` (the signing time); expired and not-yet-valid are refused. */
export const assertCertificateValidAt = (certificate: forge.pki.Certificate, at: Date): void => {
  const { notBefore, notAfter } = certificate.validity;
  if (at.getTime() > notAfter.getTime()) {
    throw new AppError(
      "VALIDATION",
      `The signing certificate expired on ${notAfter.toISOString().slice(0, 10)}; upload a current certificate.`,
    );
  }
  if (at.getTime() < notBefore.getTime()) {
    throw new AppError(
      "VALIDATION",
      `The signing certificate is not valid until ${notBefore.toISOString().slice(0, 10)}.`,
    );
  }
};

/**
 * Loads a PKCS#12 file: the private key, the certificate that matches it, and the rest of the
 * chain. `at` is when the key will sign (the certificate must be valid then).
 */
export const loadSigningIdentity = (p12: Uint8Array, password: string, at: Date): SigningIdentity => {
  let asn1: forge.asn1.Asn1;
  try {
    asn1 = forge.asn1.fromDer(Buffer.from(p12).toString("binary"));
  } catch {
    throw new AppError("VALIDATION", "The signing certificate file is not a PKCS#12 (.p12/.pfx) file.");
  }
  let pfx: forge.pkcs12.Pkcs12Pfx;
  try {
    pfx = forge.pkcs12.pkcs12FromAsn1(asn1, true, password);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/password|MAC could not be verified|decrypt/i.test(message)) {
      throw new AppError(
        "VALIDATION",
        "The PKCS#12 password is wrong: the file could not be opened with it.",
      );
    }
    throw new AppError("VALIDATION", "The signing certificate file is not a PKCS#12 (.p12/.pfx) file.");
  }
  const keyBags = [
    ...bagsOf(pfx, forge.pki.oids.pkcs8ShroudedKeyBag ?? ""),
    ...bagsOf(pfx, forge.pki.oids.keyBag ?? ""),
  ];
  const key = keyBags.find((b) => b.key)?.key as forge.pki.rsa.PrivateKey | undefined;
  if (!key)
    throw new AppError("VALIDATION", "The PKCS#12 file holds no private key; export it with the key.");
  if (typeof key.n === "undefined") {
    throw new AppError("VALIDATION", "The PKCS#12 private key is not an RSA key; Fieldwork signs with RSA.");
  }
  const certs = bagsOf(pfx, forge.pki.oids.certBag ?? "")
    .map((b) => b.cert)
    .filter((c): c is forge.pki.Certificate => c !== undefined);
  const certificate = certs.find((c) => samePublicKey(key, c));
  if (!certificate) {
    throw new AppError("VALIDATION", "The PKCS#12 file holds no certificate for its private key.");
  }
  assertCertificateValidAt(certificate, at);
  return { key, certificate, chain: [certificate, ...certs.filter((c) => c !== certificate)] };
};

/** An identity from PEM text (key and certificate), for callers that store them apart. */
export const identityFromPem = (keyPem: string, certificatePem: string, at: Date): SigningIdentity => {
  let key: forge.pki.rsa.PrivateKey;
  let certificate: forge.pki.Certificate;
  try {
    key = forge.pki.privateKeyFromPem(keyPem) as forge.pki.rsa.PrivateKey;
    certificate = forge.pki.certificateFromPem(certificatePem);
  } catch {
    throw new AppError(
      "VALIDATION",
      "The signing key or certificate is not valid PEM (RSA key, X.509 certificate).",
    );
  }
  if (!samePublicKey(key, certificate)) {
    throw new AppError("VALIDATION", "The signing key does not belong to the certificate.");
  }
  assertCertificateValidAt(certificate, at);
  return { key, certificate, chain: [certificate] };
};
