/**
 * Supportive reactions on room messages. Anyone who may read the room may react, to a message they
 * can see: not a deleted one, and not someone else's message held for review.
 */
import type { Message, ReactionUpdate } from "../../../shared/dto";
import type { AccessService } from "./access";
import type { Actor } from "./actor";
import type { Clock } from "./clock";
import { notFound } from "./errors";
import type { Store } from "../storage/ports";

export interface ReactionService {
  set(actor: Actor, input: { roomId: string; messageId: string; emoji: string; on: boolean }): Promise<ReactionUpdate>;
  /** The messages with their tallies as `viewerId` sees them (one query per page). */
  withReactions(messages: Message[], viewerId: string): Promise<Message[]>;
}

export function createReactionService(deps: { store: Store; clock: Clock; access: AccessService }): ReactionService {
  const { store, clock, access } = deps;
  return {
    async set(actor, { roomId, messageId, emoji, on }) {
      await access.requireRead(actor, roomId);
      const message = await store.messages.findById(roomId, messageId);
      if (!message || message.deletedAt !== null || (message.held && message.authorId !== actor.userId)) throw notFound("Message");
      await store.reactions.set({ roomId, messageId, userId: actor.userId, emoji }, on, clock.now());
      const tallies = (await store.reactions.tallies([messageId], actor.userId)).get(messageId) ?? [];
      return { roomId, messageId, userId: actor.userId, emoji, on, counts: tallies.map(({ emoji: e, count }) => ({ emoji: e, count })) };
    },

    async withReactions(messages, viewerId) {
      const tallies = await store.reactions.tallies(
        messages.filter((m) => m.deletedAt === null).map((m) => m.id),
        viewerId,
      );
      return messages.map((m) => {
        const t = tallies.get(m.id);
        return t ? { ...m, reactions: t } : m;
      });
    },
  };
}
