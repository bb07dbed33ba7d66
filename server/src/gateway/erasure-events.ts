/**
 * What open clients hear when an account is erased: the person's sockets close on every node, the
 * erased messages disappear from the screens that show them, the other side of a conversation sees
 * it closed, and whoever moved up a waitlist is told.
 */
import type { ErasureOutcome } from "../domain/account-erasure";
import type { Logger } from "../logger";
import type { Services } from "../services";
import type { SessionRecord } from "../storage/ports";
import { roomChannel, userChannel, type HavenServer } from "./types";
import { channelOf } from "./checkins.handlers";

export function announceErasure(deps: {
  io: HavenServer;
  services: Services;
  logger: Logger;
  conversationChanged: (conversationId: string, userIds: string[]) => void;
  promoted: (session: SessionRecord, userIds: string[]) => void;
}): (outcome: ErasureOutcome) => void {
  const { io, services, logger } = deps;

  async function dropMessages(outcome: ErasureOutcome): Promise<void> {
    const byPlace = new Map<string, ErasureOutcome["erased"]>();
    for (const m of outcome.erased) byPlace.set(m.roomId, [...(byPlace.get(m.roomId) ?? []), m]);
    for (const [placeId, messages] of byPlace) {
      const other = await services.conversations.participantsOf(placeId);
      for (const m of messages) {
        if (other) io.to(other.map(channelOf)).emit("message:deleted", { roomId: placeId, conversationId: placeId, messageId: m.messageId, seq: m.seq });
        else io.to(roomChannel(placeId)).emit("message:deleted", { roomId: placeId, messageId: m.messageId, seq: m.seq });
      }
    }
  }

  return (outcome) => {
    io.in(userChannel(outcome.userId)).disconnectSockets(true);
    for (const c of outcome.closedConversations) deps.conversationChanged(c.conversationId, [c.otherId]);
    for (const p of outcome.promoted) deps.promoted(p.session, p.userIds);
    dropMessages(outcome).catch((err: unknown) => logger.warn({ err: (err as Error).message }, "erased messages not announced; clients drop them on their next history read"));
  };
}
