/**
 * Runs every stored message past the crisis detector and carries out what a hit means: every
 * moderator online, on any node, is alerted, and the author alone is offered support. Nobody else
 * learns of it. A failure here never fails the send: the message is already stored.
 */
import type { FlagSummary, Message } from "../../../shared/dto";
import type { StoredMessage } from "../domain/escalation/flags";
import { serialByKey } from "../lib/serial-by-key";
import type { FlagPlace } from "../storage/ports";
import type { GatewayContext } from "./context";
import { fetchIn } from "./presence";
import { tellPeers } from "./peer-escalation.handlers";
import { roomChannel, STAFF_CHANNEL, userChannel } from "./types";

// One author's hits in one place are merged into one flag: review them one at a time on this node.
const serial = serialByKey();

/**
 * Reviews a just-stored message. Resolves with the message released from its hold when its flag
 * could not be stored (nobody could review it, so it is not withheld), otherwise with null.
 */
export async function reviewMessage(ctx: GatewayContext, place: FlagPlace, message: StoredMessage): Promise<Message | null> {
  const { io, logger, services } = ctx;
  // Context after earlier flags first, so a hit's own snapshot and this capture never race.
  await services.flags.follow(place, message).catch((err: unknown) => logger.warn({ err: (err as Error).message, place }, "flag context capture deferred to the next tick"));
  let review;
  try {
    review = await serial(`${place.kind}:${place.id}:${message.authorId}`, () => services.flags.review(place, message));
  } catch (err) {
    // The hit must not vanish with the database: alert from the detection alone, and say so loudly.
    const unsaved = services.flags.unsavedSummary(place, message);
    if (!unsaved) return null;
    logger.error({ err, messageId: message.id, place }, "crisis flag could not be stored; alerting moderators without it");
    const released = message.held ? await services.flags.releaseUnflagged(place, message.id).catch(() => null) : null;
    io.to(STAFF_CHANNEL).emit("flag:raised", released ? { ...unsaved, held: false } : unsaved);
    if (unsaved.disposition === "alert") io.to(userChannel(message.authorId)).emit("support:offered", services.flags.supportOffer());
    return released;
  }
  if (review.detection.shadow.length > 0) {
    services.lexicon.countShadow(review.detection.shadow);
    logger.info({ entries: review.detection.shadow.map((m) => m.entryId), place }, "shadow lexicon entries matched");
  }
  if (review.listed) {
    // Pages nobody: moderators' review lists gain it quietly, and the author is shown nothing.
    io.to(STAFF_CHANNEL).emit("flag:listed", review.listed);
    return null;
  }
  if (!review.flag) return null;
  logger.info({ flagId: review.flag.id, severity: review.flag.severity, disposition: review.flag.disposition, created: review.created, held: review.flag.held, place }, "crisis flag raised");
  io.to(STAFF_CHANNEL).emit(review.created ? "flag:raised" : "flag:updated", review.flag);
  // The member's peer supporters learn only that a moderator was alerted, never what about.
  if (review.created) await tellPeers(ctx, message.authorId);
  if (review.created) await oncallIfUnattended(ctx, review.flag);
  if (review.support) io.to(userChannel(message.authorId)).emit("support:offered", review.support);
  return null;
}

/** Nobody to see a new flag's alert: the on-call system hears at once instead of at the deadline. */
export async function oncallIfUnattended(ctx: GatewayContext, f: FlagSummary): Promise<void> {
  if (!ctx.oncall) return;
  const staffOnline = await fetchIn(ctx, STAFF_CHANNEL).then((s) => s.length > 0, () => true);
  if (!staffOnline) void ctx.oncall.send({ event: "flag.unattended", flagId: f.id, severity: f.severity, categories: f.categories, place: f.place, createdAt: f.createdAt });
}

/** A held message goes to its author's tabs that have the room open, on any node, and to nobody else. */
export async function emitToAuthorInRoom(ctx: GatewayContext, message: Message): Promise<void> {
  const channel = roomChannel(message.roomId);
  for (const s of await fetchIn(ctx, userChannel(message.authorId))) {
    if (s.rooms.has(channel)) s.emit("message:created", message);
  }
}
