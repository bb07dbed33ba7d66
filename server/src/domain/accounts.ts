/** Accounts: creation, sign-in and roles. Knows nothing of HTTP; the routes and the CLI call it. */
import { randomUUID } from "node:crypto";
import type { Role, User } from "../../../shared/dto";
import type { Actor } from "./actor";
import type { Clock } from "./clock";
import { DomainError, conflict, forbidden, notFound } from "./errors";
import { toUser } from "./mappers";
import { randomBytes } from "node:crypto";
import { scryptHasher, type PasswordHasher } from "../auth/passwords";
import { assertStrongPassword, DEFAULT_MIN_PASSWORD_SCORE } from "../auth/password-strength";
import { StoreConflictError, type Store } from "../storage/ports";

export interface NewAccount {
  username: string;
  password: string;
  role: Role;
  displayName?: string;
}

export interface AccountService {
  /** Trusted callers only (the admin CLI, the demo seeder); admins use createByAdmin. */
  create(input: NewAccount): Promise<User>;
  createByAdmin(actor: Actor, input: NewAccount): Promise<User>;
  /** The user for a correct username and password, otherwise null; takes as long either way. */
  authenticate(username: string, password: string): Promise<User | null>;
  setRole(actor: Actor, userId: string, role: Role): Promise<User>;
  list(actor: Actor): Promise<User[]>;
  /** The actor behind a verified token, or null if the account no longer exists. */
  actorFor(userId: string): Promise<Actor | null>;
  /** The account as it is now (its role may have changed since sign-in), or null if it is gone. */
  findUser(userId: string): Promise<User | null>;
}

export interface AccountDeps {
  store: Store;
  clock: Clock;
  passwordCost: number;
  /** Scrypt at passwordCost when absent; the app passes one capped by its hash gate. */
  passwords?: PasswordHasher;
  /** Lowest zxcvbn score (0-4) a new password may have. */
  minPasswordScore?: number;
}

export function createAccountService(deps: AccountDeps): AccountService {
  const { store, clock } = deps;
  const passwords = deps.passwords ?? scryptHasher(deps.passwordCost);
  const minScore = deps.minPasswordScore ?? DEFAULT_MIN_PASSWORD_SCORE;
  // Compared against when the username does not exist, so response time does not reveal which accounts exist.
  let dummyHash: Promise<string> | undefined;

  const requireAdmin = (actor: Actor) => {
    if (actor.role !== "admin") throw forbidden("Only admins can manage accounts.");
  };

  async function create(input: NewAccount): Promise<User> {
    const username = input.username.trim();
    // The account's own names are the first thing an attacker who knows them would try.
    await assertStrongPassword(input.password, minScore, [username, input.displayName?.trim() ?? ""].filter(Boolean));
    if (await store.users.findByUsername(username)) throw conflict("That username is taken.");
    try {
      const record = await store.users.create({
        id: randomUUID(),
        username,
        displayName: input.displayName?.trim() || username,
        role: input.role,
        passwordHash: await passwords.hash(input.password),
        createdAt: clock.now(),
      });
      return toUser(record);
    } catch (e) {
      // Two creations racing past the check above: the store's unique index decides.
      if (e instanceof StoreConflictError) throw conflict("That username is taken.");
      throw e;
    }
  }

  return {
    create,

    async createByAdmin(actor, input) {
      requireAdmin(actor);
      return create(input);
    },

    async authenticate(username, password) {
      const record = await store.users.findByUsername(username.trim());
      if (!record) {
        // A refused hash (the gate was full) must not be kept as the dummy.
        dummyHash ??= passwords.hash(randomBytes(16).toString("hex")).catch((e: unknown) => {
          dummyHash = undefined;
          throw e;
        });
        await passwords.verify(password, await dummyHash);
        return null;
      }
      return (await passwords.verify(password, record.passwordHash)) ? toUser(record) : null;
    },

    async setRole(actor, userId, role) {
      requireAdmin(actor);
      if (userId === actor.userId && role !== "admin") {
        throw new DomainError("conflict", "Admins cannot remove their own admin role; ask another admin.");
      }
      const updated = await store.users.setRole(userId, role);
      if (!updated) throw notFound("User");
      return toUser(updated);
    },

    async list(actor) {
      requireAdmin(actor);
      return (await store.users.list()).map(toUser);
    },

    async actorFor(userId) {
      const record = await store.users.findById(userId);
      return record ? { userId: record.id, role: record.role, displayName: record.displayName } : null;
    },

    async findUser(userId) {
      const record = await store.users.findById(userId);
      return record ? toUser(record) : null;
    },
  };
}
