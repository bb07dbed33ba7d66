import type { Database } from "better-sqlite3";
import { sealAad, type SealedTextStore } from "../sealed-ports";
import { run } from "./errors";

interface StoredContext {
  id: string;
  body: string;
}

export function sqliteSealedTextStore(db: Database): SealedTextStore {
  const canaries = db.prepare<[], { key_id: string; sealed: string }>("SELECT key_id, sealed FROM key_canaries");
  const addCanary = db.prepare("INSERT INTO key_canaries (key_id, sealed) VALUES (?, ?) ON CONFLICT DO NOTHING");
  const dropOthers = db.prepare("DELETE FROM key_canaries WHERE key_id != ?");

  const messages = db.prepare<[string, number], { id: string; body: string }>("SELECT id, body FROM messages WHERE id > ? AND body != '' ORDER BY id LIMIT ?");
  const setMessage = db.prepare("UPDATE messages SET body = ? WHERE id = ? AND body = ?");
  const pinned = db.prepare<[string, number], { id: string; pinned_body: string }>(
    "SELECT id, pinned_body FROM rooms WHERE id > ? AND pinned_body IS NOT NULL ORDER BY id LIMIT ?",
  );
  const setPinned = db.prepare("UPDATE rooms SET pinned_body = ? WHERE id = ? AND pinned_body = ?");
  const flags = db.prepare<[string, number], { id: string; context: string; notes: string | null }>("SELECT id, context, notes FROM flags WHERE id > ? ORDER BY id LIMIT ?");
  const setContext = db.prepare("UPDATE flags SET context = ? WHERE id = ? AND context = ?");
  const setNotes = db.prepare("UPDATE flags SET notes = ? WHERE id = ? AND notes = ?");
  const added = db.prepare<[number, number], { rowid: number; message_id: string; body: string }>(
    "SELECT rowid, message_id, body FROM flag_context WHERE rowid > ? AND body != '' ORDER BY rowid LIMIT ?",
  );
  const setAdded = db.prepare("UPDATE flag_context SET body = ? WHERE rowid = ? AND body = ?");
  const reportNotes = db.prepare<[string, number], { id: string; note: string }>("SELECT id, note FROM member_reports WHERE id > ? AND note IS NOT NULL ORDER BY id LIMIT ?");
  const setReportNote = db.prepare("UPDATE member_reports SET note = ? WHERE id = ? AND note = ?");

  return {
    canaries: () => run(() => canaries.all().map((r) => ({ keyId: r.key_id, sealed: r.sealed }))),
    addCanary: (keyId, sealed) =>
      run(() => {
        addCanary.run(keyId, sealed);
      }),
    dropCanariesExcept: (keyId) =>
      run(() => {
        dropOthers.run(keyId);
      }),
    reseal: (kind, after, limit, fn) =>
      run(() => {
        let changed = 0;
        let last: string | null = null;
        let scanned = 0;
        // One batch per transaction: short, so sends are never held up for long.
        db.transaction(() => {
          if (kind === "messages" || kind === "pinned") {
            const rows = kind === "messages" ? messages.all(after ?? "", limit).map((r) => [r.id, r.body] as const) : pinned.all(after ?? "", limit).map((r) => [r.id, r.pinned_body] as const);
            for (const [id, value] of rows) {
              const next = fn(value, kind === "messages" ? sealAad.message(id) : sealAad.pinned(id));
              if (next !== null) changed += (kind === "messages" ? setMessage : setPinned).run(next, id, value).changes;
              last = id;
            }
            scanned = rows.length;
          } else if (kind === "flags") {
            const rows = flags.all(after ?? "", limit);
            for (const r of rows) {
              const context = JSON.parse(r.context) as StoredContext[];
              let touched = false;
              const resealed = context.map((m) => {
                const next = m.body === "" ? null : fn(m.body, sealAad.message(m.id));
                if (next === null) return m;
                touched = true;
                return { ...m, body: next };
              });
              if (touched) changed += setContext.run(JSON.stringify(resealed), r.id, r.context).changes;
              const notes = r.notes === null ? null : fn(r.notes, sealAad.notes(r.id));
              if (notes !== null) changed += setNotes.run(notes, r.id, r.notes).changes;
              last = r.id;
            }
            scanned = rows.length;
          } else if (kind === "reports") {
            const rows = reportNotes.all(after ?? "", limit);
            for (const r of rows) {
              const next = fn(r.note, sealAad.reportNote(r.id));
              if (next !== null) changed += setReportNote.run(next, r.id, r.note).changes;
              last = r.id;
            }
            scanned = rows.length;
          } else {
            const rows = added.all(Number(after ?? 0), limit);
            for (const r of rows) {
              const next = fn(r.body, sealAad.message(r.message_id));
              if (next !== null) changed += setAdded.run(next, r.rowid, r.body).changes;
              last = String(r.rowid);
            }
            scanned = rows.length;
          }
        }).immediate();
        return { scanned, changed, next: scanned < limit ? null : last };
      }),
  };
}
