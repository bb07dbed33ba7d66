/**
 * What each role finds in the navigation, the screens behind it, and the screen to come back to
 * after a reload (kept in sessionStorage, so it goes with the tab like the sign-in).
 */
import type { Role } from "../../shared/dto";
import { accountView } from "./views/account";
import { auditView } from "./views/audit";
import { caseloadView } from "./views/caseload";
import { conversationsView } from "./views/conversations";
import { flagsView } from "./views/flags";
import { roomView } from "./views/room";
import { sessionsView } from "./views/sessions";
import type { View, ViewName } from "./views/view";

const ROUTE_KEY = "haven.route";

export const VIEWS: Record<ViewName, View> = {
  sessions: sessionsView,
  room: roomView,
  conversations: conversationsView,
  caseload: caseloadView,
  flags: flagsView,
  audit: auditView,
  account: accountView,
};

/** What each role finds in the navigation, first item first. */
export const NAV: Record<Role, { view: ViewName; label: string }[]> = {
  member: [
    { view: "sessions", label: "Sessions" },
    { view: "conversations", label: "Conversations" },
    { view: "account", label: "Your data" },
  ],
  peer: [
    { view: "caseload", label: "Caseload" },
    { view: "conversations", label: "Conversations" },
    { view: "sessions", label: "Sessions" },
    { view: "account", label: "Your data" },
  ],
  moderator: [
    { view: "flags", label: "Flags" },
    { view: "sessions", label: "Sessions and rooms" },
    { view: "account", label: "Your data" },
    { view: "conversations", label: "Check-ins" },
  ],
  admin: [
    { view: "flags", label: "Flags" },
    { view: "audit", label: "Audit" },
    { view: "sessions", label: "Sessions and rooms" },
    { view: "account", label: "Your data" },
    { view: "conversations", label: "Check-ins" },
  ],
};

export type Route = { name: ViewName; params: Record<string, string> };

/** Remembers the screen for a reload of this tab; null forgets it (signing out). */
export function saveRoute(route: Route | null): void {
  try {
    if (route) sessionStorage.setItem(ROUTE_KEY, JSON.stringify(route));
    else sessionStorage.removeItem(ROUTE_KEY);
  } catch {
    // Only a reload's convenience.
  }
}

export function savedRoute(role: Role): Route | null {
  try {
    const raw = sessionStorage.getItem(ROUTE_KEY);
    if (!raw) return null;
    const r = JSON.parse(raw) as Route;
    // The room is reachable from any role's sessions screen; other screens only from the nav.
    return r.name === "room" || NAV[role].some((n) => n.view === r.name) ? r : null;
  } catch {
    return null;
  }
}

export const roleName = (role: Role): string => ({ member: "member", peer: "peer supporter", moderator: "moderator", admin: "admin" })[role];
