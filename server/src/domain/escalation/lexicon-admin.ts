/**
 * The live lexicon: the shipped one with the deployment's saved override applied. Admins change
 * entries at runtime; each change is validated, saved as a new version, audited, and picked up by
 * every node on its next check, without a restart. Shadow entries are counted, never alerted.
 */
import type { Actor } from "../actor";
import type { AuditService } from "../audit";
import type { Clock } from "../clock";
import { conflict, DomainError, forbidden } from "../errors";
import { StoreConflictError, type Store } from "../../storage/ports";
import { DEFAULT_LEXICON } from "./default-lexicon";
import { createDetector, type DetectorMatch, type Detector, type DetectorOptions } from "./detector";
import { lexiconEntrySchema, type Lexicon } from "./lexicon";
import { applyOverride, lexiconOverrideSchema, type LexiconOverride } from "./overrides";

export interface LexiconState {
  /** The saved override's version; 0 for the shipped lexicon alone. */
  version: number;
  lexiconVersion: string;
  override: LexiconOverride;
  /** Shadow entry hits counted by this node since it started. */
  shadowHits: Record<string, number>;
}

export interface LexiconService {
  detector(): Detector;
  /** The lexicon the detector runs: the shipped one with the saved override applied. */
  lexicon(): Lexicon;
  /** Loads a newer saved override, if any; true when the detector changed. */
  refresh(): Promise<boolean>;
  current(actor: Actor): Promise<LexiconState>;
  putEntry(actor: Actor, entry: unknown): Promise<LexiconState>;
  removeEntry(actor: Actor, entryId: string): Promise<LexiconState>;
  countShadow(matches: DetectorMatch[]): void;
}

export function createLexiconService(deps: {
  store: Store;
  clock: Clock;
  audit: AuditService;
  base?: Lexicon;
  /** Someone else at risk now: page moderators or list it (CRISIS_CONCERN_OTHER). */
  detectorOptions?: DetectorOptions;
  /** Hears every shadow match with the lexicon version it matched under (no text), to be kept for the statistics. */
  onShadow?: (matches: DetectorMatch[], lexiconVersion: string) => void;
}): LexiconService {
  const { store, clock, audit } = deps;
  const base = deps.base ?? DEFAULT_LEXICON;
  let version = 0;
  let override: LexiconOverride = {};
  let lexicon = base;
  let detector = createDetector(base, deps.detectorOptions);
  const shadowHits: Record<string, number> = {};

  const requireAdmin = (actor: Actor) => {
    if (actor.role !== "admin") throw forbidden("Only admins can change the lexicon.");
  };

  const state = (): LexiconState => ({ version, lexiconVersion: detector.version, override, shadowHits: { ...shadowHits } });

  function install(v: number, o: LexiconOverride): void {
    lexicon = applyOverride(base, { ...o, version: `v${v}` });
    detector = createDetector(lexicon, deps.detectorOptions);
    version = v;
    override = o;
  }

  async function save(actor: Actor, next: LexiconOverride, action: string, details: Record<string, unknown>): Promise<LexiconState> {
    requireAdmin(actor);
    await refresh();
    try {
      // Validates every pattern: a bad entry is refused before anyone relies on it.
      applyOverride(base, next);
    } catch (e) {
      throw new DomainError("invalid_input", "The lexicon change is not valid.", { reason: e instanceof Error ? e.message : String(e) });
    }
    const nextVersion = version + 1;
    try {
      await store.lexicon.append({ version: nextVersion, override: next as Record<string, unknown>, createdBy: actor.userId, createdAt: clock.now() });
    } catch (e) {
      if (e instanceof StoreConflictError) throw conflict("The lexicon changed meanwhile; reload it and try again.");
      throw e;
    }
    install(nextVersion, next);
    await audit.record(actor, action, { details: { ...details, version: nextVersion } });
    return state();
  }

  async function refresh(): Promise<boolean> {
    const latest = await store.lexicon.latest();
    // Versions only rise: a slower refresh that read an older one must not undo a newer install.
    if (!latest || latest.version <= version) return false;
    install(latest.version, lexiconOverrideSchema.parse(latest.override));
    return true;
  }

  return {
    detector: () => detector,
    lexicon: () => lexicon,
    refresh,
    async current(actor) {
      requireAdmin(actor);
      await refresh();
      return state();
    },
    async putEntry(actor, value) {
      const parsed = lexiconEntrySchema.safeParse(value);
      if (!parsed.success) throw new DomainError("invalid_input", "Invalid lexicon entry.", parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })));
      const entry = parsed.data;
      const next: LexiconOverride = {
        ...override,
        entries: [...(override.entries ?? []).filter((e) => e.id !== entry.id), entry],
        remove: (override.remove ?? []).filter((id) => id !== entry.id),
      };
      return save(actor, next, "lexicon.put", { entryId: entry.id, shadow: entry.shadow === true, severity: entry.severity, category: entry.category });
    },
    async removeEntry(actor, entryId) {
      const shipped = base.entries.some((e) => e.id === entryId);
      const custom = (override.entries ?? []).some((e) => e.id === entryId);
      if (!shipped && !custom) throw new DomainError("not_found", "No such lexicon entry.");
      const next: LexiconOverride = {
        ...override,
        entries: (override.entries ?? []).filter((e) => e.id !== entryId),
        remove: shipped ? [...new Set([...(override.remove ?? []), entryId])] : override.remove,
      };
      return save(actor, next, "lexicon.remove", { entryId });
    },
    countShadow(matches) {
      for (const m of matches) shadowHits[m.entryId] = (shadowHits[m.entryId] ?? 0) + 1;
      deps.onShadow?.(matches, detector.version);
    },
  };
}
