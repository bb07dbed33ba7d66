/** Group rooms: who may create, join, leave and read them. */
import { randomUUID } from "node:crypto";
import type { Room } from "../../../shared/dto";
import type { Actor } from "./actor";
import { isStaff } from "./actor";
import type { Clock } from "./clock";
import { forbidden, notFound } from "./errors";
import { toRoom } from "./mappers";
import type { RoomRecord, Store } from "../storage/ports";

export interface RoomService {
  list(actor: Actor): Promise<Room[]>;
  create(actor: Actor, input: { name: string; topic?: string }): Promise<Room>;
  join(actor: Actor, roomId: string): Promise<{ room: Room; lastSeq: number }>;
  leave(actor: Actor, roomId: string): Promise<void>;
  /** Throws unless the actor may read and write the room. */
  requireMember(actor: Actor, roomId: string): Promise<RoomRecord>;
}

export function createRoomService(deps: { store: Store; clock: Clock }): RoomService {
  const { store, clock } = deps;

  async function getRoom(roomId: string): Promise<RoomRecord> {
    const room = await store.rooms.findById(roomId);
    if (!room) throw notFound("Room");
    return room;
  }

  return {
    async list() {
      return (await store.rooms.list()).map(toRoom);
    },

    async create(actor, input) {
      if (!isStaff(actor)) throw forbidden("Only moderators and admins can create rooms.");
      const room = await store.rooms.create({
        id: randomUUID(),
        name: input.name,
        topic: input.topic && input.topic.length > 0 ? input.topic : null,
        createdBy: actor.userId,
        createdAt: clock.now(),
      });
      return toRoom(room);
    },

    async join(actor, roomId) {
      const room = await getRoom(roomId);
      await store.rooms.addMember(roomId, actor.userId, clock.now());
      return { room: toRoom(room), lastSeq: await store.messages.lastSeq(roomId) };
    },

    async leave(actor, roomId) {
      await getRoom(roomId);
      await store.rooms.removeMember(roomId, actor.userId);
    },

    async requireMember(actor, roomId) {
      const room = await getRoom(roomId);
      if (!(await store.rooms.isMember(roomId, actor.userId))) {
        throw forbidden("Join the room first.");
      }
      return room;
    },
  };
}
