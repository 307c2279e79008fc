/**
 * A real application on a real database for integration tests: migrations applied, the Fastify
 * server built (requests go through `inject`, the full HTTP stack without a socket), and factories
 * that create a fresh firm and client per test so tests stay independent.
 */

import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import { systemActor } from "../../src/app/actor.js";
import { loadConfig } from "../../src/app/config.js";
import { type AppContext, type Clock, openAppContext } from "../../src/app/deps.js";
import type { Mailer } from "../../src/app/mailer.js";
import { encryptSecret, sha256Hex } from "../../src/app/security/crypto.js";
import {
  currentTotp,
  newRecoveryCodes,
  newTotpSecret,
  normaliseRecoveryCode,
} from "../../src/app/security/totp.js";
import { createFirm, createOrganization, grantRole } from "../../src/app/use-cases/tenants.js";
import type { Role } from "../../src/core/roles.js";
import { findUserByEmail, replaceRecoveryCodes, updateUser } from "../../src/db/repositories/users.js";
import { buildServer } from "../../src/server/app.js";
import type { DatabaseTarget } from "./databases.js";

export const PASSWORD = "correct-horse-battery-staple";

export interface TestApp {
  readonly app: FastifyInstance;
  readonly context: AppContext;
  readonly dataDir: string;
  readonly databaseUrl: string | undefined;
  close(): Promise<void>;
}

