/**
 * Shared set-up of the vendor tests: an app on a fixed clock (TOTP follows the real clock, so
 * users with MFA sign in with a recovery code), two tenants, and an engagement for the first
 * tenant's organization with its period and subservice organizations.
 */
import { expect } from "vitest";
import { addSubserviceOrg, createEngagement } from "../../src/app/use-cases/engagements.js";
import { signInActor } from "../support/actors.js";
import {
  createTestApp,
  type Session,
  seedTenant,
  sessionFor,
  signIn,
  type TestApp,
  type TestTenant,
  type TestUser,
} from "../support/app.js";
import type { DatabaseTarget } from "../support/databases.js";

export const NOW = "2026-11-27T10:30:00.000Z";

const cookieOf = (setCookie: string | string[] | undefined, fallback: string): string => {
  const list = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
  const session = list.find((c) => c.startsWith("fw_session="));
  return session ? (session.split(";")[0] ?? fallback) : fallback;
};

export const signInOn = async (t: TestApp, user: TestUser): Promise<Session> => {
  if (!user.totpSecret) return signIn(t.app, user);
  const login = await t.app.inject({
    method: "POST",
    url: "/api/auth/login",
    payload: { email: user.email, password: user.password },
  });
  expect(login.statusCode, login.body).toBe(200);
  const cookie = cookieOf(login.headers["set-cookie"], "");
  const code = user.recoveryCodes.shift();
  if (!code) throw new Error("no recovery code left");
  const verify = await t.app.inject({
    method: "POST",
    url: "/api/auth/mfa/verify",
    headers: { cookie, "x-csrf-token": login.json().csrfToken },
    payload: { code },
  });
  expect(verify.statusCode, verify.body).toBe(200);
  return sessionFor(t.app, cookieOf(verify.headers["set-cookie"], cookie), verify.json().csrfToken);
};

export interface VendorWorld {
  readonly t: TestApp;
  readonly clock: { now: number };
  readonly tenant: TestTenant;
  readonly other: TestTenant;
  readonly engagementId: string;
  readonly s: Record<"admin" | "owner" | "employee" | "staff" | "manager" | "otherAdmin", Session>;
  readonly ids: { admin: string; owner: string };
}

export const vendorWorld = async (target: DatabaseTarget): Promise<VendorWorld> => {
  const clock = { now: Date.parse(NOW) };
  const t = await createTestApp(target, { clock: () => new Date(clock.now) });
  const tenant = await seedTenant(t, "ven");
  const other = await seedTenant(t, "vother");
  const deps = t.context.deps;
  const manager = await signInActor(deps, tenant.users.engagement_manager.email);
  const { id: engagementId } = await createEngagement(deps, manager, tenant.orgId, {
    name: "SOC 2 Type 2 FY 2026-27",
    type: "type2",
    periodStart: "2026-04-01",
    periodEnd: "2027-03-31",
    firstReport: true,
    categories: ["CC"],
  });
  await addSubserviceOrg(deps, manager, engagementId, {
    name: "Amazon Web Services",
    service: "Cloud hosting",
    method: "carve-out",
  });
  const admin = await signInActor(deps, tenant.users.org_admin.email);
  const owner = await signInActor(deps, tenant.users.control_owner.email);
  return {
    t,
    clock,
    tenant,
    other,
    engagementId,
    s: {
      admin: await signInOn(t, tenant.users.org_admin),
      owner: await signInOn(t, tenant.users.control_owner),
      employee: await signInOn(t, tenant.users.employee),
      staff: await signInOn(t, tenant.users.staff_auditor),
      manager: await signInOn(t, tenant.users.engagement_manager),
      otherAdmin: await signInOn(t, other.users.org_admin),
    },
    ids: { admin: admin.userId, owner: owner.userId },
  };
};

export const AWS_REPORT = {
  kind: "soc2_type2",
  periodStart: "2025-07-01",
  periodEnd: "2026-06-30",
  issueDate: "2026-08-14",
  auditor: "Ernst & Young LLP",
  opinion: "unmodified",
  exceptionsCount: 1,
  exceptionsText: "One change ticket lacked a recorded approval.",
  cuecs: [
    "Customers manage the access of their own IAM users and roles.",
    "Customers enable encryption of their data at rest where the service offers it.",
  ],
};
