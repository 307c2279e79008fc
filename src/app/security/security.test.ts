import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { decryptSecret, encryptSecret, loadOrCreateMasterKey } from "./crypto.js";
import { checkPasswordStrength, hashPassword, verifyPassword } from "./passwords.js";
import { checkTotp, currentTotp, newRecoveryCodes, newTotpSecret } from "./totp.js";

describe("master key and secrets at rest", () => {
  it("creates a 0600 key file once and reuses it", () => {
    const dir = mkdtempSync(join(tmpdir(), "fw-key-"));
    const a = loadOrCreateMasterKey(dir, undefined);
    const b = loadOrCreateMasterKey(dir, undefined);
    expect(a.equals(b)).toBe(true);
    expect(a).toHaveLength(32);
    expect(statSync(join(dir, "master.key")).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dir, "master.key"), "utf8").trim()).toMatch(/^[0-9a-f]{64}$/);
  });

  it("seals secrets with AES-256-GCM and detects tampering or a wrong key", () => {
    const key = Buffer.alloc(32, 7);
    const sealed = encryptSecret(key, "JBSWY3DPEHPK3PXP");
    expect(sealed).not.toContain("JBSWY3DPEHPK3PXP");
    expect(decryptSecret(key, sealed)).toBe("JBSWY3DPEHPK3PXP");
    expect(() => decryptSecret(Buffer.alloc(32, 8), sealed)).toThrowError(/cannot be decrypted/);
    const raw = Buffer.from(sealed.slice(3), "base64");
    raw[raw.length - 1] = (raw[raw.length - 1] ?? 0) ^ 1;
    expect(() => decryptSecret(key, `v1:${raw.toString("base64")}`)).toThrowError();
  });
});

describe("passwords", () => {
  it("hash with argon2id and verify", async () => {
    const hash = await hashPassword("a long enough password");
    expect(hash.startsWith("$argon2id$")).toBe(true);
    expect(await verifyPassword(hash, "a long enough password")).toBe(true);
    expect(await verifyPassword(hash, "a long enough passwore")).toBe(false);
    expect(await verifyPassword("not a hash", "x")).toBe(false);
  });

  it("refuses short passwords", () => {
    expect(() => checkPasswordStrength("short")).toThrowError(/at least 12/);
  });
});

describe("TOTP (RFC 6238)", () => {
  it("matches the RFC 6238 SHA-1 test vector at T=59s", () => {
    // RFC 6238 appendix B: secret "12345678901234567890" (ASCII), 8 digits 94287082 → 6 digits 287082.
    const secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
    expect(currentTotp(secret, new Date(59_000))).toBe("287082");
    expect(currentTotp(secret, new Date(1_111_111_109_000))).toBe("081804");
  });

  it("accepts one step of drift and nothing beyond", () => {
    const secret = newTotpSecret();
    const now = new Date("2026-11-26T10:00:00Z");
    const code = currentTotp(secret, now);
    expect(checkTotp(secret, code, now)).toBe(true);
    expect(checkTotp(secret, code, new Date(now.getTime() + 30_000))).toBe(true);
    expect(checkTotp(secret, code, new Date(now.getTime() + 90_000))).toBe(false);
    expect(checkTotp(secret, "12345", now)).toBe(false);
  });

  it("makes ten distinct recovery codes", () => {
    const codes = newRecoveryCodes();
    expect(new Set(codes).size).toBe(10);
    for (const c of codes) expect(c).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
  });
});
