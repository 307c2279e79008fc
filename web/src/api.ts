/**
 * The one way the browser talks to the server: JSON over `/api`, the session cookie sent
 * same-origin, the CSRF token on every request that is not a GET or HEAD, and the server's error
 * envelope `{"error":{"code","message","details"}}` turned into an ApiError.
 */

export class ApiError extends Error {
  readonly code: string;
  readonly status: number;
  readonly details: unknown;

  constructor(status: number, code: string, message: string, details?: unknown) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

export const isApiError = (value: unknown): value is ApiError => value instanceof ApiError;

/** The message to show a person for any error, the server's own words when it sent some. */
export const errorMessage = (error: unknown): string => {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error && error.message !== "") return error.message;
  return "Something went wrong. Try again.";
};

export interface GuardFailureDetail {
  guard: string;
  message: string;
}

/** `details.failures` of a GUARD_FAILED (or role) refusal, or an empty list. */
export const guardFailures = (error: unknown): GuardFailureDetail[] => {
  if (!(error instanceof ApiError)) return [];
  const details = error.details;
  if (details === null || typeof details !== "object") return [];
  const failures = (details as { failures?: unknown }).failures;
  if (!Array.isArray(failures)) return [];
  return failures
    .filter((f): f is { guard?: unknown; message?: unknown } => f !== null && typeof f === "object")
    .map((f) => ({ guard: String(f.guard ?? ""), message: String(f.message ?? "") }))
    .filter((f) => f.message !== "");
};

let csrfToken: string | null = null;

export const setCsrfToken = (token: string | null | undefined): void => {
  csrfToken = token ?? null;
};

export const getCsrfToken = (): string | null => csrfToken;

type Method = "GET" | "POST" | "PATCH" | "PUT" | "DELETE";

export interface RequestOptions {
  method?: Method;
  body?: unknown;
  signal?: AbortSignal;
  /** false: send the CSRF token if one is known, but never fetch one (public, sessionless routes). */
  csrf?: boolean;
  /** A multipart form (the browser sets its boundary) or a raw file body, sent as it is. */
  raw?: FormData | Blob;
  /** The content type of a raw Blob body (a FormData body sets its own). */
  contentType?: string;
}

type QueryValue = string | number | boolean | null | undefined;

/** Appends the non-empty parameters as a query string. */
export const withQuery = (path: string, params: Record<string, QueryValue>): string => {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === "") continue;
    search.set(key, String(value));
  }
  const text = search.toString();
  return text === "" ? path : `${path}${path.includes("?") ? "&" : "?"}${text}`;
};

const readBody = async (response: Response): Promise<unknown> => {
  if (response.status === 204) return null;
  const text = await response.text();
  if (text === "") return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
};

const toApiError = (response: Response, body: unknown): ApiError => {
  if (body !== null && typeof body === "object" && "error" in body) {
    const error = (body as { error?: unknown }).error;
    if (error !== null && typeof error === "object") {
      const e = error as { code?: unknown; message?: unknown; details?: unknown };
      return new ApiError(
        response.status,
        typeof e.code === "string" ? e.code : `HTTP_${response.status}`,
        typeof e.message === "string" && e.message !== ""
          ? e.message
          : `The server refused the request (${response.status}).`,
        e.details,
      );
    }
  }
  if (response.status === 502 || response.status === 503 || response.status === 504) {
    return new ApiError(
      response.status,
      "UNAVAILABLE",
      "The Fieldwork server is not reachable right now. Wait a moment and try again.",
    );
  }
  return new ApiError(
    response.status,
    `HTTP_${response.status}`,
    `The server answered ${response.status}${response.statusText ? ` ${response.statusText}` : ""}.`,
  );
};

/** Fetches the CSRF token of the current session (used when none is known yet, or it rotated). */
const refreshCsrfToken = async (): Promise<string | null> => {
  try {
    const response = await fetch("/api/auth/session", {
      credentials: "same-origin",
      headers: { accept: "application/json" },
    });
    if (!response.ok) return null;
    const body = (await response.json()) as { csrfToken?: unknown };
    if (typeof body.csrfToken === "string") csrfToken = body.csrfToken;
    return csrfToken;
  } catch {
    return null;
  }
};

const send = async (path: string, options: RequestOptions, retried: boolean): Promise<unknown> => {
  const method = options.method ?? "GET";
  const headers: Record<string, string> = { accept: "application/json" };
  const init: RequestInit = { method, credentials: "same-origin", headers };
  if (options.signal) init.signal = options.signal;
  if (options.raw !== undefined) {
    if (!(options.raw instanceof FormData)) {
      headers["content-type"] = options.contentType || options.raw.type || "application/octet-stream";
    }
    init.body = options.raw;
  } else if (options.body !== undefined) {
    headers["content-type"] = "application/json";
    init.body = JSON.stringify(options.body);
  }
  if (method !== "GET") {
    const token = csrfToken ?? (options.csrf === false ? null : await refreshCsrfToken());
    if (token) headers["x-csrf-token"] = token;
  }

  let response: Response;
  try {
    response = await fetch(path, init);
  } catch (error) {
    if (error instanceof DOMException && error.name === "AbortError") throw error;
    throw new ApiError(
      0,
      "NETWORK",
      "Could not reach the Fieldwork server. Check your connection and try again.",
    );
  }
  const body = await readBody(response);
  if (response.ok) return body;

  const error = toApiError(response, body);
  // The token rotates when the session does (sign-in, MFA); fetch the current one and retry once.
  if (error.code === "CSRF" && method !== "GET" && !retried) {
    const fresh = await refreshCsrfToken();
    if (fresh) return send(path, options, true);
  }
  throw error;
};

export const request = async <T>(path: string, options: RequestOptions = {}): Promise<T> =>
  (await send(path, options, false)) as T;

export const api = {
  get: <T>(path: string, signal?: AbortSignal): Promise<T> =>
    request<T>(path, signal ? { method: "GET", signal } : { method: "GET" }),
  post: <T>(path: string, body?: unknown): Promise<T> =>
    request<T>(path, { method: "POST", body: body ?? {} }),
  patch: <T>(path: string, body: unknown): Promise<T> => request<T>(path, { method: "PATCH", body }),
  put: <T>(path: string, body: unknown): Promise<T> => request<T>(path, { method: "PUT", body }),
  /** POST a multipart form (file uploads). Fields should come before the file parts. */
  upload: <T>(path: string, form: FormData): Promise<T> => request<T>(path, { method: "POST", raw: form }),
  /** POST a file as the raw request body. */
  postFile: <T>(path: string, file: Blob, contentType?: string): Promise<T> =>
    request<T>(
      path,
      contentType ? { method: "POST", raw: file, contentType } : { method: "POST", raw: file },
    ),
  delete: <T>(path: string): Promise<T> => request<T>(path, { method: "DELETE" }),
  /** POST to a public route: no session, so no CSRF token is fetched. */
  publicPost: <T>(path: string, body: unknown, signal?: AbortSignal): Promise<T> =>
    request<T>(
      path,
      signal ? { method: "POST", body, csrf: false, signal } : { method: "POST", body, csrf: false },
    ),
};

/** Percent-encodes one path segment (ids and slugs come from the URL bar). */
export const seg = (value: string): string => encodeURIComponent(value);
