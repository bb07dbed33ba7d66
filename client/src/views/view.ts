/**
 * What every screen gets from the shell, and what it gives back. A view renders into the root it is
 * handed, subscribes to the socket events it needs, and undoes all of that in the cleanup it returns
 * (the shell calls it before showing another view, on sign-out and on quick exit).
 *
 * Additions beyond the first contract (all optional to use):
 * - `on(event, handler)`: a socket subscription the shell removes when the view goes away, so a
 *   view need not undo it in its own cleanup;
 * - `onReconnect(fn)`: runs after every reconnect and `server:resync` while the view is shown, the
 *   moment to re-join rooms and gap-fill;
 * - `resources`: the deployment's crisis resources (`GET /api/resources`), loaded at start.
 * The shell itself announces `flag:raised` and `flag:overdue` assertively for moderators and admins
 * on every screen, so the flags view need not announce them again.
 */
import type { CrisisResource, LoginResponse } from "../../../shared/dto";
import type { ServerToClientEvents } from "../../../shared/events";
import type { HavenSocket } from "../connection";

export interface ViewContext {
  /** The signed-in user; its token is renewed in place before it expires. */
  me: LoginResponse;
  socket: HavenSocket;
  /** JSON over HTTP with the bearer token; rejects with an Error whose message is for people. */
  api<T>(method: "GET" | "POST" | "PUT" | "DELETE", path: string, body?: unknown): Promise<T>;
  /** The ARIA live region: "polite" for messages, "assertive" for crisis flags (moderators). */
  announce(text: string, politeness?: "polite" | "assertive"): void;
  /** Shows another screen, e.g. navigate("room", { roomId, watch: "1" }). */
  navigate(view: ViewName, params?: Record<string, string>): void;
  /** Subscribes to a server event for as long as this view is shown. */
  on<E extends keyof ServerToClientEvents>(event: E, handler: ServerToClientEvents[E]): void;
  /** Runs after every reconnect (to any node) and every server:resync while this view is shown. */
  onReconnect(fn: () => void): void;
  /** The deployment's crisis resources, for the help panel and the away notice. */
  resources: CrisisResource[];
  /** Ends the session and shows the sign-in form with this message (after erasing one's account). */
  signOut(message: string): void;
}

export type ViewName = "sessions" | "room" | "conversations" | "caseload" | "flags" | "audit" | "account";

export type View = (root: HTMLElement, ctx: ViewContext, params: Record<string, string>) => () => void;
