import { createCueMemory } from "../../server/src/domain/escalation/cue-memory";
import type { Cue } from "../../server/src/domain/escalation/detection";
import { manualClock } from "../support/clock";

const room = { kind: "room" as const, id: "r1" };
const cue = (entryId: string): Cue => ({ entryId, category: "hopelessness_help", severity: "elevated", weak: true });

describe("the author's recent cues", () => {
  it("keeps an author's cues in one place for the window, then forgets them", () => {
    const clock = manualClock();
    const memory = createCueMemory(clock, { messages: 5, minutes: 30 });
    memory.record(room, "a", [cue("cue.burden")]);
    clock.advanceMinutes(29);
    expect(memory.recent(room, "a")).toEqual([cue("cue.burden")]);
    expect(memory.recent(room, "b")).toEqual([]);
    expect(memory.recent({ kind: "conversation", id: "r1" }, "a")).toEqual([]);
    clock.advanceMinutes(2);
    expect(memory.recent(room, "a")).toEqual([]);
  });

  it("counts only the last few messages, cue-less ones included", () => {
    const memory = createCueMemory(manualClock(), { messages: 2, minutes: 30 });
    memory.record(room, "a", [cue("cue.burden")]);
    memory.record(room, "a", []);
    expect(memory.recent(room, "a")).toEqual([cue("cue.burden")]);
    memory.record(room, "a", []);
    expect(memory.recent(room, "a")).toEqual([]);
  });

  it("remembers at most maxKeys pairs, forgetting the least recently active first", () => {
    const memory = createCueMemory(manualClock(), { messages: 5, minutes: 30, maxKeys: 2 });
    memory.record(room, "a", [cue("x")]);
    memory.record(room, "b", [cue("x")]);
    memory.record(room, "a", [cue("y")]);
    memory.record(room, "c", [cue("x")]);
    expect(memory.recent(room, "b")).toEqual([]);
    expect(memory.recent(room, "a")).toHaveLength(2);
    expect(memory.recent(room, "c")).toHaveLength(1);
  });

  it("leaves out the message being read again", () => {
    const memory = createCueMemory(manualClock(), { messages: 5, minutes: 30 });
    memory.record(room, "a", [cue("cue.burden")], "m1");
    memory.record(room, "a", [cue("cue.trapped")], "m2");
    expect(memory.recent(room, "a", "m2")).toEqual([cue("cue.burden")]);
  });

  it("keeps nothing when turned off", () => {
    const memory = createCueMemory(manualClock(), { messages: 0, minutes: 30 });
    memory.record(room, "a", [cue("x")]);
    expect(memory.recent(room, "a")).toEqual([]);
  });
});
