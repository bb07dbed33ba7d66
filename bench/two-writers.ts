/**
 * Several nodes writing to one room on the MongoDB path. One room already holding `--prefill`
 * messages; senders spread over one node, then over two (Redis between them), sending open-loop at
 * each step of `--rates` (messages per second into the room) for `--seconds`. Reports ack p50/p99,
 * refusals, sends unanswered after 10 s, and whether the room's history is gap-free at the end.
 * Runs FerretDB on the backend given (`--backend sqlite|postgresql`; see ferretdb-postgres.ts).
 *
 *   npm run bench:two-writers -- [--backend postgresql] [--rates 10,50,100] [--seconds 10] [--prefill 3000]
 */
import { randomBytes, randomUUID } from "node:crypto";
import mongoose from "mongoose";
import { parseArgs } from "node:util";
import { startCluster, type Cluster } from "../test/support/cluster";
import { expectOk, request, type ClientSocket } from "../test/support/server";
import { startRedis } from "../test/support/services";
import { startFerret, type FerretBackend } from "./ferretdb-postgres";
import { percentile, writeBenchmarkSection } from "./report";
import { seqFilter } from "../server/src/storage/mongo/messages.store";

const { values } = parseArgs({
  options: {
    backend: { type: "string", default: "postgresql" },
    rates: { type: "string", default: "10,50,100" },
    seconds: { type: "string", default: "10" },
    prefill: { type: "string", default: "3000" },
    senders: { type: "string", default: "8" },
  },
});
const BACKEND = values.backend as FerretBackend;
const RATES = values.rates.split(",").map(Number);
const SECONDS = Number(values.seconds);
const PREFILL = Number(values.prefill);
const SENDERS_PER_NODE = Number(values.senders);
const UNANSWERED_MS = 10_000;

interface Step {
  nodes: number;
  rate: number;
  sent: number;
  acked: number;
  refused: Record<string, number>;
  unanswered: number;
  p50: number;
  p99: number;
  gapFree: boolean;
}

/** Messages already in the room, written straight to the database: the last-seq read must not grow with them. */
async function prefill(uri: string, roomId: string, authorId: string): Promise<void> {
  const client = await mongoose.mongo.MongoClient.connect(uri);
  try {
    const docs = Array.from({ length: PREFILL }, (_, i) => ({
      _id: randomUUID(),
      roomId,
      seq: i + 1,
      authorId,
      authorName: "earlier",
      // Erased messages: a valid stored state that needs no key to read.
      body: "",
      clientMsgId: randomUUID(),
      createdAt: new Date(),
      deletedAt: new Date(),
      held: false,
      editedAt: null,
    }));
    for (let i = 0; i < docs.length; i += 1000) await client.db().collection("messages").insertMany(docs.slice(i, i + 1000) as never[]);
  } finally {
    await client.close();
  }
}

async function seqsOf(uri: string, roomId: string): Promise<number[]> {
  const client = await mongoose.mongo.MongoClient.connect(uri);
  try {
    const docs = await client.db().collection("messages").find({ roomId }, { projection: { seq: 1 } }).toArray();
    return docs.map((d) => Number(d.seq)).sort((a, b) => a - b);
  } finally {
    await client.close();
  }
}

/** How the server runs the last-seq point lookup (storage/mongo/seq-probe.ts), from its own explain. */
async function lookupPlan(uri: string): Promise<string> {
  const client = await mongoose.mongo.MongoClient.connect(uri);
  try {
    const plan = (await client.db().collection("messages").find(seqFilter("any room", 1)).limit(1).explain()) as Record<string, unknown>;
    const text = JSON.stringify(plan);
    if ("filterPushdown" in plan) {
      const node = /"Node Type":"([^"]+)"/.exec(text)?.[1] ?? /detail=([A-Z]+ [^"]+)/.exec(text)?.[1] ?? "?";
      return `filter pushed down to the backend: ${String(plan.filterPushdown)}; backend plan: ${node}`;
    }
    return `${/"IXSCAN"/.test(text) ? "IXSCAN" : "no index scan"}${/roomId_1_seq_1/.test(text) ? " on roomId_1_seq_1" : ""}`;
  } finally {
    await client.close();
  }
}

