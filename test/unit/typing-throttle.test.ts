import { logThrottle } from "../../server/src/gateway/log-throttle";
import { typingThrottle } from "../../server/src/gateway/typing-throttle";

describe("typingThrottle", () => {
  let t = 0;
  const now = () => t;
  beforeEach(() => (t = 1_000_000));

  it("relays 'stopped' only after a relayed 'started'", () => {
    const relay = typingThrottle(1500, now);
    expect(relay("r", false)).toBe(false);
    expect(relay("r", true)).toBe(true);
    expect(relay("r", false)).toBe(true);
    expect(relay("r", false)).toBe(false);
  });

  it("relays 'started' at most once per interval, and again as a refresh after it", () => {
    const relay = typingThrottle(1500, now);
    expect(relay("r", true)).toBe(true);
    t += 1000;
    expect(relay("r", true)).toBe(false);
    t += 600;
    expect(relay("r", true)).toBe(true);
  });

  it("relays at most one 'started' and one 'stopped' per interval under a flood of flips", () => {
    const relay = typingThrottle(1500, now);
    let relayed = 0;
    for (let i = 0; i < 1000; i++) if (relay("r", i % 2 === 0)) relayed++;
    expect(relayed).toBe(2);
  });

  it("keeps places apart", () => {
    const relay = typingThrottle(1500, now);
    expect(relay("a", true)).toBe(true);
    expect(relay("b", true)).toBe(true);
  });
});

describe("logThrottle", () => {
  it("logs once per key per interval and reports how many were suppressed", () => {
    let t = 0;
    const log = logThrottle(60_000, () => t);
    const key = {};
    const lines: number[] = [];
    for (let i = 0; i < 100; i++) log(key, (suppressed) => lines.push(suppressed));
    expect(lines).toEqual([0]);
    t += 60_000;
    log(key, (suppressed) => lines.push(suppressed));
    expect(lines).toEqual([0, 99]);
    log({}, (suppressed) => lines.push(suppressed));
    expect(lines).toEqual([0, 99, 0]);
  });
});
