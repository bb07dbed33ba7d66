/**
 * The two baselines of `npm run bench:compare`, each in its own process so its CPU and memory are
 * its own: a bare Socket.IO broadcast server and a raw `ws` one, doing only what a chat room needs
 * (join a room, broadcast a message to it, ack the sender). Neither stores anything.
 *
 *   node --import tsx bench/compare/bare-server.ts socketio|ws <port>
 */
import { createServer } from "node:http";
import { Server } from "socket.io";
import { WebSocketServer, type WebSocket } from "ws";

const [kind, portText] = process.argv.slice(2);
const port = Number(portText);
const http = createServer();

if (kind === "socketio") {
  const io = new Server(http, { serveClient: false, transports: ["websocket"] });
  io.on("connection", (socket) => {
    socket.on("room:join", (p: { roomId: string }, ack: (r: unknown) => void) => {
      void socket.join(p.roomId);
      ack({ ok: true });
    });
    socket.on("message:send", (p: { roomId: string; body: string }, ack: (r: unknown) => void) => {
      io.to(p.roomId).emit("message:created", { roomId: p.roomId, body: p.body });
      ack({ ok: true });
    });
  });
} else {
  // One text frame per message, the room in the URL: the least a websocket broadcast can do.
  const rooms = new Map<string, Set<WebSocket>>();
  const wss = new WebSocketServer({ server: http });
  wss.on("connection", (ws, req) => {
    const room = new URL(req.url ?? "/", "http://x").searchParams.get("room") ?? "";
    const members = rooms.get(room) ?? new Set();
    rooms.set(room, members);
    members.add(ws);
    ws.on("close", () => members.delete(ws));
    ws.on("message", (data) => {
      const text = data.toString();
      for (const m of members) m.send(text);
    });
  });
}

http.listen(port, "127.0.0.1", () => console.log("listening"));
