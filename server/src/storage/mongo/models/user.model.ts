import { Schema, type Connection } from "mongoose";
import { ROLES, type Role } from "../../../../../shared/dto";

export interface UserDoc {
  _id: string;
  username: string;
  displayName: string;
  role: Role;
  passwordHash: string;
  createdAt: Date;
}

const schema = new Schema<UserDoc>(
  {
    _id: { type: String, required: true },
    username: { type: String, required: true },
    displayName: { type: String, required: true },
    role: { type: String, enum: ROLES, required: true },
    passwordHash: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false, collection: "users" },
);
schema.index({ username: 1 }, { unique: true });

export const userModel = (c: Connection) => c.model<UserDoc>("User", schema);
