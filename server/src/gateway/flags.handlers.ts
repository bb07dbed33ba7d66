import { emptySchema, flagHistorySchema, flagReassignSchema, flagRefSchema, flagResolveSchema, flagReviewListSchema } from "../../../shared/schemas";
import { reply, type On } from "./handle";
import { roomFrom } from "./block-filter";
import { tellPeers } from "./peer-escalation.handlers";
import { STAFF_CHANNEL, userChannel } from "./types";
import type { GatewayContext } from "./context";

/** The moderators' queue. Claims and resolutions reach every moderator, so no two act unawares. */
export function registerFlagHandlers(ctx: GatewayContext, on: On): void {
  const { io, services } = ctx;

  on("flag:list", emptySchema, async (_input, actor) => reply(await services.flags.queue(actor)));

  on("flag:get", flagRefSchema, async ({ flagId }, actor) => reply(await services.flags.get(actor, flagId)));

  on("flag:claim", flagRefSchema, async ({ flagId }, actor) => {
    const flag = await services.flags.claim(actor, flagId);
    return reply(flag, () => io.to(STAFF_CHANNEL).emit("flag:updated", flag));
  });

  on("flag:resolve", flagResolveSchema, async (input, actor) => {
    const flag = await services.flags.resolve(actor, input);
    return reply(flag, async () => {
      io.to(STAFF_CHANNEL).emit("flag:updated", flag);
      await tellPeers(ctx, flag.authorId);
    });
  });

  // The room sees a released message as it would have at first; its author's tabs clear the mark.
  on("flag:release", flagRefSchema, async ({ flagId }, actor) => {
    const { flag, messages } = await services.flags.release(actor, flagId);
    return reply(flag, async () => {
      for (const m of messages) (await roomFrom(ctx, m.roomId, m.authorId)).emit("message:released", m);
      io.to(STAFF_CHANNEL).emit("flag:updated", flag);
    });
  });

  on("flag:unclaim", flagRefSchema, async ({ flagId }, actor) => {
    const flag = await services.flags.unclaim(actor, flagId);
    return reply(flag, () => io.to(STAFF_CHANNEL).emit("flag:updated", flag));
  });

  // The new holder is told on every tab, so a flag handed to them is not missed among the updates.
  on("flag:reassign", flagReassignSchema, async (input, actor) => {
    const flag = await services.flags.reassign(actor, input);
    return reply(flag, () => {
      io.to(STAFF_CHANNEL).emit("flag:updated", flag);
      io.to(userChannel(input.toUserId)).emit("flag:assigned", flag);
    });
  });

  on("flag:history", flagHistorySchema, async (input, actor) => reply(await services.flags.history(actor, input)));

  on("flag:review_list", flagReviewListSchema, async (input, actor) => reply(await services.flags.reviewList(actor, input)));

  // A promoted item reaches every moderator as a new flag would, and leaves their review lists.
  on("flag:promote", flagRefSchema, async ({ flagId }, actor) => {
    const flag = await services.flags.promote(actor, flagId);
    return reply(flag, async () => {
      io.to(STAFF_CHANNEL).emit("flag:unlisted", { flagId, lane: "page" });
      io.to(STAFF_CHANNEL).emit("flag:raised", flag);
      await tellPeers(ctx, flag.authorId);
    });
  });

  on("flag:dismiss", flagRefSchema, async ({ flagId }, actor) => {
    const result = await services.flags.dismiss(actor, flagId);
    return reply(result, () => io.to(STAFF_CHANNEL).emit("flag:unlisted", { flagId, lane: "dismissed" }));
  });
}
