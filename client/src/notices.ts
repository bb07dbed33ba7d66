/** What a moderation action means for the person it was taken against, in plain words. */
import type { ModerationNotice } from "../../shared/dto";

const clock = (iso: string) => new Date(iso).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });

export function noticeText(n: ModerationNotice): string {
  const until = n.until ? ` until ${clock(n.until)}` : "";
  const why = n.reason ? ` Reason: ${n.reason}` : "";
  const text: Record<ModerationNotice["kind"], string> = {
    muted: `A moderator has muted you${until}. You can still read the room.`,
    unmuted: "You can send messages again.",
    warned: "A moderator has sent you a warning.",
    // `until` is set only for a standing room, which has no session end to wait for.
    removed: n.until ? `A moderator has removed you from this room${until}. You can still read what was said.` : "A moderator has removed you from this session. You can still read what was said.",
    banned: `A moderator has banned you from ${n.roomId ? "this room" : "group sessions"}${until}.`,
  };
  return text[n.kind] + why;
}
