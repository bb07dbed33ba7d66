import type { Config } from "../config";
import type { Logger } from "../logger";
import type { Services } from "../services";
import type { OncallWebhook } from "../notify/oncall-webhook";
import type { AccessEviction } from "./access-eviction";
import type { EventLimits } from "./event-limits";
import type { FloodControl } from "./flood-control";
import type { HavenServer } from "./types";

/** What every handler file receives: no globals, so tests can build as many gateways as they like. */
export interface GatewayContext {
  io: HavenServer;
  logger: Logger;
  services: Services;
  config: Pick<Config, "typingMinIntervalMs">;
  flood: FloodControl;
  /** Per-socket and per-user limits on every event, installed on each connection first. */
  limits: EventLimits;
  /** False while cross-node requests cannot be answered (Redis down): presence then counts this node only. */
  fanoutHealthy: () => boolean;
  /** Carries changes of access out on live sockets, on every node. */
  eviction: AccessEviction;
  /** The on-call webhook, when the deployment configured one. */
  oncall?: OncallWebhook;
}
