/**
 * Limits on connections themselves, before any event: open connections per client address and
 * sockets per user on this node, and a deadline for the handshake's authentication. Without them one
 * address could open sockets until the node runs out of file descriptors, and a signed-in account
 * could hold thousands of sockets, each costing memory and a share of every broadcast.
 */
import type { IncomingMessage, Server } from "node:http";
import type { Socket } from "node:net";
import { throttleAddress } from "../auth/client-address";
import type { HavenServer } from "./types";

export interface ConnectionLimitSettings {
  perAddress: number;
  perUser: number;
  /** TRUST_PROXY: the client address is the last hop of X-Forwarded-For. */
  trustProxy: boolean;
}

type AllowRequest = (req: IncomingMessage, callback: (err: string | null | undefined, success: boolean) => void) => void;

export function clientAddressOf(req: IncomingMessage, trustProxy: boolean): string {
  const forwarded = req.headers["x-forwarded-for"];
  const hops = trustProxy && typeof forwarded === "string" ? forwarded.split(",").map((h) => h.trim()).filter(Boolean) : [];
  return throttleAddress(hops[hops.length - 1] ?? req.socket.remoteAddress);
}

export interface ConnectionLimits {
  /** Wraps engine.io's allowRequest: a new connection from an address at its limit is refused (403). */
  allowRequest(inner: AllowRequest): AllowRequest;
  /** Counts connections and installs the per-user check; call once, after the token middleware. */
  install(io: HavenServer): void;
  /**
   * Caps TCP connections of any kind (slow HTTP requests too) per address on the HTTP server. Only
   * without TRUST_PROXY: behind a proxy every connection comes from the proxy, which limits them.
   */
  guardTcp(server: Server): void;
}

// Room for a browser's own HTTP keep-alive connections beside its websockets.
const TCP_SLACK = 16;

export function createConnectionLimits(settings: ConnectionLimitSettings): ConnectionLimits {
  const byAddress = new Map<string, number>();
  const byUser = new Map<string, number>();
  const release = (map: Map<string, number>, key: string) => {
    const n = (map.get(key) ?? 1) - 1;
    if (n <= 0) map.delete(key);
    else map.set(key, n);
  };

  return {
    allowRequest: (inner) => (req, callback) => {
      if ((byAddress.get(clientAddressOf(req, settings.trustProxy)) ?? 0) >= settings.perAddress) {
        return callback("too many connections from this address", false);
      }
      inner(req, callback);
    },

    guardTcp(server) {
      if (settings.trustProxy) return;
      const byPeer = new Map<string, number>();
      server.on("connection", (socket: Socket) => {
        const address = throttleAddress(socket.remoteAddress);
        const n = (byPeer.get(address) ?? 0) + 1;
        if (n > settings.perAddress + TCP_SLACK) {
          socket.destroy();
          return;
        }
        byPeer.set(address, n);
        socket.once("close", () => release(byPeer, address));
      });
    },

    install(io) {
      // Counted when engine.io accepts the connection, which follows allowRequest synchronously, so
      // concurrent handshakes cannot all pass the check before any is counted.
      io.engine.on("connection", (conn: { request: IncomingMessage; once(e: "close", f: () => void): void }) => {
        const address = clientAddressOf(conn.request, settings.trustProxy);
        byAddress.set(address, (byAddress.get(address) ?? 0) + 1);
        conn.once("close", () => release(byAddress, address));
      });
      io.use((socket, next) => {
        const { userId } = socket.data;
        if ((byUser.get(userId) ?? 0) >= settings.perUser) return next(new Error("rate_limited"));
        // Reserved now and given back when the connection closes, whether or not it ever connected.
        byUser.set(userId, (byUser.get(userId) ?? 0) + 1);
        socket.conn.once("close", () => release(byUser, userId));
        next();
      });
    },
  };
}
