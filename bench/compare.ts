/**
 * The headline benchmark: Haven against a bare Socket.IO broadcast server and a raw `ws` one, and
 * two Haven nodes against one, driven by one light open-loop generator (compare/eio-client.ts).
 *
 * Rooms of members; at each step of send rate, random members send 100-byte messages for a few
 * seconds; every other member of the room should receive each. A server sustains a step when p99
 * delivery latency is under 100 ms and at least 99% of deliveries arrived. Servers are interleaved
 * step by step and each figure is the median of `--reps` runs. At the end every Haven room's
 * history must be gap-free, and idle memory per connection is measured at `--idle` connections.
 * The generator's own CPU is recorded; above 90% of a core the run is marked invalid.
 *
 *   npm run bench:compare -- [--rooms 20] [--room-size 25] [--rates 100,250,500,750,1000,1250,1500,2000] [--seconds 5] [--reps 3] [--idle 5000]
 *
 * Its last line is one JSON object: {"ratios":{...},"valid":true|false}.
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { startRedis } from "../test/support/services";
import { startFerret } from "./ferretdb-postgres";
import { percentile, writeBenchmarkSection } from "./report";
import { bareTarget, havenTarget, type Target } from "./compare/targets";
import type { LightSocket } from "./compare/eio-client";

const { values } = parseArgs({
  options: {
    rooms: { type: "string", default: "20" },
    "room-size": { type: "string", default: "25" },
    rates: { type: "string", default: "100,250,500,750,1000,1250,1500,2000" },
    seconds: { type: "string", default: "5" },
    reps: { type: "string", default: "3" },
    idle: { type: "string", default: "5000" },
  },
});
const ROOMS = Number(values.rooms);
const ROOM_SIZE = Number(values["room-size"]);
const RATES = values.rates.split(",").map(Number);
const SECONDS = Number(values.seconds);
const REPS = Number(values.reps);
const IDLE = Number(values.idle);
const PAD = "x".repeat(100);

const rssKiB = (pid: number) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface StepResult {
  rate: number;
  p99: number;
  delivered: number;
  ackP99: number;
  generatorCpu: number;
}

/** One step: open-loop sends at `rate` for SECONDS, then a grace period for stragglers. */
async function step(target: Target, members: LightSocket[][], rate: number): Promise<StepResult> {
  const latencies: number[] = [];
  const acks: number[] = [];
  let received = 0;
  members.forEach((room) =>
    room.forEach((s, i) =>
      s.onMessage((frame) => {
        const start = frame.indexOf('"body":"') + 8;
        const bar = frame.indexOf("|", start);
        if (Number(frame.slice(start, bar)) === i) return;
        const at = frame.slice(bar + 1, frame.indexOf("|", bar + 1));
        received++;
        latencies.push(Date.now() - Number(at));
      }),
    ),
  );
  const total = rate * SECONDS;
  const cpu0 = process.cpuUsage();
  const t0 = Date.now();
  for (let n = 0; n < total; n++) {
    const wait = t0 + (n * 1000) / rate - Date.now();
    if (wait > 0) await sleep(wait);
    const r = n % members.length;
    const i = Math.floor(Math.random() * ROOM_SIZE);
    const sentAt = Date.now();
    members[r]![i]!.emit("message:send", target.send(r, `${i}|${sentAt}|${PAD}`.slice(0, 100)), () => acks.push(Date.now() - sentAt));
  }
  const busy = process.cpuUsage(cpu0);
  const generatorCpu = (busy.user + busy.system) / 1000 / (Date.now() - t0);
  // Stragglers, then whatever the server still owes: a backlog left behind would land in the next server's step.
  await sleep(1000);
  for (const deadline = Date.now() + 15_000; acks.length < total && Date.now() < deadline; ) await sleep(100);
  latencies.sort((a, b) => a - b);
  acks.sort((a, b) => a - b);
  const unanswered = total - acks.length;
  return { rate, p99: percentile(latencies, 0.99), delivered: received / (total * (ROOM_SIZE - 1)), ackP99: unanswered > 0 ? Infinity : percentile(acks, 0.99), generatorCpu };
}

async function connectAll(target: Target): Promise<LightSocket[][]> {
  const rooms: LightSocket[][] = [];
  for (let r = 0; r < ROOMS; r++) rooms.push(await Promise.all(Array.from({ length: ROOM_SIZE }, (_, i) => target.member(r, i))));
  return rooms;
}

