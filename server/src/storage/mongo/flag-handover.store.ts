import type { Model } from "mongoose";
import type { FlagHolder } from "../handover-ports";
import type { FlagRecord } from "../ports";
import type { FlagClaimDoc } from "./models/flag.model";
import type { FlagHandoverDoc } from "./models/flag-handover.model";
import { inserted } from "./flags.store";

export type Holder = { by: string; at: Date };

/** The newest handover decides the holder; without any, the first claim does. */
export function holderOf(claim: FlagClaimDoc | null, handovers: FlagHandoverDoc[]): Holder | null {
  const last = handovers.reduce<FlagHandoverDoc | null>((a, h) => (a === null || h.gen > a.gen ? h : a), null);
  if (last) return last.by === null ? null : { by: last.by, at: last.at };
  return claim ? { by: claim.by, at: claim.at } : null;
}

const same = (a: FlagHolder, b: Holder | null) => (b === null ? a.by === null : a.by === b.by && a.at?.getTime() === b.at.getTime());

/**
 * Every change of holder is an insert under a key no earlier change used: the first claim under the
 * flag id in flag_claims, each later one as `${flagId}#${n+1}` after the newest `#n`. Of two
 * changes read from the same state, only one insert succeeds; FerretDB v1 never re-checks an
 * update's filter, so no document is ever updated or deleted here.
 */
export function mongoFlagHandover(deps: { Claims: Model<FlagClaimDoc>; Handovers: Model<FlagHandoverDoc>; findById(id: string): Promise<FlagRecord | null> }) {
  const { Claims, Handovers, findById } = deps;

  async function handOver(id: string, from: FlagHolder, to: string | null, at: Date): Promise<FlagRecord | null> {
    const [current, claim, handovers] = await Promise.all([
      findById(id),
      Claims.findById(id).lean<FlagClaimDoc>(),
      Handovers.find({ flagId: id }).lean<FlagHandoverDoc[]>(),
    ]);
    // A listed record is never claimed; once promoted it stays in the page lane for good.
    if (!current || current.lane !== "page" || current.status === "resolved") return null;
    if (!same(from, holderOf(claim, handovers))) return null;
    let won: boolean;
    if (!claim) {
      if (to === null) return null;
      won = await inserted(() => Claims.create({ _id: id, by: to, at }));
    } else {
      const gen = handovers.reduce((n, h) => Math.max(n, h.gen), 0) + 1;
      won = await inserted(() => Handovers.create({ _id: `${id}#${gen}`, flagId: id, gen, by: to, at }));
    }
    if (!won) return null;
    const after = await findById(id);
    // A resolve that landed between the check and the insert wins over the handover.
    return after && after.status !== "resolved" && after.claimedBy === to ? after : null;
  }

  return { handOver };
}
