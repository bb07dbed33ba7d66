/** Sending and reading room messages. Storage decides seq; this decides who may and what it means. */
import type { Message } from "../../../shared/dto";
import type { AccessService } from "./access";
import type { Actor } from "./actor";
import { appendMessage } from "./append-message";
import type { Clock } from "./clock";
import { DomainError } from "./errors";
import { toMessage } from "./mappers";
import { muteState } from "./mutes";
import { canModerate } from "./permissions";
import { roomClosed } from "./rooms";
import { sessionState } from "./schedule";
import type { MessageRecord, RoomRecord, SessionRecord, Store } from "../storage/ports";

export interface SendResult {
  message: Message;
  /** False for a retry of a message already stored: nothing new to broadcast. */
  created: boolean;
}

/**
 * Slow mode's counter: one message per `seconds` per user and room. Behind an interface because
 * it is held in Redis when several nodes share it.
 */
export interface SlowModeGate {
  /** Takes the user's turn and returns 0, or returns the seconds until their next turn. */
  take(roomId: string, userId: string, seconds: number): Promise<number>;
}

/**
 * A message as one viewer sees it. A held message is whole for its author (marked held); for
 * everyone else it is a placeholder that keeps its id and seq, so gap-fill finds no hole, and gives
 * away neither words nor author.
 */
export function messageFor(m: MessageRecord, viewerId: string): Message {
  if (!m.held) return toMessage(m);
  if (m.authorId === viewerId) return { ...toMessage(m), held: true };
  return { ...toMessage(m), authorId: "", authorName: "", body: "", clientMsgId: "", held: true };
}

export interface MessageService {
  send(actor: Actor, input: { roomId: string; clientMsgId: string; body: string }): Promise<SendResult>;
  history(actor: Actor, input: { roomId: string; before?: number; after?: number; limit: number }): Promise<Message[]>;
}

export function createMessageService(deps: {
  store: Store;
  clock: Clock;
  access: AccessService;
  slowMode: SlowModeGate;
  /** Whether a message is to be stored held for moderator review (CRISIS_HOLD_IMMINENT); never by default. */
  holdsForReview?: (roomId: string, authorId: string, body: string) => boolean;
}): MessageService {
  const { store, clock, access, slowMode } = deps;

  /** Everything that can stop a member of the room from sending right now. */
  async function requireMaySend(actor: Actor, room: RoomRecord, session: SessionRecord | null): Promise<void> {
    const roomId = room.id;
    const now = clock.now();
    const moderator = canModerate(actor, session);
    if (session) {
      const state = sessionState(session, now);
      if (state === "ended" || state === "cancelled") throw roomClosed("This session has ended; the room is read-only.");
      if (state === "scheduled" && !moderator) throw roomClosed("This session is not open yet.");
    }
    if (moderator) return;
    if (room.locked) throw roomClosed("A moderator has locked this room for now.", { reason: "locked" });
    const muted = await muteState(store, actor.userId, roomId, now);
    if (muted) {
      const details = muted.until
        ? { until: muted.until, retryAfterSeconds: Math.max(1, Math.ceil((Date.parse(muted.until) - now.getTime()) / 1000)) }
        : { until: null };
      throw new DomainError("muted", "A moderator has muted you in this room.", details);
    }
    if (room.slowModeSeconds > 0) {
      const wait = await slowMode.take(roomId, actor.userId, room.slowModeSeconds);
      if (wait > 0) {
        throw new DomainError("rate_limited", `Slow mode is on: one message every ${room.slowModeSeconds} seconds.`, { retryAfterSeconds: wait });
      }
    }
  }

  return {
    async send(actor, input) {
      const { room, session } = await access.requireWrite(actor, input.roomId);
      await requireMaySend(actor, room, session);
      // Decided before the append, so that no reader can see the message before it is held.
      const held = deps.holdsForReview?.(room.id, actor.userId, input.body) ?? false;
      const { message, created } = await appendMessage(deps, actor, room.id, { ...input, held });
      return { message: messageFor(message, actor.userId), created };
    },

    async history(actor, input) {
      await access.requireRead(actor, input.roomId);
      const records = await store.messages.history(input.roomId, {
        before: input.before,
        after: input.after,
        limit: input.limit,
      });
      return records.map((m) => messageFor(m, actor.userId));
    },
  };
}
