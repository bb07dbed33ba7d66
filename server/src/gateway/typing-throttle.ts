/**
 * Typing relays, coalesced per socket and place, so a client repeating itself costs the room nothing:
 *
 * - "stopped" is relayed only after a relayed "started" (a stream of `typing: false` relays nothing);
 * - "started" is relayed at most once per interval. A repeat after the interval is relayed again on
 *   purpose: clients clear a typist they have not heard from for a few seconds, so a long message
 *   needs that refresh. Within the interval a repeat is dropped.
 *
 * A flood of flips therefore relays at most one "started" and one "stopped" per interval.
 */
export function typingThrottle(minIntervalMs: number, now: () => number = Date.now): (place: string, typing: boolean) => boolean {
  const relayed = new Map<string, { typing: boolean; startedAt: number }>();
  return (place, typing) => {
    const last = relayed.get(place);
    if (!typing) {
      if (!last?.typing) return false;
      last.typing = false;
      return true;
    }
    const t = now();
    if (last && t - last.startedAt < minIntervalMs) return false;
    relayed.set(place, { typing: true, startedAt: t });
    return true;
  };
}

/** One throttle per socket, made on its first typing event and gone with the socket. */
export function typingThrottlePerSocket(minIntervalMs: number, now: () => number = Date.now): (socket: object, place: string, typing: boolean) => boolean {
  const throttles = new WeakMap<object, (place: string, typing: boolean) => boolean>();
  return (socket, place, typing) => {
    let relay = throttles.get(socket);
    if (!relay) throttles.set(socket, (relay = typingThrottle(minIntervalMs, now)));
    return relay(place, typing);
  };
}
