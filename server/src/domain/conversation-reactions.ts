/**
 * Supportive reactions in private conversations (peer conversations and check-ins). Only its two
 * sides may react, and only while it is open: an ended conversation is read-only for reactions as
 * for messages. In a check-in the staff side reacts as the team, as it writes and reads as the
 * team, so the member never learns which moderator reacted.
 */
import type { ConversationReactionUpdate, DirectMessage } from "../../../shared/dto";
import type { Actor } from "./actor";
import type { Clock } from "./clock";
import type { ConversationService } from "./conversations";
import { DomainError, notFound } from "./errors";
import type { Store } from "../storage/ports";

export interface ConversationReactionService {
  /** Stored before it returns; `sides` are whom to tell (the ids that key delivery). */
  set(
    actor: Actor,
    input: { conversationId: string; messageId: string; emoji: string; on: boolean },
  ): Promise<{ update: ConversationReactionUpdate; sides: [string, string] }>;
  /** A page of history with its tallies as the side `viewerId` sees them (one query per page). */
  withReactions(messages: DirectMessage[], viewerId: string): Promise<DirectMessage[]>;
}

export function createConversationReactionService(deps: { store: Store; clock: Clock; conversations: ConversationService }): ConversationReactionService {
  const { store, clock, conversations } = deps;
  return {
    async set(actor, { conversationId, messageId, emoji, on }) {
      const { conversation, selfId, otherId } = await conversations.requireParticipant(actor, conversationId);
      if (conversation.readOnlySince) throw new DomainError("room_closed", "This conversation has ended; you can still read it.");
      const message = await store.messages.findById(conversation.id, messageId);
      // A message held for review is its author's alone until released; a deleted one is gone.
      if (!message || message.deletedAt !== null || (message.held && message.authorId !== actor.userId)) throw notFound("Message");
      await store.reactions.set({ roomId: conversation.id, messageId, userId: selfId, emoji }, on, clock.now());
      const tallies = (await store.reactions.tallies([messageId], selfId)).get(messageId) ?? [];
      const counts = tallies.map(({ emoji: e, count }) => ({ emoji: e, count }));
      return { update: { conversationId: conversation.id, messageId, userId: selfId, emoji, on, counts }, sides: [selfId, otherId] };
    },

    async withReactions(messages, viewerId) {
      // Deleted messages have no reactions left (they went with the message); their body is "".
      const tallies = await store.reactions.tallies(
        messages.filter((m) => m.body !== "").map((m) => m.id),
        viewerId,
      );
      return messages.map((m) => {
        const t = tallies.get(m.id);
        return t ? { ...m, reactions: t } : m;
      });
    },
  };
}
