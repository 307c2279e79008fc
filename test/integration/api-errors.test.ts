/**
 * The API's error contract (docs/API.md): JSON errors with the documented codes for malformed,
 * oversized and wrongly typed bodies, unknown routes and schema violations; security headers; and
 * no input, however strange, produces a 500 or a stack trace (DESIGN.md §3).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ERROR_CODES } from "../../src/core/errors.js";
import {
  createTestApp,
  type Session,
  seedTenant,
  signIn,
  type TestApp,
  type TestTenant,
} from "../support/app.js";
import { describeEachDatabase } from "../support/databases.js";
import { expectError, fillParams, type Json } from "../support/http.js";

const STACK_TRACE = [
  /\n\s+at\s/,
  /\bat\s+\S+\s+\(.*:\d+:\d+\)/,
  /node_modules/,
  /\/work\//,
  /file:\/\//,
  /\.[cm]?[jt]s:\d+/,
];

describeEachDatabase("API errors and hardening", (target) => {
  let t: TestApp;
  let tenant: TestTenant;
  let partner: Session;

  beforeAll(async () => {
    t = await createTestApp(target);
    tenant = await seedTenant(t);
    partner = await signIn(t.app, tenant.users.partner);
  });
  afterAll(async () => t?.close());

  /** A raw request with the partner's session: any payload and content type. */
  const raw = async (
    method: string,
    url: string,
    options: { payload?: string | Buffer; contentType?: string; session?: Session | null } = {},
  ) => {
    const session = options.session === undefined ? partner : options.session;
    const res = await t.app.inject({
      method: method as "POST",
      url,
      headers: {
        ...(session ? { cookie: session.cookie, "x-csrf-token": session.csrf } : {}),
        ...(options.contentType ? { "content-type": options.contentType } : {}),
      },
      ...(options.payload !== undefined ? { payload: options.payload } : {}),
    });
    return { status: res.statusCode, headers: res.headers, body: res.body, json: () => res.json() };
  };

  const engagementsUrl = () => `/api/organizations/${tenant.orgId}/engagements`;

  describe("request bodies", () => {
    it("malformed JSON is 400 VALIDATION", async () => {
      const res = await raw("POST", engagementsUrl(), {
        payload: '{"name": "x", "type": ',
        contentType: "application/json",
      });
      expect(expectError(res, 400, "VALIDATION").message).toBe("The request body is not valid JSON.");
      const publicRoute = await raw("POST", `/api/public/firms/${tenant.firmSlug}/quote`, {
        payload: "{not json}",
        contentType: "application/json",
        session: null,
      });
      expectError(publicRoute, 400, "VALIDATION");
    });

    it("an empty JSON body where one is required is 400 VALIDATION", async () => {
      const res = await raw("POST", engagementsUrl(), { payload: "", contentType: "application/json" });
      expectError(res, 400, "VALIDATION");
    });

    it("a body over 1 MiB is 413 PAYLOAD_TOO_LARGE", async () => {
      const payload = JSON.stringify({ name: "x".repeat(1024 * 1024 + 16), type: "type1" });
      const res = await raw("POST", engagementsUrl(), { payload, contentType: "application/json" });
      expect(expectError(res, 413, "PAYLOAD_TOO_LARGE").message).toMatch(/too large/);
      const publicRoute = await raw("POST", `/api/public/firms/${tenant.firmSlug}/enquiries`, {
        payload,
        contentType: "application/json",
        session: null,
      });
      expectError(publicRoute, 413, "PAYLOAD_TOO_LARGE");
    });

    it("a text/plain body on a JSON route is 415 UNSUPPORTED_MEDIA_TYPE", async () => {
      const res = await raw("POST", engagementsUrl(), {
        payload: "name=x&type=type1",
        contentType: "text/plain",
      });
      expect(expectError(res, 415, "UNSUPPORTED_MEDIA_TYPE").message).toMatch(/application\/json/);
      const form = await raw("POST", engagementsUrl(), {
        payload: "name=x&type=type1",
        contentType: "application/x-www-form-urlencoded",
      });
      expectError(form, 415, "UNSUPPORTED_MEDIA_TYPE");
    });
  });

  describe("unknown routes", () => {
    it("are 404 NOT_FOUND as JSON", async () => {
      for (const [method, url] of [
        ["GET", "/api/nope"],
        ["POST", "/api/engagements/x/unknown-action"],
        ["DELETE", "/api/engagements"],
        ["GET", "/api"],
      ] as const) {
        const res = await raw(method, url);
        expect(res.headers["content-type"]).toMatch(/^application\/json/);
        const error = expectError(res, 404, "NOT_FOUND");
        expect(error.message).toBe(`No route ${method} ${url}.`);
      }
    });
  });

  describe("schema validation", () => {
    it("names the field path in the message and the details", async () => {
      const res = await raw("POST", engagementsUrl(), {
        payload: JSON.stringify({ name: "", type: "type1" }),
        contentType: "application/json",
      });
      const error = expectError(res, 400, "VALIDATION");
      expect(error.message).toMatch(/^body\.name: /);
      expect(error.details[0]).toMatchObject({ path: "body.name", message: expect.any(String) });
    });

    it("names nested paths, enum values, params and query strings", async () => {
      const nested = await partner.request("POST", engagementsUrl(), {
        name: "Nested",
        type: "type1",
        boundary: { services: ["ok", ""] },
      });
      expect(expectError(nested, 400, "VALIDATION").message).toMatch(/^body\.boundary\.services\.1: /);
      const enumValue = await partner.request("POST", engagementsUrl(), { name: "Enum", type: "type3" });
      expect(expectError(enumValue, 400, "VALIDATION").message).toMatch(/^body\.type: /);
      const missing = await partner.request("POST", engagementsUrl(), { type: "type1" });
      expect(expectError(missing, 400, "VALIDATION").details.map((d: Json) => d.path)).toContain("body.name");
      const param = await partner.request("GET", `/api/engagements/${"x".repeat(101)}`);
      expect(expectError(param, 400, "VALIDATION").message).toMatch(/^params\.id: /);
      const query = await partner.request("GET", `/api/firms/${tenant.firmId}/audit-events?limit=0`);
      expect(expectError(query, 400, "VALIDATION").message).toMatch(/^querystring\.limit: /);
    });
  });

  describe("input the database cannot hold", () => {
    it("NUL characters anywhere are 400 VALIDATION naming where, on every database", async () => {
      const body = await partner.request("POST", engagementsUrl(), {
        name: "nul\u0000name",
        type: "type1",
        asOfDate: "2026-12-31",
      });
      expect(expectError(body, 400, "VALIDATION").message).toBe(
        "body.name: must not contain NUL characters.",
      );
      const nested = await partner.request("POST", engagementsUrl(), {
        name: "ok",
        type: "type1",
        boundary: { services: ["fine", "bad\u0000"] },
      });
      expect(expectError(nested, 400, "VALIDATION").message).toMatch(/^body\.boundary\.services\.1: /);
      const param = await partner.request("GET", "/api/engagements/%00");
      expect(expectError(param, 400, "VALIDATION").message).toMatch(/^params\.id: /);
      const query = await partner.request("GET", `/api/firms/${tenant.firmId}/audit-events?from=%00`);
      expect(expectError(query, 400, "VALIDATION").message).toMatch(/^querystring\.from: /);
      const publicSlug = await raw("GET", "/api/public/firms/%00", { session: null });
      expectError(publicSlug, 400, "VALIDATION");
      const login = await raw("POST", "/api/auth/login", {
        session: null,
        payload: JSON.stringify({ email: "a\u0000@example.com", password: "x" }),
        contentType: "application/json",
      });
      expectError(login, 400, "VALIDATION");
      expect((await partner.request("GET", "/api/engagements")).json().engagements).toEqual([]);
    });

    it("an audit-trail cursor beyond 32 bits is 400 VALIDATION", async () => {
      const res = await partner.request(
        "GET",
        `/api/firms/${tenant.firmId}/audit-events?before=99999999999999`,
      );
      expect(expectError(res, 400, "VALIDATION").message).toMatch(/^querystring\.before: /);
      const ok = await partner.request("GET", `/api/firms/${tenant.firmId}/audit-events?before=2147483647`);
      expect(ok.status).toBe(200);
    });
  });

  describe("malformed URLs", () => {
    it("a bad percent-encoding or a very long path parameter is 400 VALIDATION as JSON", async () => {
      const bad = await raw("GET", "/api/engagements/%E0%A4%A");
      expect(bad.headers["content-type"]).toMatch(/^application\/json/);
      expect(expectError(bad, 400, "VALIDATION").message).toBe("The URL is not valid.");
      const long = await raw("GET", `/api/engagements/${"x".repeat(600)}`);
      expect(long.headers["content-type"]).toMatch(/^application\/json/);
      expect(expectError(long, 400, "VALIDATION").message).toBe("A path parameter in the URL is too long.");
    });
  });

  describe("security headers", () => {
    it("are set on pages, API answers and errors, without HSTS on plain http", async () => {
      for (const res of [await raw("GET", "/api/health", { session: null }), await raw("GET", "/api/nope")]) {
        const csp = String(res.headers["content-security-policy"]);
        expect(csp).toContain("frame-ancestors 'none'");
        expect(csp).toContain("default-src 'self'");
        expect(csp).toContain("object-src 'none'");
        expect(csp).not.toContain("upgrade-insecure-requests");
        expect(res.headers["x-frame-options"]).toBe("DENY");
        expect(res.headers["x-content-type-options"]).toBe("nosniff");
        expect(res.headers["referrer-policy"]).toBe("same-origin");
        expect(res.headers["strict-transport-security"]).toBeUndefined();
      }
    });
  });

  // Every route × every garbage parameter × every garbage body: several thousand requests, so these
  // two tests get a longer timeout than the project's default.
  describe("fuzzing every route", () => {
    const ids: Record<string, string> = {};

    beforeAll(async () => {
      const manager = await signIn(t.app, tenant.users.engagement_manager);
      const created = await manager.request("POST", engagementsUrl(), {
        name: "Fuzz target",
        type: "type2",
        periodStart: "2026-01-01",
        periodEnd: "2026-12-31",
      });
      ids.engagement = created.json().id;
      ids.quote = (await manager.request("POST", `/api/engagements/${ids.engagement}/quotes`, {})).json().id;
      ids.sub = (
        await manager.request("POST", `/api/engagements/${ids.engagement}/subservice-orgs`, {
          name: "AWS",
          service: "Hosting",
          method: "carve-out",
        })
      ).json().id;
      ids.job = (await manager.request("POST", `/api/firms/${tenant.firmId}/jobs/audit-verify`)).json().id;
      ids.token = (
        await manager.request("POST", "/api/auth/tokens", { name: "fuzz", scopes: ["read"] })
      ).json().id;
      const enquiry = await t.app.inject({
        method: "POST",
        url: `/api/public/firms/${tenant.firmSlug}/enquiries`,
        remoteAddress: "10.99.0.1",
        payload: {
          company: "Fuzz Co",
          contactName: "F",
          email: "f@fuzz.example",
          answers: { type: "type1", categories: [] },
        },
      });
      ids.enquiry = enquiry.json().id;
      ids.notification = (await partner.request("GET", "/api/notifications")).json().notifications[0].id;
      for (const [k, v] of Object.entries(ids)) expect(v, k).toEqual(expect.any(String));
    });

    const realId = (url: string, name: string): string => {
      if (name === "firmId") return tenant.firmId;
      if (name === "orgId") return tenant.orgId;
      if (name === "slug") return tenant.firmSlug;
      if (name === "subId") return ids.sub ?? "";
      if (name === "quoteId") return ids.quote ?? "";
      const resource = url.split("/")[2];
      const byResource: Record<string, string | undefined> = {
        engagements: ids.engagement,
        enquiries: ids.enquiry,
        jobs: ids.job,
        notifications: ids.notification,
        auth: ids.token,
      };
      return (resource && byResource[resource]) || "unknown";
    };

    const GARBAGE_PARAMS = [
      "garbage-id",
      "' OR '1'='1' --",
      "x".repeat(150),
      "x".repeat(600),
      "../../etc/passwd",
      "😀\u202e",
      "\u0000",
      "-1",
    ];

    const GARBAGE_BODIES: (string | undefined)[] = [
      undefined,
      "{}",
      "[]",
      "null",
      '"a string"',
      "12345678901234567890",
      '{"__proto__":{"admin":true}}',
      '{"constructor":{"prototype":{"admin":true}}}',
      JSON.stringify({
        name: { $gt: "" },
        type: ["type1"],
        email: 42,
        role: "partner",
        to: "issuance",
        reason: 5,
        scopes: "write",
        code: 123456,
        categories: "CC",
        answers: [],
        employees: 1e308,
        periodStart: "2026-02-30",
        password: null,
      }),
      JSON.stringify({
        name: "\u0000nul",
        type: "type2",
        periodStart: "0000-00-00",
        periodEnd: "9999-99-99",
        email: "a@b.c",
        role: "org_admin",
        reason: "\u0000",
        services: ["\u0000"],
        company: "\u0000",
        contactName: "x",
        answers: { type: "type1", categories: [] },
      }),
      JSON.stringify(JSON.parse(`${"[".repeat(500)}${"]".repeat(500)}`)),
      // Bodies that are valid for one route or another except for a NUL character, which
      // PostgreSQL cannot store in text.
      JSON.stringify({ name: "nul\u0000name", type: "type1", asOfDate: "2026-12-31" }),
      JSON.stringify({ name: "AWS", service: "host\u0000ing", method: "carve-out" }),
      JSON.stringify({ to: "scoping", reason: "\u0000" }),
      JSON.stringify({ reason: "no\u0000thanks" }),
      JSON.stringify({ email: "nul\u0000@example.com", password: "x\u0000", name: "N", role: "employee" }),
      JSON.stringify({ name: "tok\u0000en", scopes: ["read"] }),
      JSON.stringify({ name: "Org\u0000", sector: "it_saas", country: "India" }),
      JSON.stringify({ code: "123456\u0000" }),
      JSON.stringify({
        company: "Co\u0000",
        contactName: "N",
        email: "n@example.com",
        answers: { type: "type1", categories: [] },
      }),
    ];

    const GARBAGE_QUERIES = [
      "?limit=-5&before=abc&to=not-a-date&category=XXXXXXXXX",
      "?before=99999999999999",
      "?before=1e400",
      "?from=%00",
      "?action=%00&actor=%00",
      "?action=%25%27%3B--&from=2026-13-45&to=x",
      "?category=%00",
      "?limit=500&limit=1",
    ];

    const inspect = (
      problems: string[],
      label: string,
      res: { status: number; body: string; headers: Record<string, unknown> },
    ) => {
      if (res.status >= 500) problems.push(`${label} -> ${res.status} ${res.body.slice(0, 300)}`);
      for (const pattern of STACK_TRACE) {
        if (pattern.test(res.body))
          problems.push(`${label} -> body matches ${pattern}: ${res.body.slice(0, 300)}`);
      }
      if (res.status >= 400) {
        let code: unknown;
        try {
          code = JSON.parse(res.body).error.code;
        } catch {
          code = undefined;
        }
        if (!(ERROR_CODES as readonly unknown[]).includes(code)) {
          problems.push(`${label} -> ${res.status} without an error code: ${res.body.slice(0, 200)}`);
        }
      }
    };

    const fuzz = async (session: Session | null) => {
      const problems: string[] = [];
      // Signing out ends the session, so it goes last.
      const routes = [...t.app.apiRoutes].sort(
        (x, y) => Number(x.url === "/api/auth/logout") - Number(y.url === "/api/auth/logout"),
      );
      expect(routes.length).toBeGreaterThanOrEqual(30);
      for (const route of routes) {
        const hasParams = route.url.includes(":");
        const paramSets = hasParams
          ? [(name: string) => realId(route.url, name), ...GARBAGE_PARAMS.map((g) => () => g)]
          : [() => ""];
        for (const value of paramSets) {
          const url = fillParams(route.url, value);
          for (const payload of GARBAGE_BODIES) {
            const res = await raw(route.method, url, {
              session,
              ...(payload !== undefined ? { payload, contentType: "application/json" } : {}),
            });
            inspect(problems, `${route.method} ${url} ${payload?.slice(0, 60) ?? "(no body)"}`, res);
          }
        }
        if (route.method === "GET") {
          const url = fillParams(route.url, (name) => realId(route.url, name));
          for (const query of GARBAGE_QUERIES) {
            inspect(problems, `GET ${url}${query}`, await raw("GET", `${url}${query}`, { session }));
          }
        }
      }
      return problems;
    };

    it("signed in as a partner: every status is below 500 and no body holds a stack trace", async () => {
      expect(await fuzz(partner)).toEqual([]);
    }, 180_000);

    it("without signing in: the same holds", async () => {
      expect(await fuzz(null)).toEqual([]);
    }, 180_000);
  });
});
