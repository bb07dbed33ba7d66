/**
 * A Socket.IO client reduced to what the benchmark needs, over a raw `ws` socket: the Engine.IO v4
 * and Socket.IO v5 text framing by hand (open, ping/pong, connect with auth, events, acks), so the
 * load generator costs far less than the servers it drives. socket.io-client would do, at several
 * times the CPU per message, and a generator that is the bottleneck measures nothing.
 */
import { WebSocket } from "ws";

export interface LightSocket {
  emit(event: string, payload: unknown, ack?: (response: unknown) => void): void;
  /** Each broadcast message as the raw frame's text: the generator reads one field and parses nothing. */
  onMessage(listener: (frame: string) => void): void;
  close(): void;
}

const MESSAGE_FRAME = '42["message:created",';

export function connectLight(url: string, auth: Record<string, unknown> | null): Promise<LightSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${url.replace(/^http/, "ws")}/socket.io/?EIO=4&transport=websocket`);
    const acks = new Map<number, (r: unknown) => void>();
    let onMessage: ((frame: string) => void) | null = null;
    let nextId = 1;
    const socket: LightSocket = {
      emit(event, payload, ack) {
        if (!ack) return ws.send(`42${JSON.stringify([event, payload])}`);
        const id = nextId++;
        acks.set(id, ack);
        ws.send(`42${id}${JSON.stringify([event, payload])}`);
      },
      onMessage: (listener) => void (onMessage = listener),
      close: () => ws.close(),
    };
    ws.on("error", reject);
    ws.on("message", (data) => {
      const text = data.toString();
      if (text.startsWith(MESSAGE_FRAME)) return onMessage?.(text);
      const type = text[0];
      if (type === "0") ws.send(`40${auth ? JSON.stringify(auth) : ""}`);
      else if (type === "2") ws.send("3");
      else if (type !== "4") return;
      const kind = text[1];
      if (kind === "0") resolve(socket);
      else if (kind === "4") reject(new Error(`refused: ${text.slice(2)}`));
      else if (kind === "3") {
        let i = 2;
        while (i < text.length && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) i++;
        const id = i > 2 ? Number(text.slice(2, i)) : null;
        if (id === null) return;
        acks.get(id)?.((JSON.parse(text.slice(i)) as unknown[])[0]);
        acks.delete(id);
      }
    });
  });
}

/** The raw websocket baseline: the same shape over bare text frames (bare-server.ts, ws). */
export function connectRaw(url: string, room: string): Promise<LightSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${url.replace(/^http/, "ws")}/?room=${encodeURIComponent(room)}`);
    let listener: ((frame: string) => void) | null = null;
    ws.on("error", reject);
    ws.on("open", () =>
      resolve({
        emit: (_event, payload, ack) => {
          ws.send(JSON.stringify(payload));
          ack?.({ ok: true });
        },
        onMessage: (l) => void (listener = l),
        close: () => ws.close(),
      }),
    );
    ws.on("message", (data) => listener?.(data.toString()));
  });
}
