/**
 * A live countdown to when the server will take messages again (slow mode, rate limits). The
 * refusal says how long to wait; a line that only said "wait 30 seconds" and never moved left
 * people unsure whether they could send, so this ticks every second and ends by itself.
 */
export interface SendWait {
  /** Counts down to `until` (ms since the epoch); null stops. */
  set(until: number | null): void;
  dispose(): void;
}

export function sendWait(onTick: (secondsLeft: number | null) => void): SendWait {
  let timer: number | undefined;
  let until = 0;
  const tick = () => {
    const left = Math.ceil((until - Date.now()) / 1000);
    if (left > 0) return onTick(left);
    window.clearInterval(timer);
    onTick(null);
  };
  return {
    set(next) {
      window.clearInterval(timer);
      if (next === null) return onTick(null);
      until = next;
      tick();
      timer = window.setInterval(tick, 1000);
    },
    dispose: () => window.clearInterval(timer),
  };
}

/** What the countdown says; the queued messages are mentioned so nobody types them twice. */
export const waitText = (seconds: number, queued: number): string =>
  `You can send again in ${seconds} second${seconds === 1 ? "" : "s"}.` +
  (queued > 0 ? ` ${queued === 1 ? "Your message is" : `Your ${queued} messages are`} queued and will be sent then.` : " Anything you write now will be sent then.");
