/**
 * Caps what may wait unsent to one socket. A client that stops reading (on purpose, pipelining
 * history requests it never reads, or a phone on a stalled network in a busy room) makes the node
 * hold every answer and broadcast for it; past `maxBytes` the connection is cut, and its buffers are
 * freed at once instead of when the peer would have acknowledged a close.
 *
 * engine.io queues packets in the socket's writeBuffer while its transport is busy, then hands them
 * to the transport (the ws socket's own buffer). Socket.IO has no setting for either, so both are
 * counted here: bytes queued since the last flush, plus what the websocket still holds.
 */
import type { Logger } from "../logger";
import { logThrottle } from "./log-throttle";
import type { HavenServer, HavenSocket } from "./types";

interface EnginePacket {
  data?: unknown;
}
interface WsLike {
  bufferedAmount?: number;
  terminate?: () => void;
}

const sizeOf = (data: unknown): number =>
  typeof data === "string" ? Buffer.byteLength(data, "utf8") : Buffer.isBuffer(data) ? data.length : data instanceof ArrayBuffer ? data.byteLength : 0;

export function capUnsentBytes(io: HavenServer, maxBytes: number, logger: Logger): void {
  const cutLog = logThrottle(60_000);
  io.on("connection", (socket: HavenSocket) => {
    const conn = socket.conn;
    const ws = (): WsLike | undefined => (conn.transport as unknown as { socket?: WsLike }).socket;
    let queued = 0;
    let cut = false;
    conn.on("packetCreate", (packet: EnginePacket) => {
      if (cut) return;
      queued += sizeOf(packet.data);
      const unsent = queued + (ws()?.bufferedAmount ?? 0);
      if (unsent <= maxBytes) return;
      cut = true;
      cutLog(socket, (suppressed) =>
        logger.warn({ socketId: socket.id, userId: socket.data.userId, unsentBytes: unsent, suppressed }, "client not reading; connection closed"),
      );
      // Terminate, not close: a close handshake would wait for the very peer that is not reading.
      ws()?.terminate?.();
      conn.close(true);
    });
    // Handed to the transport: from here on the websocket's own count says what is still unsent.
    conn.on("flush", () => (queued = 0));
  });
}
