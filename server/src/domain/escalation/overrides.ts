/**
 * A deployment's changes to the shipped lexicon: entries added or replaced (by id), entries
 * removed, extra exclusions and modifiers. The result is validated like the shipped file.
 */
import { z } from "zod";
import { lexiconEntrySchema, MODIFIER_KINDS, parseLexicon, type Lexicon } from "./lexicon";

export const lexiconOverrideSchema = z.strictObject({
  version: z.string().min(1).optional(),
  entries: z.array(lexiconEntrySchema).optional(),
  remove: z.array(z.string()).optional(),
  exclusions: z.array(z.string()).optional(),
  modifiers: z.partialRecord(z.enum(MODIFIER_KINDS), z.array(z.string())).optional(),
});
export type LexiconOverride = z.infer<typeof lexiconOverrideSchema>;

export function applyOverride(base: Lexicon, value: unknown): Lexicon {
  const o = lexiconOverrideSchema.parse(value);
  const replaced = new Set([...(o.remove ?? []), ...(o.entries ?? []).map((e) => e.id)]);
  return parseLexicon({
    version: o.version ? `${base.version}+${o.version}` : base.version,
    entries: [...base.entries.filter((e) => !replaced.has(e.id)), ...(o.entries ?? [])],
    exclusions: [...base.exclusions, ...(o.exclusions ?? [])],
    modifiers: Object.fromEntries(MODIFIER_KINDS.map((k) => [k, [...base.modifiers[k], ...(o.modifiers?.[k] ?? [])]])),
  });
}
