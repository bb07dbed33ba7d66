/**
 * A room's state in plain words: what the notice above the composer says, and why the composer is
 * closed. Plain functions of what the room view knows, so the wording lives in one place.
 */
import type { Room } from "../../shared/dto";

/** What the server told this person about the room, each as the sentence to show. */
export interface RoomNotices {
  refused?: string;
  ended?: string;
  muted?: string;
  warned?: string;
  removed?: string;
  slow?: string;
}

/** The notice's lines, most serious first. `moderates`: the reader may send while the room is paused. */
export function roomStateLines(state: RoomNotices, room: Room | null, moderates: boolean): string[] {
  const lines: string[] = [];
  if (state.refused) lines.push(state.refused);
  if (state.removed) lines.push(state.removed);
  if (state.ended) lines.push(state.ended);
  if (state.muted) lines.push(state.muted);
  if (state.warned) lines.push(state.warned);
  if (room?.locked) lines.push(moderates ? "The room is paused: only facilitators and moderators can send." : "A moderator has paused the conversation for now. You can still read it.");
  if (room && room.slowModeSeconds > 0) lines.push(`Slow mode is on: everyone can send one message every ${room.slowModeSeconds} seconds.`);
  if (state.slow) lines.push(state.slow);
  return lines;
}

/** Why this person cannot send now, or null when they can (slow mode only delays: the outbox waits). */
export function composerClosedBy(state: RoomNotices, room: Room | null, moderates: boolean): string | null {
  return state.refused ?? state.removed ?? state.ended ?? state.muted ?? (room?.locked && !moderates ? "The room is paused." : null);
}
