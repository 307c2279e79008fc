/** A small client for commands that talk to a running server with an API token. */
import { AppError, ERROR_CODES, type ErrorCode } from "../core/errors.js";

export interface ServerClient {
  get<T>(path: string): Promise<T>;
  post<T>(path: string, body?: unknown): Promise<T>;
}

export const serverClient = (baseUrl: string, token: string | undefined): ServerClient => {
  if (!token) {
    throw new AppError(
      "UNAUTHENTICATED",
      "No API token: pass --token or set FIELDWORK_TOKEN (create one under Settings → API tokens).",
    );
  }
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    let res: Response;
    try {
      res = await fetch(new URL(path, baseUrl), {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body !== undefined ? { "content-type": "application/json" } : {}),
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
    } catch (error) {
      throw new AppError("UNAVAILABLE", `Cannot reach the server at ${baseUrl}: ${(error as Error).message}`);
    }
    const payload = (await res.json().catch(() => null)) as {
      error?: { code?: string; message?: string };
    } | null;
    if (!res.ok) {
      const code = (ERROR_CODES as readonly string[]).includes(payload?.error?.code ?? "")
        ? (payload?.error?.code as ErrorCode)
        : "INTERNAL";
      throw new AppError(code, payload?.error?.message ?? `The server answered ${res.status}.`);
    }
    return payload as T;
  };
  return { get: (path) => call("GET", path), post: (path, body) => call("POST", path, body) };
};

/** A GET whose answer is a file (CSV, JSON export) returned as text; errors as for `serverClient`. */
export const fetchServerText = async (
  baseUrl: string,
  token: string | undefined,
  path: string,
): Promise<string> => {
  serverClient(baseUrl, token); // refuses a missing token with the usual message
  let res: Response;
  try {
    res = await fetch(new URL(path, baseUrl), { headers: { authorization: `Bearer ${token}` } });
  } catch (error) {
    throw new AppError("UNAVAILABLE", `Cannot reach the server at ${baseUrl}: ${(error as Error).message}`);
  }
  const text = await res.text();
  if (res.ok) return text;
  let body: { error?: { code?: string; message?: string } } | null = null;
  try {
    body = JSON.parse(text);
  } catch {
    body = null;
  }
  const code = (ERROR_CODES as readonly string[]).includes(body?.error?.code ?? "")
    ? (body?.error?.code as ErrorCode)
    : "INTERNAL";
  throw new AppError(code, body?.error?.message ?? `The server answered ${res.status}.`);
};
