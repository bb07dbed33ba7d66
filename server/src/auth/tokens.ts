/** Short-lived HS256 access tokens. The token names the user; their role is read fresh from the store. */
import jwt from "jsonwebtoken";

export interface TokenService {
  issue(userId: string): { token: string; expiresAt: Date };
  /** The user id, or null for a missing, malformed, forged or expired token. */
  verify(token: unknown): string | null;
}

const ISSUER = "haven";

export function createTokenService(options: { secret: string; ttlSeconds: number; now?: () => Date }): TokenService {
  const now = options.now ?? (() => new Date());
  return {
    issue(userId) {
      const iat = Math.floor(now().getTime() / 1000);
      const exp = iat + options.ttlSeconds;
      const token = jwt.sign({ sub: userId, iat, exp }, options.secret, { algorithm: "HS256", issuer: ISSUER });
      return { token, expiresAt: new Date(exp * 1000) };
    },
    verify(token) {
      if (typeof token !== "string" || token.length === 0 || token.length > 4096) return null;
      try {
        const payload = jwt.verify(token, options.secret, {
          algorithms: ["HS256"],
          issuer: ISSUER,
          clockTimestamp: Math.floor(now().getTime() / 1000),
        });
        return typeof payload === "object" && typeof payload.sub === "string" ? payload.sub : null;
      } catch {
        return null;
      }
    },
  };
}
