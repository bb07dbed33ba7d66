import type { Database } from "better-sqlite3";
import type { Role } from "../../../../shared/dto";
import type { UserRecord, UserStore } from "../ports";
import { run } from "./errors";

interface Row {
  id: string;
  username: string;
  display_name: string;
  role: Role;
  password_hash: string;
  created_at: number;
}

const toRecord = (r: Row): UserRecord => ({
  id: r.id,
  username: r.username,
  displayName: r.display_name,
  role: r.role,
  passwordHash: r.password_hash,
  createdAt: new Date(r.created_at),
});

export function sqliteUserStore(db: Database): UserStore {
  const insert = db.prepare(
    "INSERT INTO users (id, username, display_name, role, password_hash, created_at) VALUES (@id, @username, @displayName, @role, @passwordHash, @createdAt)",
  );
  const byId = db.prepare<[string], Row>("SELECT * FROM users WHERE id = ?");
  const byUsername = db.prepare<[string], Row>("SELECT * FROM users WHERE username = ?");
  const updateRole = db.prepare("UPDATE users SET role = ? WHERE id = ?");
  const all = db.prepare<[], Row>("SELECT * FROM users ORDER BY created_at, id");

  return {
    create: (u) =>
      run(() => {
        insert.run({ ...u, createdAt: u.createdAt.getTime() });
        return u;
      }),
    findById: (id) => run(() => nullable(byId.get(id))),
    findByUsername: (username) => run(() => nullable(byUsername.get(username))),
    setRole: (id, role) =>
      run(() => {
        updateRole.run(role, id);
        return nullable(byId.get(id));
      }),
    list: () => run(() => all.all().map(toRecord)),
  };
}

const nullable = (r: Row | undefined): UserRecord | null => (r ? toRecord(r) : null);
