/** The "anonymous" column of every matrix: no token, no socket, so every event is out of reach. */
import { io as connect } from "socket.io-client";

export async function expectHandshakeRefused(url: string): Promise<void> {
  const socket = connect(url, { transports: ["websocket"], reconnection: false, forceNew: true });
  const err = await new Promise<Error>((resolve) => socket.once("connect_error", resolve));
  socket.disconnect();
  expect(err.message).toBe("unauthenticated");
}