export const createTestApp = async (
  target: DatabaseTarget,
  options: { clock?: Clock; mailer?: Mailer; smtpUrl?: string } = {},
): Promise<TestApp> => {
  const dataDir = mkdtempSync(join(tmpdir(), "fw-test-"));
  const databaseUrl = await target.createUrl();
  const config = loadConfig(
    {},
    {
      dataDir,
      databaseUrl,
      demo: false,
      logLevel: "silent",
      runWorker: false,
      ...(options.smtpUrl ? { smtpUrl: options.smtpUrl } : {}),
    },
  );
  const context = await openAppContext(config, {
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.mailer ? { mailer: options.mailer } : {}),
  });
  const app = await buildServer(context.deps, { serveWeb: false });
  await app.ready();
  return {
    app,
    context,
    dataDir,
    databaseUrl,
    close: async () => {
      await app.close();
      await context.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
};

export interface TestUser {
  readonly email: string;
  readonly password: string;
  readonly role: Role;
  readonly totpSecret: string | null;
  /** Unused recovery codes; the sign-in helper uses one when this TOTP step was already spent. */
  readonly recoveryCodes: string[];
}

export interface TestTenant {
  readonly firmId: string;
  readonly firmSlug: string;
  readonly orgId: string;
  readonly users: Record<Role, TestUser>;
}

let counter = 0;

/** A firm with one user per firm role, and a client organization with one user per org role. */
export const seedTenant = async (t: TestApp, label = "t"): Promise<TestTenant> => {
  const deps = t.context.deps;
  const system = systemActor("test");
  counter += 1;
  const tag = `${label}${counter}-${Math.random().toString(36).slice(2, 8)}`;
  const firmSlug = `firm-${tag}`;
  const { id: firmId } = await createFirm(deps, system, {
    name: `Firm ${tag}`,
    slug: firmSlug,
    registrationNumber: `REG-${tag}`,
    peerReviewDate: null,
    city: "Mumbai",
    country: "India",
    defaultCurrency: "INR",
  });
  const users = {} as Record<Role, TestUser>;
  const add = async (tenant: "firm" | "org", tenantId: string, role: Role, orgId: string | null) => {
    const email = `${role}.${tag}@example.com`;
    await grantRole(
      deps,
      system,
      tenant,
      tenantId,
      { firmId, orgId },
      {
        email,
        name: `${role} ${tag}`,
        role,
        password: PASSWORD,
        ...(role === "partner" ? { cpaLicenceNumber: `CPA-${tag}` } : {}),
      },
    );
    let totpSecret: string | null = null;
    const recoveryCodes: string[] = [];
    if (["partner", "firm_admin", "org_admin"].includes(role)) {
      totpSecret = newTotpSecret();
      const user = await findUserByEmail(deps.db, email);
      await updateUser(deps.db, user!.id, {
        totp_secret_enc: encryptSecret(deps.masterKey, totpSecret),
        totp_enabled_at: new Date().toISOString(),
      });
      recoveryCodes.push(...newRecoveryCodes(), ...newRecoveryCodes(), ...newRecoveryCodes());
      await replaceRecoveryCodes(
        deps.db,
        user!.id,
        recoveryCodes.map((c) => ({ id: randomUUID(), hash: sha256Hex(normaliseRecoveryCode(c)) })),
        new Date().toISOString(),
      );
    }
    users[role] = { email, password: PASSWORD, role, totpSecret, recoveryCodes };
  };
  for (const role of ["firm_admin", "partner", "engagement_manager", "staff_auditor"] as const) {
    await add("firm", firmId, role, null);
  }
  // The organization is created by the firm's manager, as in real use.
  const { signInActor } = await import("./actors.js");
  const manager = await signInActor(deps, users.engagement_manager.email);
  const { id: orgId } = await createOrganization(deps, manager, firmId, {
    name: `Client ${tag}`,
    sector: "fintech_bfsi",
    employees: 120,
    city: "Mumbai",
    country: "India",
    website: null,
  });
  for (const role of ["org_admin", "control_owner", "employee"] as const) {
    await add("org", orgId, role, orgId);
  }
  return { firmId, firmSlug, orgId, users };
};

/** An HTTP client bound to one signed-in browser session (cookie + CSRF token). */
export interface Session {
  readonly cookie: string;
  readonly csrf: string;
  // biome-ignore lint/suspicious/noExplicitAny: tests read response bodies loosely and assert on them
  request(method: string, url: string, body?: unknown): Promise<{ status: number; json: () => any }>;
}

const cookieFrom = (setCookie: string | string[] | undefined): string => {
  const list = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
  const session = list.find((c) => c.startsWith("fw_session="));
  return session ? (session.split(";")[0] ?? "") : "";
};

export const sessionFor = (app: FastifyInstance, cookie: string, csrf: string): Session => ({
  cookie,
  csrf,
  request: async (method, url, body) => {
    const res = await app.inject({
      method: method as "GET",
      url,
      headers: {
        cookie,
        "x-csrf-token": csrf,
        ...(body !== undefined ? { "content-type": "application/json" } : {}),
      },
      ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
    });
    return { status: res.statusCode, json: () => res.json() };
  },
});

const spentSteps = new Map<string, number>();

/**
 * A code the server will accept: the current TOTP code unless this step was already used for the
 * secret (the server refuses replays), then one of the user's recovery codes.
 */
export const nextMfaCode = (user: { totpSecret: string | null; recoveryCodes?: string[] }): string => {
  const secret = user.totpSecret;
  if (!secret) throw new Error("user has no TOTP secret");
  const step = Math.floor(Date.now() / 30_000);
  if ((spentSteps.get(secret) ?? -1) < step) {
    spentSteps.set(secret, step);
    return currentTotp(secret, new Date());
  }
  const code = user.recoveryCodes?.shift();
  if (!code) throw new Error("TOTP step already used and no recovery code left");
  return code;
};

/** Signs in through the real endpoints, answering the TOTP step when the user has MFA. */
export const signIn = async (
  app: FastifyInstance,
  user: { email: string; password: string; totpSecret: string | null; recoveryCodes?: string[] },
) => {
  const login = await app.inject({
    method: "POST",
    url: "/api/auth/login",
    payload: { email: user.email, password: user.password },
  });
  if (login.statusCode !== 200) throw new Error(`login failed: ${login.statusCode} ${login.body}`);
  let cookie = cookieFrom(login.headers["set-cookie"]);
  let body = login.json() as { state: string; csrfToken: string };
  if (body.state === "mfa_required") {
    if (!user.totpSecret) throw new Error("user needs MFA but has no secret");
    const verify = await app.inject({
      method: "POST",
      url: "/api/auth/mfa/verify",
      headers: { cookie, "x-csrf-token": body.csrfToken },
      payload: { code: nextMfaCode(user) },
    });
    if (verify.statusCode !== 200) throw new Error(`mfa failed: ${verify.statusCode} ${verify.body}`);
    cookie = cookieFrom(verify.headers["set-cookie"]);
    body = verify.json();
  }
  return sessionFor(app, cookie, body.csrfToken);
};
