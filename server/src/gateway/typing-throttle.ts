/**
 * Typing is relayed at most once per interval per place and socket: "started typing" repeats
 * while someone types, and only the first in each interval is worth sending. "Stopped" always goes.
 */
export function typingThrottle(minIntervalMs: number): (place: string, typing: boolean) => boolean {
  const lastRelayed = new Map<string, number>();
  return (place, typing) => {
    if (!typing) {
      lastRelayed.delete(place);
      return true;
    }
    const now = Date.now();
    if (now - (lastRelayed.get(place) ?? 0) < minIntervalMs) return false;
    lastRelayed.set(place, now);
    return true;
  };
}
