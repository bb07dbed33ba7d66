/**
 * Store-then-ack latency: the time from emitting message:send to receiving its ack, which includes
 * validation, the membership check and the durable write. Runs a real server over SQLite and, when
 * FerretDB is installed (or MONGODB_URI is set), over MongoDB; writes docs/benchmarks.md.
 *
 *   npm run bench -- [--messages 10000] [--senders 4]
 */
import { randomBytes, randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import { createFieldCipher, parseDataKeys } from "../server/src/storage/encryption/field-cipher";
import { openMongoStore } from "../server/src/storage/mongo/open-mongo-store";
import type { Store } from "../server/src/storage/ports";
import { expectOk, request, startTestServer } from "../test/support/server";
import { mongoForTests, serviceBin } from "../test/support/services";
import { percentile, writeBenchmarkSection } from "./report";

const { values } = parseArgs({ options: { messages: { type: "string", default: "10000" }, senders: { type: "string", default: "4" } } });
const TOTAL = Number(values.messages);
const BODY = "I have been feeling a bit better this week, thanks for asking. Sleep is still hard though.";
const SENDERS = Number(values.senders);

interface Result {
  store: string;
  messages: number;
  senders: number;
  p50: number;
  p99: number;
  max: number;
  perSecond: number;
}

async function measure(label: string, store?: Store, sealAtRest = true): Promise<Result> {
  // Flood control would refuse a benchmark's back-to-back sends; this measures the store path.
  const server = await startTestServer({ store, sealAtRest, env: { MESSAGE_RATE_LIMIT: "100000000", EVENT_SOCKET_BURST: "100000000", EVENT_USER_LIMIT_WRITE: "100000000", PASSWORD_HASH_QUEUE: "1000" } });
  try {
    const mod = await server.connectAs("moderator");
    const room = expectOk(await request(mod.socket, "room:create", { name: "bench" }));
    const senders = await Promise.all(Array.from({ length: SENDERS }, () => server.connectAs("member")));
    for (const s of senders) expectOk(await request(s.socket, "room:join", { roomId: room.id }));
    const body = BODY;

    // Warm-up: the first writes pay for page allocation and JIT.
    for (let i = 0; i < 200; i++) expectOk(await request(senders[0]!.socket, "message:send", { roomId: room.id, clientMsgId: randomUUID(), body }));

    const latencies: number[] = [];
    const perSender = Math.ceil(TOTAL / SENDERS);
    const started = process.hrtime.bigint();
    await Promise.all(
      senders.map(async ({ socket }) => {
        for (let i = 0; i < perSender; i++) {
          const t0 = process.hrtime.bigint();
          expectOk(await request(socket, "message:send", { roomId: room.id, clientMsgId: randomUUID(), body }));
          latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
        }
      }),
    );
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    latencies.sort((a, b) => a - b);
    return {
      store: label,
      messages: latencies.length,
      senders: SENDERS,
      p50: percentile(latencies, 0.5),
      p99: percentile(latencies, 0.99),
      max: latencies[latencies.length - 1] ?? 0,
      perSecond: latencies.length / seconds,
    };
  } finally {
    await server.close();
  }
}

/** Sealing and opening one body of the benchmark's size, alone: the cipher's share of each send. */
function cipherMicroseconds(body: string): { seal: number; open: number } {
  const cipher = createFieldCipher(parseDataKeys(`k:${randomBytes(32).toString("base64")}`));
  const n = 20_000;
  let sealed = "";
  let t = process.hrtime.bigint();
  for (let i = 0; i < n; i++) sealed = cipher.seal(body, `message:${i}`);
  const seal = Number(process.hrtime.bigint() - t) / 1e3 / n;
  t = process.hrtime.bigint();
  for (let i = 0; i < n; i++) cipher.open(sealed, `message:${n - 1}`);
  return { seal, open: Number(process.hrtime.bigint() - t) / 1e3 / n };
}

async function main(): Promise<void> {
  // Sealed (as deployed) and plain, one after the other on the same machine: the difference is encryption's cost.
  const results: Result[] = [await measure("SQLite (embedded, WAL), sealed at rest"), await measure("SQLite (embedded, WAL), plain", undefined, false)];
  if (serviceBin("ferretdb") || process.env.MONGODB_URI) {
    const mongo = await mongoForTests();
    const label = process.env.MONGODB_URI ? "MongoDB (MONGODB_URI)" : "FerretDB 1.24 (SQLite backend)";
    const open = () =>
      openMongoStore({
        uri: mongo.uri(`haven_bench_${randomBytes(4).toString("hex")}`),
        autoIndex: true,
        writeConcern: { w: "majority", journal: true },
        serverSelectionTimeoutMs: 2000,
      });
    try {
      results.push(await measure(`${label}, sealed at rest`, await open()));
      results.push(await measure(`${label}, plain`, await open(), false));
    } finally {
      await mongo.stop();
    }
  } else {
    console.error("FerretDB is not installed and MONGODB_URI is not set: measuring SQLite only.");
  }
  const micro = cipherMicroseconds(BODY);
  const rows = results.map(
    (r) => `| ${r.store} | ${r.messages} | ${r.senders} | ${r.p50.toFixed(2)} | ${r.p99.toFixed(2)} | ${r.max.toFixed(1)} | ${Math.round(r.perSecond)} |`,
  );
  const table = [
    "| store | messages | concurrent senders | p50 ms | p99 ms | max ms | messages/s |",
    "| --- | --- | --- | --- | --- | --- | --- |",
    ...rows,
  ].join("\n");
  console.log(table);
  writeBenchmarkSection(
    "store-then-ack",
    `## Store-then-ack latency\n\nTime from emitting \`message:send\` to receiving its ack over a real Socket.IO connection on loopback: validation, the membership check and the durable write (write concern majority with journal on MongoDB). One room, ${SENDERS} senders sending back to back.\n\n${table}\n\nSealing at rest (AES-256-GCM, docs/privacy.md) alone takes ${micro.seal.toFixed(1)} µs per body and opening it ${micro.open.toFixed(1)} µs; "plain" rows are the same server without it, run right after, for comparison.\n\nCommand: \`npm run bench -- --messages ${TOTAL} --senders ${SENDERS}\`\n\nFerretDB stands in for MongoDB in the tests; it is not a production database, so read its row as\nthe cost of the protocol path and of durable writes, not as MongoDB's speed.`,
  );
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
