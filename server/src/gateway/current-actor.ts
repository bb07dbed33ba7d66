/**
 * Before each event, the socket's actor is read again from the store, so a role changed or an
 * account deleted since the handshake (by an admin, or the CLI on another machine) counts from the
 * next event on, on whichever node the socket is. Installed after the event limits, so a flood is
 * refused before it costs a read.
 */
import type { Ack } from "../../../shared/ack";
import type { ErrorCode } from "../../../shared/errors";
import { isStaff } from "../domain/actor";
import type { AccountService } from "../domain/accounts";
import type { Logger } from "../logger";
import { StoreUnavailableError } from "../storage/ports";
import { STAFF_CHANNEL, type HavenSocket } from "./types";

function answer(packet: unknown[], code: ErrorCode, message: string): void {
  const ack = packet.length > 1 ? packet[packet.length - 1] : undefined;
  if (typeof ack === "function") (ack as (a: Ack<never>) => void)({ ok: false, error: { code, message } });
}

export function refreshActorOnEvents(socket: HavenSocket, accounts: AccountService, logger: Logger): void {
  socket.use((packet, next) => {
    accounts.actorFor(socket.data.userId).then(
      (actor) => {
        if (!actor) {
          answer(packet, "unauthenticated", "Sign in again.");
          socket.disconnect(true);
          return;
        }
        if (isStaff(actor) !== isStaff(socket.data)) {
          // Crisis alerts go to the staff channel: it follows the role as it is now.
          if (isStaff(actor)) void socket.join(STAFF_CHANNEL);
          else void socket.leave(STAFF_CHANNEL);
        }
        socket.data.role = actor.role;
        socket.data.displayName = actor.displayName;
        next();
      },
      (err: unknown) => {
        if (!(err instanceof StoreUnavailableError)) logger.error({ err, socketId: socket.id }, "could not load the account for an event");
        answer(packet, "unavailable", "The service is briefly unavailable; please retry.");
      },
    );
  });
}
