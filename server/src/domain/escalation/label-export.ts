/**
 * Resolved flags as labelled examples, for a deployment tuning its own lexicon: the flagged
 * message's text, whether moderators judged it worth an alert, and which entries matched. Admins
 * only, every export audited (counts and filter, never text), and nothing whose message is gone:
 * a message erased since (deleted by a moderator, or removed with its account) is not exported,
 * even though the flag's frozen context still holds it as evidence.
 */
import type { FlagLabelLine } from "../../../../shared/dto";
import type { Actor } from "../actor";
import type { AuditService } from "../audit";
import { forbidden } from "../errors";
import type { FlagRecord, Store } from "../../storage/ports";
import type { LexiconService } from "./lexicon-admin";

export interface LabelExportService {
  /** Resolved flags (resolved at or after `since`), oldest resolution first. `via` is recorded in the audit log. */
  exportLabels(actor: Actor, q: { since?: Date }, via: "cli" | "http"): Promise<FlagLabelLine[]>;
}

export const labelOf = (outcome: string): FlagLabelLine["label"] => (outcome === "false_positive" ? "no_alert" : "alert");

export function createLabelExportService(deps: { store: Store; audit: AuditService; lexicon: Pick<LexiconService, "lexicon" | "refresh"> }): LabelExportService {
  const { store, audit } = deps;

  /** The message still exists, not erased: only then may its text leave the flag. */
  async function stillThere(f: FlagRecord): Promise<boolean> {
    const message = await store.messages.findById(f.place.id, f.messageId);
    return message !== null && message.deletedAt === null;
  }

  return {
    async exportLabels(actor, q, via) {
      if (actor.role !== "admin") throw forbidden("Only admins can export labelled flags.");
      await deps.lexicon.refresh();
      const langOf = new Map(deps.lexicon.lexicon().entries.map((e) => [e.id, e.lang]));
      // Haven keeps no retention period for flags yet; when one exists, flags past it are left out here.
      const resolved = (await store.flags.listRecent(new Date(0)))
        .filter((f): f is FlagRecord & { resolvedAt: Date; outcome: string } => f.status === "resolved" && f.resolvedAt !== null && f.outcome !== null)
        .filter((f) => !q.since || f.resolvedAt >= q.since)
        .sort((a, b) => a.resolvedAt.getTime() - b.resolvedAt.getTime());
      const lines: FlagLabelLine[] = [];
      let skipped = 0;
      for (const f of resolved) {
        const frozen = f.context.find((m) => m.id === f.messageId);
        if (!frozen || !(await stillThere(f))) {
          skipped++;
          continue;
        }
        const langs = new Set(f.entryIds.map((id) => langOf.get(id)).filter((l): l is string => l !== undefined));
        lines.push({
          id: f.id,
          text: frozen.body,
          label: labelOf(f.outcome),
          outcome: f.outcome,
          severity: f.severity,
          categories: f.categories,
          entryIds: f.entryIds,
          ...(langs.size === 1 ? { lang: [...langs][0]! } : {}),
          resolvedAt: f.resolvedAt.toISOString(),
        });
      }
      await audit.record(actor, "flag.export_labels", { details: { count: lines.length, skipped, since: q.since?.toISOString() ?? null, via } });
      return lines;
    },
  };
}
