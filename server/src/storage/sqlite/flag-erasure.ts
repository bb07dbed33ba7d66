import type { Database } from "better-sqlite3";
import type { FlagStore } from "../ports";
import { run } from "./errors";
import { forgetErased } from "./forget-erased";

interface StoredContext {
  id: string;
  body: string;
  erasedAt?: number | null;
  erasedBy?: string | null;
}

/** flags.eraseFromContext: the frozen context in the flag row and the messages frozen after it. */
export function sqliteFlagErasure(db: Database): FlagStore["eraseFromContext"] {
  const inPlace = db.prepare<[string, string], { id: string; context: string }>("SELECT id, context FROM flags WHERE place_kind = ? AND place_id = ?");
  const setContext = db.prepare("UPDATE flags SET context = ? WHERE id = ?");
  const added = db.prepare<[number, string, string], { flag_id: string }>(
    "UPDATE flag_context SET body = '', erased_at = ?, erased_by = ? WHERE message_id = ? AND erased_at IS NULL RETURNING flag_id",
  );
  const erase = db.transaction((placeKind: string, placeId: string, messageId: string, by: string, at: number): number => {
    const touched = new Set<string>();
    for (const f of inPlace.all(placeKind, placeId)) {
      const context = JSON.parse(f.context) as StoredContext[];
      if (!context.some((m) => m.id === messageId && !m.erasedAt)) continue;
      const erased = context.map((m): StoredContext => (m.id === messageId && !m.erasedAt ? { ...m, body: "", erasedAt: at, erasedBy: by } : m));
      setContext.run(JSON.stringify(erased), f.id);
      touched.add(f.id);
    }
    for (const r of added.all(at, by, messageId)) touched.add(r.flag_id);
    return touched.size;
  });
  return (place, messageId, by, at) =>
    run(() => {
      const n = erase.immediate(place.kind, place.id, messageId, by, at.getTime());
      if (n > 0) forgetErased(db);
      return n;
    });
}

