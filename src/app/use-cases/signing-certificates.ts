/**
 * The firm's signing certificate: a PKCS#12 uploaded by a firm admin or partner, checked with
 * loadSigningIdentity, stored with its password encrypted by the master key (AES-256-GCM). One is
 * active per firm; reads show its details, never the key. The demo firm gets a generated one.
 */
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { AppError, invalid, notFound } from "../../core/errors.js";
import type { Role } from "../../core/roles.js";
import {
  findActiveCertificate,
  findActiveCertificateSecret,
  replaceActiveCertificate,
} from "../../db/repositories/reports.js";
import {
  certificateFingerprint,
  generateSigningCertificate,
  loadSigningIdentity,
  type SigningIdentity,
} from "../../reports/certificate.js";
import type { Actor } from "../actor.js";
import { inTransaction, recordEvent } from "../audit.js";
import { requireFirmRole, requireUser, requireWrite } from "../authz.js";
import { type Deps, nowIso } from "../deps.js";
import { decryptSecret, encryptSecret } from "../security/crypto.js";

const CERTIFICATE_MANAGERS: readonly Role[] = ["firm_admin", "partner"];
const FIRM_PEOPLE: readonly Role[] = ["firm_admin", "partner", "engagement_manager", "staff_auditor"];
const MAX_P12_BYTES = 256 * 1024;

export const UploadCertificateSchema = z.object({
  /** The PKCS#12 (.p12/.pfx) file, base64. */
  p12Base64: z.string().min(1).max(400_000),
  password: z.string().max(500),
});

export interface SigningCertificateView {
  readonly id: string;
  readonly subject: string;
  readonly serial: string;
  readonly fingerprint: string;
  readonly notBefore: string;
  readonly notAfter: string;
  readonly createdAt: string;
}

const viewOf = (row: {
  id: string;
  subject: string;
  serial: string;
  fingerprint: string;
  not_before: string;
  not_after: string;
  created_at: string;
}): SigningCertificateView => ({
  id: row.id,
  subject: row.subject,
  serial: row.serial,
  fingerprint: row.fingerprint,
  notBefore: row.not_before,
  notAfter: row.not_after,
  createdAt: row.created_at,
});

const subjectText = (identity: SigningIdentity): string =>
  identity.certificate.subject.attributes
    .map((a) => `${a.shortName ?? a.name ?? "?"}=${String(a.value)}`)
    .join(", ");

/** Stores `p12` as the firm's active certificate after checking it opens with `password`. */
const storeCertificate = async (
  deps: Deps,
  actor: Actor,
  firmId: string,
  p12: Buffer,
  password: string,
): Promise<SigningCertificateView> => {
  const identity = loadSigningIdentity(p12, password, deps.clock());
  const cert = identity.certificate;
  const row = {
    id: deps.newId(),
    firm_id: firmId,
    // The bytes are sealed as base64 text: encryptSecret takes a string.
    p12_encrypted: encryptSecret(deps.masterKey, p12.toString("base64")),
    password_encrypted: encryptSecret(deps.masterKey, password),
    subject: subjectText(identity),
    serial: cert.serialNumber,
    fingerprint: certificateFingerprint(cert),
    not_before: cert.validity.notBefore.toISOString(),
    not_after: cert.validity.notAfter.toISOString(),
    active: 1,
    created_by: actor.kind === "user" ? actor.userId : null,
    created_at: nowIso(deps),
  };
  await inTransaction(deps, async (trx) => {
    await replaceActiveCertificate(trx, row);
    await recordEvent(trx, deps, actor, {
      action: "firm.signing_certificate_uploaded",
      targetType: "signing_certificate",
      targetId: row.id,
      firmId,
      after: { subject: row.subject, fingerprint: row.fingerprint, notAfter: row.not_after },
    });
  });
  return viewOf(row);
};

export const uploadSigningCertificate = async (
  deps: Deps,
  actor: Actor,
  firmId: string,
  input: z.infer<typeof UploadCertificateSchema>,
): Promise<SigningCertificateView> => {
  const user = requireWrite(actor);
  requireFirmRole(user, firmId, CERTIFICATE_MANAGERS, "Firm", "upload the firm's signing certificate");
  const cleaned = input.p12Base64.replace(/\s+/g, "");
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(cleaned)) {
    throw invalid("p12Base64 is not base64 text; send the .p12 file's bytes encoded as base64.");
  }
  const p12 = Buffer.from(cleaned, "base64");
  if (p12.length === 0) throw invalid("The PKCS#12 file is empty.");
  if (p12.length > MAX_P12_BYTES)
    throw invalid("The PKCS#12 file is larger than 256 KB; is it the right file?");
  return storeCertificate(deps, actor, firmId, p12, input.password);
};

export const getSigningCertificate = async (
  deps: Deps,
  actor: Actor,
  firmId: string,
): Promise<SigningCertificateView | null> => {
  const user = requireUser(actor);
  requireFirmRole(user, firmId, FIRM_PEOPLE, "Firm", "see the firm's signing certificate");
  const row = await findActiveCertificate(deps.db, firmId);
  return row ? viewOf(row) : null;
};

/** The firm's active identity for signing; GUARD_FAILED when the firm has none. */
export const loadFirmSigningIdentity = async (
  deps: Deps,
  firmId: string,
): Promise<{ identity: SigningIdentity; fingerprint: string }> => {
  const row = await findActiveCertificateSecret(deps.db, firmId);
  if (!row) {
    throw new AppError(
      "GUARD_FAILED",
      "The firm has no signing certificate. A firm admin or partner uploads one (PKCS#12) in the firm settings.",
      { failures: [{ guard: "signing-certificate", message: "The firm has no signing certificate." }] },
    );
  }
  const p12 = Buffer.from(decryptSecret(deps.masterKey, row.p12_encrypted), "base64");
  const password = decryptSecret(deps.masterKey, row.password_encrypted);
  return { identity: loadSigningIdentity(p12, password, deps.clock()), fingerprint: row.fingerprint };
};

/** The demo firm's self-signed certificate (RSA 2048, valid for two years), stored as if uploaded. */
export const giveDemoFirmCertificate = async (deps: Deps, actor: Actor, firmId: string): Promise<void> => {
  const firm = await deps.db.selectFrom("firms").select("name").where("id", "=", firmId).executeTakeFirst();
  if (!firm) throw notFound("Firm");
  const password = randomBytes(18).toString("base64url");
  const generated = generateSigningCertificate({
    commonName: `${firm.name} report signing (demo)`,
    organization: firm.name,
    notBefore: new Date(deps.clock().getTime() - 60_000),
    years: 2,
    password,
    keyBits: 2048,
  });
  await storeCertificate(deps, actor, firmId, generated.p12, password);
};
