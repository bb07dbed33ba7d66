/**
 * What one node costs per connected user and per delivered message, for sizing. Starts one Haven
 * node as its own process (so its memory and CPU are its own), connects many websocket clients in
 * group-session-sized rooms, then sends messages and measures delivery to every member of the room.
 * With redis-server installed it also measures the same node with the Redis adapter.
 *
 *   npm run bench:fanout -- [--clients 2000] [--room-size 20] [--messages 300]
 */
import { readFileSync } from "node:fs";
import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import { startCluster } from "../test/support/cluster";
import { expectOk, request, type ClientSocket } from "../test/support/server";
import { serviceBin, startRedis, type RunningService } from "../test/support/services";
import { percentile, writeBenchmarkSection } from "./report";

const { values } = parseArgs({
  options: {
    clients: { type: "string", default: "2000" },
    "room-size": { type: "string", default: "20" },
    messages: { type: "string", default: "300" },
  },
});
const CLIENTS = Number(values.clients);
const ROOM_SIZE = Number(values["room-size"]);
const MESSAGES = Number(values.messages);

const rssMiB = (pid: number) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) / 1024;
/** User + system CPU time of a process, in milliseconds (clock ticks are 10 ms on Linux). */
const cpuMs = (pid: number) => {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
};

interface Result {
  adapter: string;
  clients: number;
  rssIdle: number;
  rssConnected: number;
  kibPerClient: number;
  deliveryP50: number;
  deliveryP99: number;
  cpuPerMessage: number;
}

async function measure(adapter: string, redisUrl?: string): Promise<Result> {
  const cluster = await startCluster(1, { redisUrl, env: { MESSAGE_RATE_LIMIT: "100000", EVENT_SOCKET_BURST: "100000000", EVENT_USER_LIMIT_WRITE: "100000000" } });
  try {
    const node = cluster.nodes[0]!;
    const pid = node.pid()!;
    const mod = await cluster.connectAs(node, "moderator");
    const rooms = Math.ceil(CLIENTS / ROOM_SIZE);
    const roomIds: string[] = [];
    for (let r = 0; r < rooms; r++) roomIds.push(expectOk(await request(mod.socket, "room:create", { name: `Session ${r}` })).id);
    // Let start-up garbage settle before the baseline.
    await new Promise((r) => setTimeout(r, 1000));
    const rssIdle = rssMiB(pid);

    const members: { socket: ClientSocket; roomId: string }[] = [];
    for (let i = 0; i < CLIENTS; i++) {
      const { user } = await cluster.createUser("member");
      const socket = await cluster.connect(node, cluster.tokenFor(user.id));
      const roomId = roomIds[i % rooms]!;
      expectOk(await request(socket, "room:join", { roomId }));
      members.push({ socket, roomId });
    }
    await new Promise((r) => setTimeout(r, 2000));
    const rssConnected = rssMiB(pid);

    // One sender per room, in turn; a delivery is complete when every other member of the room has it.
    const latencies: number[] = [];
    const cpuBefore = cpuMs(pid);
    for (let m = 0; m < MESSAGES; m++) {
      const roomId = roomIds[m % rooms]!;
      const inRoom = members.filter((x) => x.roomId === roomId);
      const [sender, ...others] = inRoom;
      const body = `message ${m}`;
      const t0 = process.hrtime.bigint();
      const delivered = Promise.all(
        others.map(
          ({ socket }) =>
            new Promise<void>((resolve) => {
              const handler = (msg: { body: string }) => {
                if (msg.body !== body) return;
                socket.off("message:created", handler);
                resolve();
              };
              socket.on("message:created", handler);
            }),
        ),
      );
      expectOk(await request(sender!.socket, "message:send", { roomId, clientMsgId: randomUUID(), body }));
      await delivered;
      latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    const cpuPerMessage = (cpuMs(pid) - cpuBefore) / MESSAGES;
    for (const { socket } of members) socket.disconnect();
    latencies.sort((a, b) => a - b);
    return {
      adapter,
      clients: CLIENTS,
      rssIdle,
      rssConnected,
      kibPerClient: ((rssConnected - rssIdle) * 1024) / CLIENTS,
      deliveryP50: percentile(latencies, 0.5),
      deliveryP99: percentile(latencies, 0.99),
      cpuPerMessage,
    };
  } finally {
    await cluster.close();
  }
}

async function main(): Promise<void> {
  const results = [await measure("in-memory")];
  let redis: RunningService | undefined;
  if (serviceBin("redis")) {
    redis = await startRedis();
    try {
      results.push(await measure("Redis", redis.url));
    } finally {
      await redis.stop();
    }
  } else {
    console.error("redis-server is not installed: measuring the in-memory adapter only.");
  }
  const table = [
    "| adapter | clients | node RSS idle MiB | node RSS connected MiB | KiB per client | delivery p50 ms | delivery p99 ms | node CPU ms per message |",
    "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ...results.map(
      (r) =>
        `| ${r.adapter} | ${r.clients} | ${r.rssIdle.toFixed(0)} | ${r.rssConnected.toFixed(0)} | ${r.kibPerClient.toFixed(1)} | ${r.deliveryP50.toFixed(2)} | ${r.deliveryP99.toFixed(2)} | ${r.cpuPerMessage.toFixed(2)} |`,
    ),
  ].join("\n");
  console.log(table);
  writeBenchmarkSection(
    "fanout",
    `## Connections and fan-out per node\n\nOne node as its own process over SQLite, ${CLIENTS} websocket clients in rooms of ${ROOM_SIZE} (a group session), each joined to its room. Then ${MESSAGES} messages, one at a time, each from one member of a room; delivery is the time from emitting \`message:send\` until every other member of that room has \`message:created\`. Node CPU is the node process's user + system time over the sends, divided by the messages (each delivered to ${ROOM_SIZE - 1} others). The clients run in the benchmark process on the same 2 cores, so latencies include their work too.\n\n${table}\n\nCommand: \`npm run bench:fanout -- --clients ${CLIENTS} --room-size ${ROOM_SIZE} --messages ${MESSAGES}\``,
  );
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
