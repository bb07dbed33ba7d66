/** Sending and reading room messages. Storage decides seq; this decides who may and what it means. */
import type { Message } from "../../../shared/dto";
import type { AccessService } from "./access";
import type { Actor } from "./actor";
import { appendMessage } from "./append-message";
import type { Clock } from "./clock";
import { conflict, DomainError, forbidden, notFound } from "./errors";
import { toMessage } from "./mappers";
import { muteState } from "./mutes";
import { canModerate } from "./permissions";
import { roomClosed } from "./rooms";
import { sessionState } from "./schedule";
import type { MessageRecord, RoomRecord, SessionRecord, Store } from "../storage/ports";

export const DEFAULT_EDIT_WINDOW_MINUTES = 15;

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
  /** The author replaces their message's body within the edit window, under the same rules as sending. */
  edit(actor: Actor, input: { roomId: string; messageId: string; body: string }): Promise<Message>;
}

export function createMessageService(deps: {
  store: Store;
  clock: Clock;
  access: AccessService;
  slowMode: SlowModeGate;
  /** Whether a message is to be stored held for moderator review (CRISIS_HOLD_IMMINENT); never by default. */
  holdsForReview?: (roomId: string, authorId: string, body: string) => boolean;
  /** How long after sending its author may edit a message; 0: never. */
  editWindowMinutes?: number;
}): MessageService {
  const { store, clock, access, slowMode } = deps;

  /** Everything that can stop a member of the room from sending right now. */
  async function requireMaySend(actor: Actor, room: RoomRecord, session: SessionRecord | null, options = { slowMode: true }): Promise<void> {
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
    if (options.slowMode && room.slowModeSeconds > 0) {
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

    async edit(actor, input) {
      const { room, session } = await access.requireWrite(actor, input.roomId);
      const m = await store.messages.findById(input.roomId, input.messageId);
      if (!m || m.deletedAt) throw notFound("Message");
      if (m.authorId !== actor.userId) throw forbidden("You can only edit your own messages.");
      if (m.held) throw conflict("A moderator is reviewing this message; it cannot be edited now.");
      const windowMs = (deps.editWindowMinutes ?? DEFAULT_EDIT_WINDOW_MINUTES) * 60_000;
      const until = new Date(m.createdAt.getTime() + windowMs);
      if (windowMs === 0 || clock.now() > until) throw new DomainError("conflict", "This message can no longer be edited.", { editableUntil: until.toISOString() });
      // Locks and mutes apply as to a new message; slow mode does not, an edit adds no message.
      await requireMaySend(actor, room, session, { slowMode: false });
      const edited = await store.messages.edit(input.roomId, input.messageId, input.body, clock.now());
      if (!edited) throw notFound("Message");
      return messageFor(edited, actor.userId);
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
