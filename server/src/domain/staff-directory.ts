/** The moderators and admins a flag can be handed to (staff:list). */
import type { StaffMember } from "../../../shared/dto";
import type { Actor } from "./actor";
import { isStaff } from "./actor";
import { forbidden } from "./errors";
import type { Store } from "../storage/ports";

export interface StaffDirectory {
  /** `online` says which of them are connected now; the gateway knows, the domain does not. */
  list(actor: Actor, online: () => Promise<Set<string>>): Promise<StaffMember[]>;
}

export function createStaffDirectory(deps: { store: Store }): StaffDirectory {
  return {
    async list(actor, online) {
      if (!isStaff(actor)) throw forbidden("Only moderators and admins can list the moderation team.");
      // The user list is small (a peer-support deployment, not a social network), and staff are few of it.
      const [users, connected] = await Promise.all([deps.store.users.list(), online()]);
      return users
        .filter(isStaff)
        .map((u) => ({ id: u.id, displayName: u.displayName, role: u.role, online: connected.has(u.id) }))
        // Those who can pick it up now first, then by name.
        .sort((a, b) => Number(b.online) - Number(a.online) || a.displayName.localeCompare(b.displayName));
    },
  };
}
