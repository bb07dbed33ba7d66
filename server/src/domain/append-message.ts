/** Storing one message, the same way for rooms and private conversations. */
import { randomUUID } from "node:crypto";
import type { Actor } from "./actor";
import type { Clock } from "./clock";
import { conflict } from "./errors";
import type { AppendResult, Store } from "../storage/ports";

/** Appends under the next seq of `placeId`, or returns the author's earlier message with that clientMsgId. */
export async function appendMessage(
  deps: { store: Store; clock: Clock },
  actor: Actor,
  placeId: string,
  input: { clientMsgId: string; body: string; held?: boolean },
): Promise<AppendResult> {
  const result = await deps.store.messages.append({
    id: randomUUID(),
    roomId: placeId,
    authorId: actor.userId,
    authorName: actor.displayName,
    body: input.body,
    clientMsgId: input.clientMsgId,
    createdAt: deps.clock.now(),
    ...(input.held ? { held: true } : {}),
  });
  // A client id is the author's own; someone else's id must not reveal that message to them.
  if (result.message.authorId !== actor.userId) throw conflict("That clientMsgId is already in use.");
  return result;
}
