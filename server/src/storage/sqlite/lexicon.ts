import type { Database } from "better-sqlite3";
import type { LexiconStore } from "../ports";
import { run } from "./errors";

interface Row {
  version: number;
  override: string;
  created_by: string;
  created_at: number;
}

export function sqliteLexiconStore(db: Database): LexiconStore {
  const latest = db.prepare<[], Row>("SELECT * FROM lexicon_versions ORDER BY version DESC LIMIT 1");
  const insert = db.prepare("INSERT INTO lexicon_versions (version, override, created_by, created_at) VALUES (?, ?, ?, ?)");
  return {
    latest: () =>
      run(() => {
        const r = latest.get();
        return r ? { version: r.version, override: JSON.parse(r.override) as Record<string, unknown>, createdBy: r.created_by, createdAt: new Date(r.created_at) } : null;
      }),
    append: (r) =>
      run(() => {
        insert.run(r.version, JSON.stringify(r.override), r.createdBy, r.createdAt.getTime());
      }),
  };
}
