/** Accounts. Part of the store's ports (ports.ts). */
import type { Role } from "../../../shared/dto";

export interface UserRecord {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  passwordHash: string;
  createdAt: Date;
}

export interface UserStore {
  create(user: UserRecord): Promise<UserRecord>;
  findById(id: string): Promise<UserRecord | null>;
  findByUsername(username: string): Promise<UserRecord | null>;
  setRole(id: string, role: Role): Promise<UserRecord | null>;
  list(): Promise<UserRecord[]>;
}