async function step(cluster: Cluster, uri: string, nodes: number, rate: number): Promise<Step> {
  const mod = await cluster.connectAs(cluster.nodes[0]!, "moderator");
  const room = expectOk(await request(mod.socket, "room:create", { name: `two writers ${randomUUID()}` }));
  await prefill(uri, room.id, mod.user.id);
  const senders: ClientSocket[] = [];
  for (let n = 0; n < nodes; n++) {
    for (let i = 0; i < SENDERS_PER_NODE; i++) {
      const { socket } = await cluster.connectAs(cluster.nodes[n]!, "member");
      expectOk(await request(socket, "room:join", { roomId: room.id }));
      senders.push(socket);
    }
  }
  const latencies: number[] = [];
  const refused: Record<string, number> = {};
  let acked = 0;
  const total = rate * SECONDS;
  const answers: Promise<void>[] = [];
  const started = Date.now();
  for (let i = 0; i < total; i++) {
    const wait = started + (i * 1000) / rate - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const socket = senders[i % senders.length]!;
    const t0 = Date.now();
    answers.push(
      new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, UNANSWERED_MS);
        socket.emit("message:send", { roomId: room.id, clientMsgId: randomUUID(), body: "a message of about the usual length" }, (r) => {
          clearTimeout(timer);
          if (r.ok) {
            acked++;
            latencies.push(Date.now() - t0);
          } else refused[r.error.code] = (refused[r.error.code] ?? 0) + 1;
          resolve();
        });
      }),
    );
  }
  await Promise.all(answers);
  const answered = acked + Object.values(refused).reduce((a, b) => a + b, 0);
  for (const s of senders) s.disconnect();
  mod.socket.disconnect();
  const seqs = await seqsOf(uri, room.id);
  latencies.sort((a, b) => a - b);
  return {
    nodes,
    rate,
    sent: total,
    acked,
    refused,
    unanswered: total - answered,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    gapFree: seqs.length === PREFILL + acked && seqs.every((s, i) => s === i + 1),
  };
}

async function main(): Promise<void> {
  const ferret = await startFerret(BACKEND);
  const redis = await startRedis();
  const steps: Step[] = [];
  let plan = "";
  try {
    for (const nodes of [1, 2]) {
      const uri = `${ferret.url}/haven_two_writers_${randomBytes(4).toString("hex")}`;
      const cluster = await startCluster(nodes, { redisUrl: redis.url, mongoUri: uri, env: { MESSAGE_RATE_LIMIT: "100000", EVENT_SOCKET_BURST: "100000000", EVENT_USER_LIMIT_WRITE: "100000000" } });
      try {
        for (const rate of RATES) {
          const s = await step(cluster, uri, nodes, rate);
          steps.push(s);
          console.log(JSON.stringify(s));
        }
        plan = await lookupPlan(uri);
      } finally {
        await cluster.close();
      }
    }
  } finally {
    await redis.stop();
    await ferret.stop();
  }
  const table = [
    "| nodes | sends/s into the room | sent | acked | refused | unanswered after 10 s | ack p50 ms | ack p99 ms | history gap-free |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ...steps.map(
      (s) =>
        `| ${s.nodes} | ${s.rate} | ${s.sent} | ${s.acked} | ${Object.entries(s.refused).map(([k, v]) => `${k} ${v}`).join(", ") || "0"} | ${s.unanswered} | ${s.p50.toFixed(0)} | ${s.p99.toFixed(0)} | ${s.gapFree ? "yes" : "NO"} |`,
    ),
  ].join("\n");
  console.log(table);
  console.log(`last-seq lookup: ${plan}`);
  writeBenchmarkSection(
    `two-writers-${BACKEND}`,
    `## Two nodes writing to one room (FerretDB, ${BACKEND} backend)\n\nOne room that already holds ${PREFILL} messages; ${SENDERS_PER_NODE} senders per node, open-loop at each rate for ${SECONDS} s, first on one node, then spread over two nodes joined by Redis, both on the same database. Acks are timed from the send; a send with no answer after 10 s counts as unanswered. At the end the room's stored seqs must run 1..n without a gap.\n\n${table}\n\nThe last-seq lookup (a point on {roomId, seq}), as the server explains it: ${plan}.\n\nCommand: \`npm run bench:two-writers -- --backend ${BACKEND} --rates ${RATES.join(",")} --seconds ${SECONDS} --prefill ${PREFILL}\``,
  );
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
