import express, { type Express } from "express";
import helmet from "helmet";
import type { LoginThrottle } from "../auth/login-throttle";
import type { TokenService } from "../auth/tokens";
import type { Logger } from "../logger";
import type { Services } from "../services";
import { adminRoutes } from "./admin.routes";
import { authRoutes } from "./auth.routes";
import { errorHandler, notFoundHandler } from "./errors";
import type { CrisisResource } from "../../../shared/dto";
import { conversationRoutes, type ConversationEvents } from "./conversations.routes";
import { healthRoutes, type ReadinessCheck } from "./health.routes";
import { sessionRoutes, type SessionEvents } from "./sessions.routes";
import { staticClient } from "./static-client";
import { meRoutes } from "./me.routes";
import type { ErasureOutcome } from "../domain/account-erasure";

export interface HttpDeps {
  services: Services;
  tokens: TokenService;
  throttle: LoginThrottle;
  logger: Logger;
  trustProxy: boolean;
  readiness: () => ReadinessCheck[];
  /** Called after an account's role or status changed, so its open connections can be made to re-authenticate. */
  onAccountChanged: (userId: string) => void;
  /** Called after an account was erased: its sockets close and open clients drop its messages. */
  onAccountErased: (outcome: ErasureOutcome) => void;
  sessionEvents: SessionEvents;
  conversationEvents: ConversationEvents;
  crisisResources: CrisisResource[];
}

export function createHttpApp(deps: HttpDeps): Express {
  const app = express();
  app.disable("x-powered-by");
  // Behind the load balancer, req.ip must be the client's address for per-IP sign-in throttling.
  app.set("trust proxy", deps.trustProxy ? 1 : false);

  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", "data:"],
          fontSrc: ["'self'"],
          connectSrc: ["'self'"],
          objectSrc: ["'none'"],
          baseUri: ["'none'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
        },
      },
      // A sensitive-topic site: never tell the next site where the person came from.
      referrerPolicy: { policy: "no-referrer" },
    }),
  );
  app.use(express.json({ limit: "64kb" }));

  app.use(healthRoutes(deps.readiness));
  app.use("/api/auth", authRoutes({ accounts: deps.services.accounts, tokens: deps.tokens, throttle: deps.throttle, logger: deps.logger }));
  app.use("/api/admin", adminRoutes({
      accounts: deps.services.accounts,
      audit: deps.services.audit,
      lexicon: deps.services.lexicon,
      lexiconStats: deps.services.lexiconStats,
      labels: deps.services.labels,
      flags: deps.services.flags,
      tokens: deps.tokens,
      onAccountChanged: deps.onAccountChanged,
      erasure: deps.services.erasure,
      onAccountErased: deps.onAccountErased,
    }));
  app.use(
    "/api/me",
    meRoutes({
      accounts: deps.services.accounts,
      exports: deps.services.exports,
      erasure: deps.services.erasure,
      tokens: deps.tokens,
      throttle: deps.throttle,
      onAccountErased: deps.onAccountErased,
    }),
  );
  app.use(
    "/api/sessions",
    sessionRoutes({ sessions: deps.services.sessions, accounts: deps.services.accounts, tokens: deps.tokens, events: deps.sessionEvents }),
  );
  app.use(
    "/api",
    conversationRoutes({
      conversations: deps.services.conversations,
      accounts: deps.services.accounts,
      tokens: deps.tokens,
      resources: deps.crisisResources,
      events: deps.conversationEvents,
    }),
  );
  app.use("/api", notFoundHandler);
  app.use(staticClient());
  app.use(notFoundHandler);
  app.use(errorHandler(deps.logger));
  return app;
}
