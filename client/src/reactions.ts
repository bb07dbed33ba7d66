/**
 * The supportive reactions under a room or private message: four buttons, each a toggle with its count, so a
 * reader can say "I hear you" without writing. The server's tallies are the truth; a click asks it
 * and the broadcast redraws every reader's copy.
 */
import type { ReactionCount } from "../../shared/dto";
import type { ReactionSetInput } from "../../shared/schemas";
import { h } from "./dom";

/** Matches shared/schemas.ts REACTION_EMOJI (not imported: the client does not bundle zod). */
type Emoji = ReactionSetInput["emoji"];
const EMOJI: { emoji: Emoji; name: string }[] = [
  { emoji: "❤️", name: "heart" },
  { emoji: "🤗", name: "hug" },
  { emoji: "🙏", name: "thanks" },
  { emoji: "💪", name: "strength" },
];

/** What the bar needs of a message, room or private. */
type Reacted = { authorName: string; reactions?: ReactionCount[] };
/** reaction:updated and conversation:reaction_updated alike. */
type Update = { userId: string; emoji: string; on: boolean; counts: { emoji: string; count: number }[] };

/** `closed`: the tallies are shown but cannot change (a private conversation that has ended). */
export function reactionBar(m: Reacted, toggle: (emoji: Emoji, on: boolean) => void, closed = false): HTMLElement {
  const tally = new Map((m.reactions ?? []).map((r) => [r.emoji, r]));
  return h(
    "div",
    { className: "reactions", attrs: { role: "group", "aria-label": `Reactions to ${m.authorName}'s message` } },
    ...EMOJI.map(({ emoji, name }) => {
      const r = tally.get(emoji);
      const count = r?.count ?? 0;
      return h(
        "button",
        {
          type: "button",
          disabled: closed,
          className: "secondary reaction",
          attrs: { "aria-pressed": r?.mine ? "true" : "false", "aria-label": `React with ${name}${count ? `, ${count} so far` : ""}`, "data-emoji": emoji },
          on: { click: () => toggle(emoji, !r?.mine) },
        },
        count ? `${emoji} ${count}` : emoji,
      );
    }),
  );
}

/**
 * The message with the tallies of an update; `mine` changes only for the reader's own change
 * (`meId` is the reader's side: the team's id for staff in a check-in).
 */
export function withUpdate<M extends Reacted>(m: M, u: Update, meId: string): M {
  const before = new Map((m.reactions ?? []).map((r) => [r.emoji, r.mine]));
  const reactions: ReactionCount[] = u.counts.map(({ emoji, count }) => ({ emoji, count, mine: u.userId === meId && emoji === u.emoji ? u.on : (before.get(emoji) ?? false) }));
  return { ...m, reactions };
}
