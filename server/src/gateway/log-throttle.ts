/**
 * At most one log line per key (a socket) per interval. A client that repeats a mistake thousands
 * of times must not be able to fill the log; the next line that does go out says how many were
 * suppressed since the last one, so the volume stays visible to operators.
 */
export type ThrottledLog = (key: object, log: (suppressed: number) => void) => void;

export function logThrottle(intervalMs: number, now: () => number = Date.now): ThrottledLog {
  // Keyed weakly by the socket object: nothing to clean up when it disconnects.
  const last = new WeakMap<object, { at: number; suppressed: number }>();
  return (key, log) => {
    const t = now();
    const seen = last.get(key);
    if (seen && t - seen.at < intervalMs) {
      seen.suppressed++;
      return;
    }
    log(seen?.suppressed ?? 0);
    last.set(key, { at: t, suppressed: 0 });
  };
}
