/**
 * The author's recent warning signs in a place, so that a message is read together with the ones
 * just before it ("i've picked a date" after "i can't do this anymore"). Only the detector's cues
 * are kept (entry ids, categories, tiers), never message text.
 *
 * In memory on the node, on purpose: a user's socket stays on one node (sticky sessions or
 * websocket-only), so their messages in a place pass through it, and a store read per message
 * would put the database on the path of every send. What this loses: after a restart, or when a
 * user's next message comes through another node, the memory starts empty, and two weak cues split
 * across that change are read apart (each alone still pages if it would on its own).
 */
import type { FlagPlace } from "../../storage/ports";
import type { Clock } from "../clock";
import type { Cue } from "./detection";

export interface CueMemorySettings {
  /** How many of the author's latest messages in a place count (CRISIS_CONTEXT_MESSAGES); 0 turns it off. */
  messages: number;
  /** How old a message may be and still count (CRISIS_CONTEXT_MINUTES). */
  minutes: number;
  /** Most (place, author) pairs remembered; the least recently active are forgotten first. */
  maxKeys?: number;
}

export interface CueMemory {
  /** The cues of the author's recent messages in the place, oldest first, leaving out message `except` (one being read again). */
  recent(place: FlagPlace, authorId: string, except?: string): Cue[];
  /** Records a just-scanned message's cues (none is recorded too: it pushes older messages out). */
  record(place: FlagPlace, authorId: string, cues: Cue[], messageId?: string): void;
}

export const DEFAULT_CUE_MEMORY: CueMemorySettings = { messages: 5, minutes: 30 };

export function createCueMemory(clock: Clock, settings: CueMemorySettings = DEFAULT_CUE_MEMORY): CueMemory {
  const maxKeys = settings.maxKeys ?? 10_000;
  const windowMs = settings.minutes * 60_000;
  const byKey = new Map<string, { at: number; cues: Cue[]; messageId?: string }[]>();
  const keyOf = (place: FlagPlace, authorId: string) => `${place.kind}:${place.id}:${authorId}`;

  const live = (key: string, now: number) => (byKey.get(key) ?? []).filter((m) => now - m.at <= windowMs).slice(-settings.messages);

  return {
    recent(place, authorId, except) {
      if (settings.messages === 0) return [];
      return live(keyOf(place, authorId), clock.now().getTime())
        .filter((m) => except === undefined || m.messageId !== except)
        .flatMap((m) => m.cues);
    },
    record(place, authorId, cues, messageId) {
      if (settings.messages === 0) return;
      const key = keyOf(place, authorId);
      const now = clock.now().getTime();
      const kept = [...live(key, now), { at: now, cues, messageId }].slice(-settings.messages);
      byKey.delete(key);
      // Most messages carry no cue: an author with none in the window needs no entry at all.
      if (!kept.some((m) => m.cues.length > 0)) return;
      byKey.set(key, kept);
      if (byKey.size > maxKeys) byKey.delete(byKey.keys().next().value as string);
    },
  };
}
