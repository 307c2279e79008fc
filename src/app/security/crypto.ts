/**
 * Secrets at rest: AES-256-GCM with the master key (DESIGN.md runtime parts). The master key comes
 * from FIELDWORK_MASTER_KEY, or a key file created in the data directory (mode 0600) on first start.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { AppError } from "../../core/errors.js";

export const loadOrCreateMasterKey = (dataDir: string, fromConfig: string | undefined): Buffer => {
  if (fromConfig) return Buffer.from(fromConfig, "hex");
  const path = join(dataDir, "master.key");
  if (existsSync(path)) {
    const hex = readFileSync(path, "utf8").trim();
    if (!/^[0-9a-f]{64}$/i.test(hex)) {
      throw new AppError("INTEGRITY", `The master key file ${path} is damaged: expected 64 hex characters.`);
    }
    return Buffer.from(hex, "hex");
  }
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32);
  writeFileSync(path, `${key.toString("hex")}\n`, { mode: 0o600, flag: "wx" });
  chmodSync(path, 0o600);
  return key;
};

export const encryptSecret = (key: Buffer, plaintext: string): string => {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return `v1:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64")}`;
};

export const decryptSecret = (key: Buffer, sealed: string): string => {
  if (!sealed.startsWith("v1:")) throw new AppError("INTEGRITY", "A stored secret has an unknown format.");
  const raw = Buffer.from(sealed.slice(3), "base64");
  const decipher = createDecipheriv("aes-256-gcm", key, raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(12, 28));
  try {
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
  } catch {
    throw new AppError("INTEGRITY", "A stored secret cannot be decrypted with this master key.");
  }
};

export const sha256Hex = (value: string | Uint8Array): string =>
  createHash("sha256").update(value).digest("hex");

export const randomToken = (bytes = 32): string => randomBytes(bytes).toString("base64url");

export const safeEqual = (a: string, b: string): boolean => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};
