/** Builds the domain services once, over whichever store the deployment uses. */
import { createAccountService, type AccountService } from "./domain/accounts";
import type { Clock } from "./domain/clock";
import { createMessageService, type MessageService } from "./domain/messages";
import { createRoomService, type RoomService } from "./domain/rooms";
import type { Store } from "./storage/ports";

export interface Services {
  accounts: AccountService;
  rooms: RoomService;
  messages: MessageService;
}

export function createServices(deps: { store: Store; clock: Clock; passwordCost: number }): Services {
  const rooms = createRoomService(deps);
  return {
    accounts: createAccountService(deps),
    rooms,
    messages: createMessageService({ ...deps, rooms }),
  };
}
