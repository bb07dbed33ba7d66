/**
 * What every screen gets from the shell, and what it gives back. A view renders into the root it is
 * handed, subscribes to the socket events it needs, and undoes all of that in the cleanup it returns
 * (the shell calls it before showing another view, on sign-out and on quick exit).
 */
import type { LoginResponse } from "../../../shared/dto";
import type { HavenSocket } from "../connection";

export interface ViewContext {
  me: LoginResponse;
  socket: HavenSocket;
  /** JSON over HTTP with the bearer token; rejects with an Error whose message is for people. */
  api<T>(method: "GET" | "POST" | "PUT" | "DELETE", path: string, body?: unknown): Promise<T>;
  /** The ARIA live region: "polite" for messages, "assertive" for crisis flags (moderators). */
  announce(text: string, politeness?: "polite" | "assertive"): void;
  /** Shows another screen, e.g. navigate("room", { roomId, watch: "1" }). */
  navigate(view: ViewName, params?: Record<string, string>): void;
}

export type ViewName = "sessions" | "room" | "conversations" | "caseload" | "flags" | "audit";

export type View = (root: HTMLElement, ctx: ViewContext, params: Record<string, string>) => () => void;
