import type { Clock } from "../../server/src/domain/clock";

/** A clock the test moves by hand: time-dependent behaviour without sleeping. */
export interface ManualClock extends Clock {
  set(at: Date): void;
  advanceMinutes(minutes: number): void;
}

export function manualClock(start = new Date()): ManualClock {
  let current = new Date(start);
  return {
    now: () => new Date(current),
    set: (at) => (current = new Date(at)),
    advanceMinutes: (minutes) => (current = new Date(current.getTime() + minutes * 60_000)),
  };
}

export const minutesFrom = (clock: Clock, minutes: number): Date => new Date(clock.now().getTime() + minutes * 60_000);
