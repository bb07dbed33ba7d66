import { readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { envSchema } from "../../server/src/config";

// No Docker engine runs in CI, so the deployment files are checked by reading them.
const root = path.resolve(__dirname, "../..");
interface Service {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  volumes?: string[];
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
}
const compose = parse(readFileSync(path.join(root, "docker-compose.yml"), "utf8"), { merge: true }) as { services: Record<string, Service> };
const services = compose.services;
const nginxConf = readFileSync(path.join(root, "deploy/nginx.conf"), "utf8");
const havenNodes = Object.entries(services).filter(([, s]) => s.environment?.REDIS_URL !== undefined);

/** What docker compose would substitute with nothing set: ${VAR:-default} its default, ${VAR:?message} (required) a sample value. */
const SAMPLES: Record<string, string> = { DATA_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 1).toString("base64")}` };
const substitute = (value: string) =>
  value.replace(/\$\{([A-Z_]+)(?::([?-])([^}]*))?\}/g, (_all, name: string, kind: string | undefined, rest: string | undefined) =>
    kind === "-" ? (rest ?? "") : (SAMPLES[name] ?? "x".repeat(48)),
  );

describe("docker-compose.yml", () => {
  it("runs MongoDB 7 and Redis 7, both with health checks", () => {
    expect(services.mongo?.image).toBe("mongo:7");
    expect(services.mongo?.healthcheck?.test.join(" ")).toContain("ping");
    expect(services.redis?.image).toBe("redis:7");
    expect(services.redis?.healthcheck).toBeDefined();
  });

  it("runs two Haven nodes wired to MongoDB and Redis", () => {
    expect(havenNodes.map(([name]) => name).sort()).toEqual(["haven1", "haven2"]);
    for (const [, node] of havenNodes) {
      expect(node.build).toBeDefined();
      expect(node.environment?.MONGODB_URI).toMatch(/^mongodb:\/\/mongo:27017\//);
      expect(node.environment?.REDIS_URL).toBe("redis://redis:6379");
      expect(node.environment?.NODE_ENV).toBe("production");
      expect(node.environment?.TRUST_PROXY).toBe("true");
      expect(node.depends_on?.migrate?.condition).toBe("service_completed_successfully");
    }
  });

  it("gives every service only variables config.ts knows, with values it accepts", () => {
    const known = Object.keys(envSchema.shape);
    for (const [name, service] of Object.entries(services)) {
      const env = service.environment ?? {};
      if (!service.build && !service.image?.startsWith("haven")) continue;
      for (const key of Object.keys(env)) expect({ service: name, key, known: known.includes(key) }).toEqual({ service: name, key, known: true });
      const resolved = Object.fromEntries(Object.entries(env).map(([k, v]) => [k, substitute(String(v))]));
      const parsed = envSchema.safeParse(resolved);
      expect(parsed.success ? "ok" : parsed.error.message).toBe("ok");
    }
  });

  it("requires JWT_SECRET and DATA_ENCRYPTION_KEYS from the environment instead of shipping them", () => {
    for (const [, node] of havenNodes) expect(node.environment?.JWT_SECRET).toMatch(/^\$\{JWT_SECRET:\?/);
    for (const [, node] of havenNodes) expect(node.environment?.DATA_ENCRYPTION_KEYS).toMatch(/^\$\{DATA_ENCRYPTION_KEYS:\?/);
  });

  it("builds the indexes before the nodes start", () => {
    expect(services.migrate?.command).toEqual(["node", "dist/server/src/cli/db-migrate.js"]);
    expect(services.migrate?.depends_on?.mongo?.condition).toBe("service_healthy");
  });

  it("puts nginx in front with the upgrade headers and sticky sessions to both nodes", () => {
    expect(services.nginx?.ports).toContain("8080:80");
    expect(services.nginx?.volumes).toContain("./deploy/nginx.conf:/etc/nginx/conf.d/default.conf:ro");
    expect(nginxConf).toMatch(/ip_hash;/);
    for (const [name, node] of havenNodes) expect(nginxConf).toContain(`server ${name}:${node.environment?.PORT};`);
    expect(nginxConf).toMatch(/proxy_set_header Upgrade \$http_upgrade;/);
    expect(nginxConf).toMatch(/proxy_set_header Connection \$connection_upgrade;/);
    expect(nginxConf).toMatch(/proxy_http_version 1\.1;/);
  });

  it("limits connections and requests per client address in nginx, and sign-in more tightly", () => {
    expect(nginxConf).toMatch(/limit_conn_zone \$binary_remote_addr zone=haven_conn:\d+m;/);
    expect(nginxConf).toMatch(/^\s*limit_conn haven_conn \d+;/m);
    expect(nginxConf).toMatch(/limit_req_zone \$binary_remote_addr zone=haven_req:\d+m rate=\d+r\/s;/);
    expect(nginxConf).toMatch(/location \/ \{\s*limit_req zone=haven_req /);
    expect(nginxConf).toMatch(/location = \/api\/auth\/login \{\s*limit_req zone=haven_login /);
    expect(nginxConf).toMatch(/limit_conn_status 429;/);
    expect(nginxConf).toMatch(/limit_req_status 429;/);
  });
});
