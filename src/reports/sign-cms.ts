/**
 * The CMS SignedData (RFC 5652) inside a PAdES baseline signature (ETSI EN 319 142-1, B-B level):
 * detached content, SHA-256, RSA PKCS#1 v1.5, signed attributes content-type, message-digest and
 * signing-certificate-v2 (RFC 5035). No signing-time attribute: PAdES puts the claimed time in the
 * signature dictionary's /M instead. node-forge's pkcs7 cannot add signing-certificate-v2, so the
 * structure is built here with its ASN.1 encoder; RSA PKCS#1 v1.5 is deterministic, so the same
 * input signs to the same bytes.
 */
import { createHash, createPrivateKey, sign as rsaSign } from "node:crypto";
import forge from "node-forge";
import type { SigningIdentity } from "./certificate.js";

const { asn1 } = forge;
type Asn1 = forge.asn1.Asn1;

export const OID = {
  data: "1.2.840.113549.1.7.1",
  signedData: "1.2.840.113549.1.7.2",
  contentType: "1.2.840.113549.1.9.3",
  messageDigest: "1.2.840.113549.1.9.4",
  signingTime: "1.2.840.113549.1.9.5",
  signingCertificateV2: "1.2.840.113549.1.9.16.2.47",
  sha256: "2.16.840.1.101.3.4.2.1",
  rsaEncryption: "1.2.840.113549.1.1.1",
  sha256WithRSAEncryption: "1.2.840.113549.1.1.11",
} as const;

const U = asn1.Class.UNIVERSAL;
const T = asn1.Type;
const seq = (value: Asn1[]): Asn1 => asn1.create(U, T.SEQUENCE, true, value);
const set = (value: Asn1[]): Asn1 => asn1.create(U, T.SET, true, value);
const oid = (id: string): Asn1 => asn1.create(U, T.OID, false, asn1.oidToDer(id).getBytes());
const octets = (bytes: Buffer): Asn1 => asn1.create(U, T.OCTETSTRING, false, bytes.toString("binary"));
const int = (n: number): Asn1 => asn1.create(U, T.INTEGER, false, asn1.integerToDer(n).getBytes());
const nul = (): Asn1 => asn1.create(U, T.NULL, false, "");
const der = (node: Asn1): Buffer => Buffer.from(asn1.toDer(node).getBytes(), "binary");
const algorithm = (id: string, withNull: boolean): Asn1 => seq(withNull ? [oid(id), nul()] : [oid(id)]);

/** DER orders the members of a SET OF by their encodings (X.690 §11.6). */
const derSetOf = (members: Asn1[]): Buffer[] => members.map(der).sort(Buffer.compare);

const certificateDer = (c: forge.pki.Certificate): Buffer => der(forge.pki.certificateToAsn1(c));

/** The certificate's issuer Name and serialNumber, taken from its own DER so they match byte for byte. */
const issuerAndSerial = (c: forge.pki.Certificate): { issuer: Asn1; serial: Asn1 } => {
  const tbs = (forge.pki.certificateToAsn1(c).value as Asn1[])[0] as Asn1;
  const fields = tbs.value as Asn1[];
  // tbsCertificate: [0] version (explicit, present for v3), serialNumber, signature, issuer, ...
  const offset = (fields[0] as Asn1).tagClass === asn1.Class.CONTEXT_SPECIFIC ? 1 : 0;
  return { serial: fields[offset] as Asn1, issuer: fields[offset + 2] as Asn1 };
};

const signedAttributes = (contentDigest: Buffer, signer: forge.pki.Certificate): Asn1[] => {
  const { issuer, serial } = issuerAndSerial(signer);
  const certHash = createHash("sha256").update(certificateDer(signer)).digest();
  // ESSCertIDv2 with the default hash algorithm (SHA-256) omitted, as DER requires.
  const essCertIdV2 = seq([
    octets(certHash),
    seq([seq([asn1.create(asn1.Class.CONTEXT_SPECIFIC, 4, true, [issuer])]), serial]),
  ]);
  return [
    seq([oid(OID.contentType), set([oid(OID.data)])]),
    seq([oid(OID.messageDigest), set([octets(contentDigest)])]),
    seq([oid(OID.signingCertificateV2), set([seq([seq([essCertIdV2])])])]),
  ];
};

/** Re-reads DER members as ASN.1 nodes so forge can embed them in a larger structure. */
const fromDer = (bytes: Buffer): Asn1 => asn1.fromDer(bytes.toString("binary"));

/**
 * A detached CMS SignedData over `content` (the PDF bytes outside /Contents), DER-encoded.
 */
export const buildCadesSignature = (content: Uint8Array, identity: SigningIdentity): Buffer => {
  const digest = createHash("sha256").update(content).digest();
  const attrs = derSetOf(signedAttributes(digest, identity.certificate));
  // The signature covers the attributes encoded as a SET (tag 0x31), RFC 5652 §5.4.
  const signedAttrsSet = encodeSet(attrs);
  const keyPem = forge.pki.privateKeyToPem(identity.key);
  const signature = rsaSign("sha256", signedAttrsSet, createPrivateKey(keyPem));
  const { issuer, serial } = issuerAndSerial(identity.certificate);
  const signerInfo = seq([
    int(1),
    seq([issuer, serial]),
    algorithm(OID.sha256, false),
    asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, attrs.map(fromDer)),
    algorithm(OID.rsaEncryption, true),
    octets(signature),
  ]);
  const certificates = derSetOf(identity.chain.map((c) => forge.pki.certificateToAsn1(c))).map(fromDer);
  const signedData = seq([
    int(1),
    set([algorithm(OID.sha256, false)]),
    seq([oid(OID.data)]),
    asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, certificates),
    set([signerInfo]),
  ]);
  return der(seq([oid(OID.signedData), asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, [signedData])]));
};

/** DER of a SET whose members are already DER-encoded and ordered. */
export const encodeSet = (members: readonly Buffer[]): Buffer => {
  const body = Buffer.concat(members);
  return Buffer.concat([Buffer.from([0x31]), encodeLength(body.length), body]);
};

const encodeLength = (n: number): Buffer => {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
};
