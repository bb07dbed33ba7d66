/**
 * Runs every stored message past the crisis detector and carries out what a hit means: every
 * moderator online, on any node, is alerted, and the author alone is offered support. Nobody else
 * learns of it. A failure here never fails the send: the message is already stored and delivered.
 */
import { serialByKey } from "../lib/serial-by-key";
import type { ContextMessage, FlagPlace } from "../storage/ports";
import type { GatewayContext } from "./context";
import { fetchIn } from "./presence";
import { STAFF_CHANNEL, userChannel } from "./types";

// One author's hits in one place are merged into one flag: review them one at a time on this node.
const serial = serialByKey();

export async function reviewMessage(ctx: GatewayContext, place: FlagPlace, message: ContextMessage): Promise<void> {
  const { io, logger, services } = ctx;
  let review;
  try {
    review = await serial(`${place.kind}:${place.id}:${message.authorId}`, () => services.flags.review(place, message));
  } catch (err) {
    // The hit must not vanish with the database: alert from the detection alone, and say so loudly.
    const unsaved = services.flags.unsavedSummary(place, message);
    if (!unsaved) return;
    logger.error({ err, messageId: message.id, place }, "crisis flag could not be stored; alerting moderators without it");
    io.to(STAFF_CHANNEL).emit("flag:raised", unsaved);
    io.to(userChannel(message.authorId)).emit("support:offered", services.flags.supportOffer());
    return;
  }
  if (review.detection.shadow.length > 0) {
    services.lexicon.countShadow(review.detection.shadow);
    logger.info({ entries: review.detection.shadow.map((m) => m.entryId), place }, "shadow lexicon entries matched");
  }
  if (!review.flag) return;
  logger.info({ flagId: review.flag.id, severity: review.flag.severity, created: review.created, place }, "crisis flag raised");
  io.to(STAFF_CHANNEL).emit(review.created ? "flag:raised" : "flag:updated", review.flag);
  if (review.created && ctx.oncall) {
    // Nobody to see the alert: the on-call system hears at once instead of at the deadline.
    const staffOnline = await fetchIn(ctx, STAFF_CHANNEL).then((s) => s.length > 0, () => true);
    if (!staffOnline) {
      const f = review.flag;
      void ctx.oncall.send({ event: "flag.unattended", flagId: f.id, severity: f.severity, categories: f.categories, place: f.place, createdAt: f.createdAt });
    }
  }
  if (review.support) io.to(userChannel(message.authorId)).emit("support:offered", review.support);
}
