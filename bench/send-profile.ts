/**
 * Where a send's CPU goes on a node. Starts one node as its own process under `--cpu-prof`, fills
 * rooms with members, sends open-loop at a steady rate, then reads the profile and prints self time
 * grouped by the source file (ours) or package (dependencies), so repeated work on the hot path
 * stands out. The profile itself is left in the printed directory for Chrome's DevTools.
 *
 *   npm run bench:profile -- [--rooms 20] [--room-size 25] [--rate 500] [--seconds 10]
 */
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { randomUUID } from "node:crypto";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { startCluster } from "../test/support/cluster";
import { expectOk, request, type ClientSocket } from "../test/support/server";

const { values } = parseArgs({
  options: {
    rooms: { type: "string", default: "20" },
    "room-size": { type: "string", default: "25" },
    rate: { type: "string", default: "500" },
    seconds: { type: "string", default: "10" },
  },
});
const ROOMS = Number(values.rooms);
const ROOM_SIZE = Number(values["room-size"]);
const RATE = Number(values.rate);
const SECONDS = Number(values.seconds);
const BODY = "x".repeat(100);

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  endTime: number;
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Our files by path; dependencies by package; node's own internals and the idle loop by name. */
function bucketOf(frame: ProfileNode["callFrame"]): string {
  const { url, functionName } = frame;
  if (!url) return functionName ? `(${functionName})` : "(native)";
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return `dep: ${pkg[1]}`;
  if (url.startsWith("node:")) return `node: ${url.slice(5).split("/")[0]}`;
  const ours = /\/(server\/src\/.*|shared\/.*)$/.exec(url);
  return ours ? ours[1]! : url;
}

/** Self time per bucket over the profile's last `windowMs` (the sends, not start-up and set-up). */
function summarise(profile: Profile, windowMs: number): { bucket: string; ms: number; share: number }[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  let total = 0;
  let at = profile.endTime;
  const times: number[] = [];
  for (let i = profile.timeDeltas.length - 1; i >= 0; i--) {
    times[i] = at;
    at -= profile.timeDeltas[i] ?? 0;
  }
  const from = profile.endTime - windowMs * 1000;
  profile.samples.forEach((id, i) => {
    const node = byId.get(id);
    if (!node || node.callFrame.functionName === "(idle)" || (times[i] ?? 0) < from) return;
    const us = profile.timeDeltas[i] ?? 0;
    total += us;
    const bucket = bucketOf(node.callFrame);
    self.set(bucket, (self.get(bucket) ?? 0) + us);
  });
  return [...self.entries()]
    .map(([bucket, us]) => ({ bucket, ms: us / 1000, share: us / total }))
    .sort((a, b) => b.ms - a.ms);
}

async function main(): Promise<void> {
  const profileDir = mkdtempSync(path.join(os.tmpdir(), "haven-profile-"));
  const cluster = await startCluster(1, {
    nodeArgs: ["--cpu-prof", `--cpu-prof-dir=${profileDir}`],
    env: {
      MESSAGE_RATE_LIMIT: "100000",
      EVENT_SOCKET_BURST: "100000000",
      EVENT_USER_LIMIT_WRITE: "100000000",
    },
  });
  const node = cluster.nodes[0]!;
  const mod = await cluster.connectAs(node, "moderator");
  const rooms: { id: string; members: ClientSocket[] }[] = [];
  for (let r = 0; r < ROOMS; r++) rooms.push({ id: expectOk(await request(mod.socket, "room:create", { name: `Profile ${r} ${randomUUID()}` })).id, members: [] });
  for (const room of rooms) {
    for (let i = 0; i < ROOM_SIZE; i++) {
      const { user } = await cluster.createUser("member");
      const socket = await cluster.connect(node, cluster.tokenFor(user.id));
      expectOk(await request(socket, "room:join", { roomId: room.id }));
      room.members.push(socket);
    }
  }
  let delivered = 0;
  for (const room of rooms) for (const s of room.members) s.on("message:created", () => delivered++);

  // Open loop: sends go out on the clock whatever the acks do, as people's do.
  const total = RATE * SECONDS;
  let acked = 0;
  const started = Date.now();
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / RATE;
    const wait = due - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const room = rooms[i % ROOMS]!;
    const sender = room.members[Math.floor(i / ROOMS) % ROOM_SIZE]!;
    void request(sender, "message:send", { roomId: room.id, clientMsgId: randomUUID(), body: BODY }).then((r) => {
      if (r.ok) acked++;
    });
  }
  await new Promise((r) => setTimeout(r, 2000));
  console.log(`sent ${total} in ${((Date.now() - started) / 1000).toFixed(1)} s, acked ${acked}, deliveries ${delivered} of ${total * ROOM_SIZE}`);
  // A graceful stop: the profile is written as the process exits.
  await node.stop("SIGTERM");
  const windowMs = Date.now() - started;
  await cluster.close();

  const file = readdirSync(profileDir).find((f) => f.endsWith(".cpuprofile"));
  if (!file) throw new Error(`no profile written in ${profileDir}`);
  const rows = summarise(JSON.parse(readFileSync(path.join(profileDir, file), "utf8")) as Profile, windowMs);
  console.log(`profile: ${path.join(profileDir, file)}`);
  console.log("| self ms | share | where |\n| ---: | ---: | --- |");
  for (const r of rows.slice(0, 40)) console.log(`| ${r.ms.toFixed(0)} | ${(r.share * 100).toFixed(1)}% | ${r.bucket} |`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
