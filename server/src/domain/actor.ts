import type { Role } from "../../../shared/dto";

/** Who is acting: what the gateway learnt from the verified token and the user record. */
export interface Actor {
  userId: string;
  role: Role;
  displayName: string;
}

const STAFF: readonly Role[] = ["moderator", "admin"];

export const isStaff = (actor: Pick<Actor, "role">): boolean => STAFF.includes(actor.role);
