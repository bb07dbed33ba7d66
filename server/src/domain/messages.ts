/** Sending and reading room messages. Storage decides seq; this decides who may and what it means. */
import { randomUUID } from "node:crypto";
import type { Message } from "../../../shared/dto";
import type { Actor } from "./actor";
import type { Clock } from "./clock";
import { conflict } from "./errors";
import { toMessage } from "./mappers";
import type { RoomService } from "./rooms";
import type { Store } from "../storage/ports";

export interface SendResult {
  message: Message;
  /** False for a retry of a message already stored: nothing new to broadcast. */
  created: boolean;
}

export interface MessageService {
  send(actor: Actor, input: { roomId: string; clientMsgId: string; body: string }): Promise<SendResult>;
  history(actor: Actor, input: { roomId: string; before?: number; after?: number; limit: number }): Promise<Message[]>;
}

export function createMessageService(deps: { store: Store; clock: Clock; rooms: RoomService }): MessageService {
  const { store, clock, rooms } = deps;

  return {
    async send(actor, input) {
      await rooms.requireMember(actor, input.roomId);
      const { message, created } = await store.messages.append({
        id: randomUUID(),
        roomId: input.roomId,
        authorId: actor.userId,
        authorName: actor.displayName,
        body: input.body,
        clientMsgId: input.clientMsgId,
        createdAt: clock.now(),
      });
      // A client id is the author's own; someone else's id must not reveal that message to them.
      if (message.authorId !== actor.userId) throw conflict("That clientMsgId is already in use.");
      return { message: toMessage(message), created };
    },

    async history(actor, input) {
      await rooms.requireMember(actor, input.roomId);
      const records = await store.messages.history(input.roomId, {
        before: input.before,
        after: input.after,
        limit: input.limit,
      });
      return records.map(toMessage);
    },
  };
}
