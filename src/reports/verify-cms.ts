/**
 * Checking the CMS SignedData of a PDF signature against the signed bytes. A small DER reader
 * walks the structure so the signed attributes are verified over their bytes exactly as stored
 * (re-encoding them could hide or invent a difference); node-forge parses the certificates and
 * node:crypto checks the RSA signature. Each failure is an AppError INTEGRITY with its own reason.
 */
import { createHash, createPublicKey, verify as rsaVerify } from "node:crypto";
import forge from "node-forge";
import { AppError } from "../core/errors.js";
import { OID } from "./sign-cms.js";

interface Tlv {
  readonly tag: number;
  /** The whole element: header and content. */
  readonly raw: Buffer;
  readonly content: Buffer;
}

const corrupt = (why: string): AppError =>
  new AppError("INTEGRITY", `The signature value is corrupt: it is not a valid CMS SignedData (${why}).`);

const readTlv = (buf: Buffer, offset: number): Tlv => {
  const tag = buf[offset];
  let lenByte = buf[offset + 1];
  if (tag === undefined || lenByte === undefined) throw corrupt("truncated element");
  if ((tag & 0x1f) === 0x1f) throw corrupt("multi-byte tags are not used in CMS");
  let length = 0;
  let header = 2;
  if (lenByte < 0x80) length = lenByte;
  else {
    const n = lenByte & 0x7f;
    if (n === 0 || n > 4) throw corrupt("indefinite or oversized length");
    for (let i = 0; i < n; i++) {
      lenByte = buf[offset + 2 + i];
      if (lenByte === undefined) throw corrupt("truncated length");
      length = length * 256 + lenByte;
    }
    header += n;
  }
  const end = offset + header + length;
  if (end > buf.length) throw corrupt("element longer than the signature value");
  return { tag, raw: buf.subarray(offset, end), content: buf.subarray(offset + header, end) };
};

const children = (tlv: Tlv): Tlv[] => {
  if ((tlv.tag & 0x20) === 0) throw corrupt("expected a constructed element");
  const out: Tlv[] = [];
  for (let off = 0; off < tlv.content.length; ) {
    const child = readTlv(tlv.content, off);
    out.push(child);
    off += child.raw.length;
  }
  return out;
};

const oidOf = (tlv: Tlv | undefined): string => {
  if (tlv?.tag !== 0x06) throw corrupt("expected an object identifier");
  return forge.asn1.derToOid(forge.util.createBuffer(tlv.content.toString("binary")));
};

const at = (list: readonly Tlv[], i: number, what: string): Tlv => {
  const t = list[i];
  if (!t) throw corrupt(`missing ${what}`);
  return t;
};

export interface CmsSigner {
  readonly certificate: forge.pki.Certificate;
  readonly certificateDer: Buffer;
}

const DIGESTS: Record<string, string> = {
  [OID.sha256]: "sha256",
  "2.16.840.1.101.3.4.2.2": "sha384",
  "2.16.840.1.101.3.4.2.3": "sha512",
};

const attributeValues = (signedAttrs: Tlv): Map<string, Tlv[]> => {
  const map = new Map<string, Tlv[]>();
  for (const attr of children(signedAttrs)) {
    const [type, values] = children(attr);
    map.set(oidOf(type), values ? children(values) : []);
  }
  return map;
};

const serialHex = (content: Buffer): string =>
  content
    .toString("hex")
    .replace(/^(00)+/, "")
    .toLowerCase();

/**
 * Verifies a detached CMS signature over `signedContent` (the PDF bytes in /ByteRange).
 * `cms` may carry trailing zero padding (the /Contents placeholder is larger than the CMS).
 */
export const verifyCmsSignature = (cms: Buffer, signedContent: readonly Buffer[]): CmsSigner => {
  const contentInfo = readTlv(cms, 0);
  const [typeOid, wrapped] = children(contentInfo);
  if (oidOf(typeOid) !== OID.signedData) throw corrupt("not signed data");
  const signedData = children(at(children(at([wrapped as Tlv], 0, "content")), 0, "signed data"));
  const certs = signedData.find((t) => t.tag === 0xa0);
  const signerInfos = signedData.filter((t) => t.tag === 0x31).at(-1);
  if (!certs) throw corrupt("it embeds no certificate");
  const signerInfo = children(at(children(at([signerInfos as Tlv], 0, "signer infos")), 0, "signer info"));
  const certificates = children(certs).map((c) => {
    try {
      return {
        certificate: forge.pki.certificateFromAsn1(forge.asn1.fromDer(c.raw.toString("binary"))),
        der: c.raw,
      };
    } catch {
      throw corrupt("an embedded certificate cannot be read; Fieldwork verifies RSA signatures only");
    }
  });
  const sid = at(signerInfo, 1, "signer identifier");
  const digestAlg = oidOf(children(at(signerInfo, 2, "digest algorithm"))[0]);
  const signedAttrs = signerInfo.find((t) => t.tag === 0xa0);
  const signature = signerInfo.find((t) => t.tag === 0x04);
  if (!signedAttrs || !signature) throw corrupt("the signer info has no signed attributes or no signature");
  const hashName = DIGESTS[digestAlg];
  if (!hashName)
    throw new AppError("INTEGRITY", `The signature uses an unsupported digest algorithm (${digestAlg}).`);

  const sidSerial = sid.tag === 0x30 ? serialHex(at(children(sid), 1, "serial number").content) : null;
  const signer =
    certificates.find(
      (c) => sidSerial !== null && c.certificate.serialNumber.replace(/^(00)+/, "") === sidSerial,
    ) ?? (certificates.length === 1 ? certificates[0] : undefined);
  if (!signer) throw corrupt("the signer's certificate is not embedded");

  const attrs = attributeValues(signedAttrs);
  const messageDigest = attrs.get(OID.messageDigest)?.[0];
  if (messageDigest?.tag !== 0x04) throw corrupt("no message-digest attribute");
  const hash = createHash(hashName);
  for (const part of signedContent) hash.update(part);
  if (!hash.digest().equals(messageDigest.content)) {
    throw new AppError(
      "INTEGRITY",
      "Digest mismatch: the document was changed after it was signed (the signed bytes no longer hash to the signed digest).",
    );
  }

  // The signature covers the attributes as a SET OF (tag 0x31), not as the [0] IMPLICIT field.
  const signedBytes = Buffer.concat([Buffer.from([0x31]), signedAttrs.raw.subarray(1)]);
  const publicKey = createPublicKey(forge.pki.publicKeyToPem(signer.certificate.publicKey));
  let ok = false;
  try {
    ok = rsaVerify(hashName, signedBytes, publicKey, signature.content);
  } catch {
    ok = false;
  }
  if (!ok) {
    throw new AppError(
      "INTEGRITY",
      "The signature is invalid: it does not verify with the signer's certificate (the signature value was altered or forged).",
    );
  }

  const essCert = attrs.get(OID.signingCertificateV2)?.[0];
  if (essCert) {
    const certIds = children(at(children(essCert), 0, "certificate ids"));
    const first = children(at(certIds, 0, "certificate id"));
    const hashAlg = first[0]?.tag === 0x30 ? oidOf(children(first[0])[0]) : OID.sha256;
    const certHash = first.find((t) => t.tag === 0x04);
    const expected = createHash(DIGESTS[hashAlg] ?? "sha256")
      .update(signer.der)
      .digest();
    if (!certHash?.content.equals(expected)) {
      throw new AppError(
        "INTEGRITY",
        "The signing-certificate attribute does not name the embedded certificate (the certificate was swapped).",
      );
    }
  }
  return { certificate: signer.certificate, certificateDer: signer.der };
};
