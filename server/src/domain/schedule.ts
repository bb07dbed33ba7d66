/**
 * Session times as plain functions of the stored times and a clock: whether a session is open is
 * always derived, never remembered, so every node and every restart agrees.
 */
import type { SessionState } from "../../../shared/dto";
import type { SessionRecord } from "../storage/ports";

const MINUTE = 60_000;
const WEEK = 7 * 24 * 60 * MINUTE;

export const joinOpensAt = (s: Pick<SessionRecord, "startsAt" | "joinWindowMinutes">): Date =>
  new Date(s.startsAt.getTime() - s.joinWindowMinutes * MINUTE);

export function sessionState(s: SessionRecord, now: Date): SessionState {
  if (s.cancelledAt) return "cancelled";
  if (s.endedAt || now >= s.endsAt) return "ended";
  if (now >= joinOpensAt(s)) return "open";
  return "scheduled";
}

/** The offset of a time zone from UTC at an instant, in milliseconds. */
function zoneOffset(timeZone: string, at: Date): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
  return asUtc - Math.floor(at.getTime() / 1000) * 1000;
}

/** Keeps the wall-clock time of `first` in `timeZone` when moving it by whole weeks (across DST changes). */
function sameLocalTimeWeeksLater(first: Date, weeks: number, timeZone: string): Date {
  const naive = new Date(first.getTime() + weeks * WEEK);
  const shift = zoneOffset(timeZone, first) - zoneOffset(timeZone, naive);
  return new Date(naive.getTime() + shift);
}

export interface Recurrence {
  count?: number;
  until?: Date;
  /** IANA zone whose wall-clock time the series keeps; UTC when absent. */
  timeZone?: string;
}

/** The occurrences of a weekly series: `count` of them, or every week up to and including `until`. */
export function weeklyOccurrences(startsAt: Date, endsAt: Date, recurrence: Recurrence | undefined, max: number): { startsAt: Date; endsAt: Date }[] {
  const length = endsAt.getTime() - startsAt.getTime();
  if (!recurrence) return [{ startsAt, endsAt }];
  const zone = recurrence.timeZone ?? "UTC";
  const out: { startsAt: Date; endsAt: Date }[] = [];
  for (let week = 0; out.length < max; week++) {
    const start = sameLocalTimeWeeksLater(startsAt, week, zone);
    if (recurrence.count !== undefined && out.length >= recurrence.count) break;
    if (recurrence.until !== undefined && start > recurrence.until) break;
    out.push({ startsAt: start, endsAt: new Date(start.getTime() + length) });
  }
  return out;
}

export const isValidTimeZone = (zone: string): boolean => {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};
