import type { LoginResponse } from "../../shared/dto";
import type { ErrorBody } from "../../shared/errors";

export type LoginOutcome = { ok: true; session: LoginResponse } | { ok: false; error: ErrorBody };

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
    return { ok: false, error: { code: "unavailable", message: "Haven cannot be reached. Check your connection and try again." } };
  }
}

const KEY = "haven.session";

/** sessionStorage: gone when the tab closes, never shared with other tabs or kept on disk. */
export const session = {
  load(): LoginResponse | null {
    const raw = sessionStorage.getItem(KEY);
    if (!raw) return null;
    const s = JSON.parse(raw) as LoginResponse;
    return new Date(s.expiresAt).getTime() > Date.now() ? s : null;
  },
  save(s: LoginResponse): void {
    sessionStorage.setItem(KEY, JSON.stringify(s));
  },
  clear(): void {
    sessionStorage.removeItem(KEY);
  },
};
