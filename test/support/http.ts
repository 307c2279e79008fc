/**
 * Small HTTP helpers for integration tests: asserting the error shape, a client bound to an API
 * token, and filling route parameters.
 */
import type { FastifyInstance } from "fastify";
import { expect } from "vitest";
import type { Session } from "./app.js";

// biome-ignore lint/suspicious/noExplicitAny: tests read response bodies loosely and assert on them
export type Json = any;

export interface Reply {
  readonly status: number;
  json(): Json;
}

/** Asserts `{"error":{"code","message","details"}}` with the exact status and code; returns the error. */
export const expectError = (res: Reply, status: number, code: string): Json => {
  const body = res.json();
  expect({ status: res.status, code: body?.error?.code }).toEqual({ status, code });
  expect(typeof body.error.message).toBe("string");
  expect(body.error.message.length).toBeGreaterThan(0);
  return body.error;
};

/** A client that authenticates with `Authorization: Bearer <token>` (no cookie, no CSRF token). */
export const tokenSession = (app: FastifyInstance, token: string): Session => ({
  cookie: "",
  csrf: "",
  request: async (method, url, body) => {
    const res = await app.inject({
      method: method as "GET",
      url,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body !== undefined ? { "content-type": "application/json" } : {}),
      },
      ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
    });
    return { status: res.statusCode, json: () => res.json() };
  },
});

/** The `:name` parameters of a route pattern, in order. */
export const routeParams = (url: string): string[] =>
  [...url.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1] ?? "");

/** Replaces each `:name` in a route pattern with `value(name)`, URL-encoded. */
export const fillParams = (url: string, value: (name: string) => string): string =>
  url.replace(/:([A-Za-z0-9_]+)/g, (_, name: string) => encodeURIComponent(value(name)));