/** Resident memory added per idle connection, from `IDLE` connections spread over the rooms. */
async function idleKiBPerConnection(target: Target): Promise<number> {
  const pid = target.pids()[0]!;
  await sleep(1000);
  const before = rssKiB(pid);
  const sockets: LightSocket[] = [];
  for (let n = 0; n < IDLE; n += 100) sockets.push(...(await Promise.all(Array.from({ length: Math.min(100, IDLE - n) }, (_, k) => target.member((n + k) % ROOMS, n + k)))));
  await sleep(3000);
  const after = rssKiB(pid);
  for (const s of sockets) s.close();
  await sleep(1000);
  return (after - before) / IDLE;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

async function main(): Promise<void> {
  const ferret = await startFerret("postgresql");
  const redis = await startRedis();
  const targets: Target[] = [];
  try {
    targets.push(await bareTarget("ws", ROOMS), await bareTarget("socketio", ROOMS));
    targets.push(await havenTarget("Haven, embedded store", 1, ROOMS, ROOM_SIZE, {}));
    targets.push(await havenTarget("Haven, 1 node on MongoDB", 1, ROOMS, ROOM_SIZE, { mongoUri: `${ferret.url}/haven_compare_one` }));
    targets.push(await havenTarget("Haven, 2 nodes on MongoDB + Redis", 2, ROOMS, ROOM_SIZE, { mongoUri: `${ferret.url}/haven_compare_two`, redisUrl: redis.url }));
    // Each server's first seconds (JIT, caches, the database's buffers) are not what it sustains.
    for (const target of targets) {
      const members = await connectAll(target);
      await step(target, members, RATES[0]!);
      members.flat().forEach((s) => s.close());
    }
    const results = new Map<string, StepResult[][]>(targets.map((t) => [t.name, RATES.map(() => [])]));
    for (let rep = 0; rep < REPS; rep++) {
      // A server that failed a step is not driven harder in this run: it would only build a backlog.
      const failed = new Set<string>();
      const connected = new Map<string, LightSocket[][]>();
      for (const t of targets) connected.set(t.name, await connectAll(t));
      for (const [k, rate] of RATES.entries()) {
        for (const target of targets) {
          if (failed.has(target.name)) {
            results.get(target.name)![k]!.push({ rate, p99: Infinity, delivered: 0, ackP99: Infinity, generatorCpu: 0 });
            continue;
          }
          const r = await step(target, connected.get(target.name)!, rate);
          if (!(r.p99 < 100 && r.delivered >= 0.99)) failed.add(target.name);
          results.get(target.name)![k]!.push(r);
          console.log(JSON.stringify({ rep, server: target.name, ...r }));
        }
      }
      for (const rooms of connected.values()) rooms.flat().forEach((s) => s.close());
    }
    const gaps: string[] = [];
    for (const t of targets) {
      const rooms = await t.seqs();
      if (rooms?.some((seqs) => seqs.some((s, i) => s !== i + 1))) gaps.push(t.name);
    }
    const memory = { socketio: await idleKiBPerConnection(targets[1]!), haven: await idleKiBPerConnection(targets[2]!) };
    report(targets, results, memory, gaps);
  } finally {
    for (const t of targets) await t.stop().catch(() => undefined);
    await redis.stop();
    await ferret.stop();
  }
}

function report(targets: Target[], results: Map<string, StepResult[][]>, memory: { socketio: number; haven: number }, gaps: string[]): void {
  const med = (name: string, k: number) => {
    const runs = results.get(name)![k]!;
    return { p99: median(runs.map((r) => r.p99)), delivered: median(runs.map((r) => r.delivered)), ackP99: median(runs.map((r) => r.ackP99)) };
  };
  const sustained = (name: string) => {
    let best = 0;
    RATES.forEach((rate, k) => {
      const m = med(name, k);
      if (m.p99 < 100 && m.delivered >= 0.99) best = Math.max(best, rate * (ROOM_SIZE - 1));
    });
    return best;
  };
  const [ws, sio, haven, one, two] = targets.map((t) => sustained(t.name)) as [number, number, number, number, number];
  const generatorCpu = Math.max(...[...results.values()].flat(2).map((r) => r.generatorCpu));
  const valid = generatorCpu <= 0.9 && gaps.length === 0;
  const ratio = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 100) / 100 : 0);
  const ratios = { haven_vs_socketio: ratio(haven, sio), socketio_vs_ws: ratio(sio, ws), two_nodes_vs_one: ratio(two, one) };
  const rows = targets.flatMap((t) =>
    RATES.map((rate, k) => {
      const m = med(t.name, k);
      if (m.delivered === 0 && !Number.isFinite(m.p99)) return `| ${t.name} | ${rate} | ${rate * (ROOM_SIZE - 1)} | not driven: failed a lower step | | |`;
      const ms = (x: number) => (Number.isFinite(x) ? x.toFixed(0) : "sends unanswered");
      return `| ${t.name} | ${rate} | ${rate * (ROOM_SIZE - 1)} | ${ms(m.p99)} | ${(m.delivered * 100).toFixed(1)}% | ${t.name.startsWith("Haven") ? ms(m.ackP99) : "–"} |`;
    }),
  );
  const table = ["| server | sends/s | deliveries/s | delivery p99 ms | delivered | ack p99 ms |", "| --- | --- | --- | --- | --- | --- |", ...rows].join("\n");
  const summary = [
    `Sustained (p99 < 100 ms, ≥ 99% delivered), deliveries/s: raw ws ${ws}, bare Socket.IO ${sio}, Haven embedded ${haven}, Haven 1 node on MongoDB ${one}, 2 nodes ${two}.`,
    `Idle memory per authenticated connection at ${IDLE} connections: bare Socket.IO ${memory.socketio.toFixed(1)} KiB, Haven ${memory.haven.toFixed(1)} KiB (${ratio(memory.haven, memory.socketio)}×).`,
    `Histories gap-free at the end: ${gaps.length === 0 ? "yes, every room" : `NO: ${gaps.join(", ")}`}. Generator CPU at most ${(generatorCpu * 100).toFixed(0)}% of a core${generatorCpu > 0.9 ? " (over 90%: the run is invalid)" : ""}.`,
  ].join("\n\n");
  console.log(table);
  console.log(summary);
  writeBenchmarkSection(
    "compare",
    `## Haven against bare Socket.IO and raw websockets\n\n${ROOMS} rooms × ${ROOM_SIZE} members, 100-byte messages sent open-loop by random members for ${SECONDS} s per step; medians of ${REPS} interleaved runs. Delivery latency is from the send to each other member's receipt; ack p99 is Haven's store-then-ack. MongoDB is FerretDB on PostgreSQL.\n\n${table}\n\n${summary}\n\nRatios: \`${JSON.stringify(ratios)}\`.\n\nCommand: \`npm run bench:compare -- --rooms ${ROOMS} --room-size ${ROOM_SIZE} --rates ${RATES.join(",")} --seconds ${SECONDS} --reps ${REPS} --idle ${IDLE}\``,
  );
  console.log(JSON.stringify({ ratios, valid }));
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
