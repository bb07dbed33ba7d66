import type { Model } from "mongoose";
import type { UserRecord, UserStore } from "../ports";
import type { Guard } from "./errors";
import type { UserDoc } from "./models/user.model";

const toRecord = (d: UserDoc): UserRecord => ({
  id: d._id,
  username: d.username,
  displayName: d.displayName,
  role: d.role,
  passwordHash: d.passwordHash,
  createdAt: d.createdAt,
});

export function mongoUserStore(Users: Model<UserDoc>, guard: Guard): UserStore {
  return {
    create: (u) =>
      guard(async () => {
        await Users.create({ _id: u.id, username: u.username, displayName: u.displayName, role: u.role, passwordHash: u.passwordHash, createdAt: u.createdAt });
        return u;
      }),
    findById: (id) => guard(async () => nullable(await Users.findById(id).lean<UserDoc>())),
    findByUsername: (username) => guard(async () => nullable(await Users.findOne({ username }).lean<UserDoc>())),
    setRole: (id, role) => guard(async () => nullable(await Users.findByIdAndUpdate(id, { $set: { role } }, { new: true }).lean<UserDoc>())),
    list: () => guard(async () => (await Users.find().sort({ createdAt: 1, _id: 1 }).lean<UserDoc[]>()).map(toRecord)),
  };
}

const nullable = (d: UserDoc | null): UserRecord | null => (d ? toRecord(d) : null);
