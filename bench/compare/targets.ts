/**
 * The servers `npm run bench:compare` drives: the two bare baselines (bare-server.ts), Haven on the
 * embedded store, and Haven on MongoDB (FerretDB) as one node and as two nodes over Redis. Each is
 * started once and offers the same connect/join to the load generator.
 */
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import path from "node:path";
import { startCluster, type Cluster } from "../../test/support/cluster";
import { expectOk, request, type ClientSocket } from "../../test/support/server";
import { freePort, waitForPort } from "../../test/support/services";
import { connectLight, connectRaw, type LightSocket } from "./eio-client";

export interface Target {
  name: string;
  /** Opens member `i` of a room's connection and puts it in the room. */
  member(room: number, i: number): Promise<LightSocket>;
  /** The payload of one send: what the server's send event takes. */
  send(room: number, body: string): unknown;
  pids(): number[];
  /** Every room's stored seqs, for the gap check; null for servers that store nothing. */
  seqs(): Promise<number[][] | null>;
  stop(): Promise<void>;
}

const LIMITS = { MESSAGE_RATE_LIMIT: "1000000", EVENT_SOCKET_BURST: "100000000", EVENT_USER_LIMIT_WRITE: "100000000", EVENT_USER_LIMIT_READ: "100000000" };

export async function bareTarget(kind: "socketio" | "ws", rooms: number): Promise<Target> {
  const port = await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", path.join(__dirname, "bare-server.ts"), kind, String(port)], { stdio: "ignore" });
  await waitForPort(port, child);
  const url = `http://127.0.0.1:${port}`;
  const roomIds = Array.from({ length: rooms }, () => randomUUID());
  return {
    name: kind === "ws" ? "raw ws" : "bare Socket.IO",
    async member(room) {
      if (kind === "ws") return connectRaw(url, roomIds[room]!);
      const s = await connectLight(url, null);
      await new Promise((r) => s.emit("room:join", { roomId: roomIds[room] }, r));
      return s;
    },
    send: (room, body) => ({ roomId: roomIds[room], body }),
    pids: () => [child.pid!],
    seqs: async () => null,
    async stop() {
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await exited;
    },
  };
}

export async function havenTarget(name: string, nodes: number, rooms: number, roomSize: number, store: { mongoUri?: string; redisUrl?: string }): Promise<Target> {
  const cluster: Cluster = await startCluster(nodes, { ...store, env: LIMITS });
  // Rooms are spread over the nodes: room r lives on node r mod n, as a load balancer with
  // session affinity by room would place them.
  const nodeOf = (room: number) => cluster.nodes[room % nodes]!;
  const roomIds: string[] = [];
  const tokens: string[][] = [];
  const mods: ClientSocket[] = [];
  for (let r = 0; r < rooms; r++) {
    const mod = await cluster.connectAs(nodeOf(r), "moderator");
    mods.push(mod.socket);
    roomIds.push(expectOk(await request(mod.socket, "room:create", { name: `compare ${randomUUID()}` })).id);
    const users = await Promise.all(Array.from({ length: roomSize }, () => cluster.createUser("member")));
    tokens.push(users.map(({ user }) => cluster.tokenFor(user.id)));
  }
  return {
    name,
    async member(room, i) {
      const s = await connectLight(nodeOf(room).url, { token: tokens[room]![i % roomSize] });
      const joined = await new Promise<{ ok: boolean }>((r) => s.emit("room:join", { roomId: roomIds[room] }, (x) => r(x as { ok: boolean })));
      if (!joined.ok) throw new Error(`join refused: ${JSON.stringify(joined)}`);
      return s;
    },
    send: (room, body) => ({ roomId: roomIds[room], clientMsgId: randomUUID(), body }),
    pids: () => cluster.nodes.map((n) => n.pid()!),
    async seqs() {
      const all: number[][] = [];
      for (let r = 0; r < rooms; r++) {
        const seqs: number[] = [];
        for (;;) {
          const page = expectOk(await request(mods[r]!, "message:history", { roomId: roomIds[r]!, after: seqs.at(-1) ?? 0, limit: 100 }));
          seqs.push(...page.messages.map((m) => m.seq));
          if (page.messages.length === 0) break;
        }
        all.push(seqs);
      }
      return all;
    },
    stop: () => cluster.close(),
  };
}
