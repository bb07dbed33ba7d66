import type { LoginResponse } from "../../shared/dto";
import type { ErrorBody } from "../../shared/errors";

export type LoginOutcome = { ok: true; session: LoginResponse } | { ok: false; error: ErrorBody };

const UNREACHABLE: ErrorBody = { code: "unavailable", message: "Haven cannot be reached. Check your connection and try again." };

export async function login(username: string, password: string): Promise<LoginOutcome> {
  try {
    const res = await fetch("/api/auth/login", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username, password }),
    });
    const body: unknown = await res.json();
    if (res.ok) return { ok: true, session: body as LoginResponse };
    return { ok: false, error: (body as { error: ErrorBody }).error };
  } catch {
    return { ok: false, error: UNREACHABLE };
  }
}

/** Renews the token before it expires; null when the server refuses (the session is over). */
export async function refresh(token: string): Promise<LoginResponse | null | "unreachable"> {
  try {
    const res = await fetch("/api/auth/refresh", { method: "POST", headers: { authorization: `Bearer ${token}` } });
    if (res.status === 401) return null;
    if (!res.ok) return "unreachable";
    return (await res.json()) as LoginResponse;
  } catch {
    return "unreachable";
  }
}

/** Thrown by authedFetch: `code` for scripts, `message` for people. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * JSON over HTTP with the current bearer token. A 401 means the token is no longer accepted:
 * `onUnauthenticated` ends the session in the shell.
 */
export function authedFetch(token: () => string, onUnauthenticated: () => void) {
  return async function api<T>(method: "GET" | "POST" | "PUT" | "DELETE", path: string, body?: unknown): Promise<T> {
    let res: Response;
    try {
      res = await fetch(path, {
        method,
        headers: { authorization: `Bearer ${token()}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch {
      throw new ApiError(UNREACHABLE.code, UNREACHABLE.message);
    }
    const text = await res.text();
    const json: unknown = text ? JSON.parse(text) : {};
    if (res.status === 401) onUnauthenticated();
    if (!res.ok) {
      const err = (json as { error?: ErrorBody }).error;
      throw new ApiError(err?.code ?? "internal", err?.message ?? "Something went wrong. Please try again.");
    }
    return json as T;
  };
}

const KEY = "haven.session";

/**
 * The token lives in sessionStorage: gone when the tab closes, never shared with other tabs and
 * not kept on disk by the browser; a reload keeps the person signed in. Expired tokens are dropped.
 */
export const session = {
  load(): LoginResponse | null {
    try {
      const raw = sessionStorage.getItem(KEY);
      if (!raw) return null;
      const s = JSON.parse(raw) as LoginResponse;
      return new Date(s.expiresAt).getTime() > Date.now() ? s : null;
    } catch {
      return null;
    }
  },
  save(s: LoginResponse): void {
    try {
      sessionStorage.setItem(KEY, JSON.stringify(s));
    } catch {
      // Storage may be disabled: the session then lives in memory only, until reload.
    }
  },
  clear(): void {
    try {
      sessionStorage.removeItem(KEY);
    } catch {
      // Nothing stored.
    }
  },
};
