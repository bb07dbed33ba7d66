import { Schema, type Connection } from "mongoose";
import { FLAG_DISPOSITIONS, SEVERITIES } from "../../../../../shared/dto";
import type { ContextMessage, FlagRecord } from "../../ports";

/**
 * A flag's evidence: written by create and by recordHit only. Its claim and resolution live in
 * their own collections and are never copied here, because FerretDB v1 applies an update by
 * rewriting the whole document from an earlier read: a claim written here would erase a hit
 * recorded at the same moment, or the hit the claim.
 */
export interface FlagDoc {
  _id: string;
  placeKind: FlagRecord["place"]["kind"];
  placeId: string;
  authorId: string;
  messageId: string;
  messageSeq: number;
  severity: FlagRecord["severity"];
  categories: string[];
  terms: string[];
  hits: number;
  context: ContextMessage[];
  createdAt: Date;
  lastHitAt: Date;
  // Optional: flags stored before holding existed lack it.
  heldMessageIds?: string[];
  // Optional: flags stored before the review list lack them, and were alerts in the paging queue.
  disposition?: FlagRecord["disposition"];
  reasons?: string[];
  /** The lane it was stored in: "page" or "list". Promotion and dismissal are FlagReviewDecisionDocs. */
  lane?: "page" | "list";
  // Optional: flags stored before entry ids were kept lack it.
  entryIds?: string[];
}

/**
 * A message frozen into a flag's context after the flagged one, _id "<flagId>:<messageId>". Its own
 * insert-only record, so that capturing context never rewrites the flag document (see FlagDoc) and
 * the first copy, taken before any erasure, is the one kept.
 */
export interface FlagContextDoc extends ContextMessage {
  _id: string;
  flagId: string;
}

/** The claim of a flag, _id its id: whoever inserts it is the one claimant, since a unique insert is the only atomic write. */
export interface FlagClaimDoc {
  _id: string;
  by: string;
  at: Date;
}

/** The resolution of a flag, _id its id: the first insert is the resolution, for the same reason. */
export interface FlagResolutionDoc {
  _id: string;
  by: string;
  at: Date;
  outcome: string;
  notes: string | null;
}

/** One entry per unresolved flag, _id its id: the moderators' queue without a partial index. */
export interface FlagQueueDoc {
  _id: string;
}

const PLACE_KINDS: FlagRecord["place"]["kind"][] = ["room", "conversation"];


/** A message as frozen into a flag, before the flag (in the flag) or after it (in flag_context). */
const contextFields = {
  id: { type: String, required: true },
  seq: { type: Number, required: true },
  authorId: { type: String, required: true },
  authorName: { type: String, required: true },
  // Not required: mongoose refuses "" for a required string, and an erased message's body is "".
  body: { type: String, default: "" },
  createdAt: { type: Date, required: true },
  // Set when the message was deleted: its body is then "".
  erasedAt: { type: Date, default: null },
  erasedBy: { type: String, default: null },
} as const;

const contextSchema = new Schema<ContextMessage>(contextFields, { _id: false });

const schema = new Schema<FlagDoc>(
  {
    _id: { type: String, required: true },
    placeKind: { type: String, enum: PLACE_KINDS, required: true },
    placeId: { type: String, required: true },
    authorId: { type: String, required: true },
    messageId: { type: String, required: true },
    messageSeq: { type: Number, required: true },
    severity: { type: String, enum: SEVERITIES, required: true },
    categories: { type: [String], default: [] },
    terms: { type: [String], default: [] },
    hits: { type: Number, required: true },
    context: { type: [contextSchema], default: [] },
    createdAt: { type: Date, required: true },
    lastHitAt: { type: Date, required: true },
    heldMessageIds: { type: [String], default: [] },
    disposition: { type: String, enum: FLAG_DISPOSITIONS, default: "alert" },
    reasons: { type: [String], default: [] },
    lane: { type: String, enum: ["page", "list"], default: "page" },
    entryIds: { type: [String], default: [] },
  },
  { versionKey: false, collection: "flags" },
);
// findActive: one author in one place, lastHitAt at or after `since`, newest first.
schema.index({ placeKind: 1, placeId: 1, authorId: 1, lastHitAt: -1, _id: 1 });
// listRecent: the flags whose after-context may still be filling.
schema.index({ lastHitAt: -1 });
// purgeReview: listed records past their retention.
schema.index({ lane: 1, createdAt: 1 });
// Flags on a person's messages, for their export and erasure.
schema.index({ authorId: 1, createdAt: 1 });

const flagContextSchema = new Schema<FlagContextDoc>(
  {
    _id: { type: String, required: true },
    flagId: { type: String, required: true },
    ...contextFields,
  },
  { versionKey: false, collection: "flag_context" },
);
// Read per flag.
flagContextSchema.index({ flagId: 1 });
// A deleted message is looked for in every flag that froze it.
flagContextSchema.index({ id: 1 });
// A person's messages frozen into flags, erased with their account.
flagContextSchema.index({ authorId: 1 });
export const flagContextModel = (c: Connection) => c.model<FlagContextDoc>("FlagContext", flagContextSchema);

// Looked up by _id only.
const claimSchema = new Schema<FlagClaimDoc>(
  { _id: { type: String, required: true }, by: { type: String, required: true }, at: { type: Date, required: true } },
  { versionKey: false, collection: "flag_claims" },
);

// Looked up by _id only.
const resolutionSchema = new Schema<FlagResolutionDoc>(
  {
    _id: { type: String, required: true },
    by: { type: String, required: true },
    at: { type: Date, required: true },
    outcome: { type: String, required: true },
    notes: { type: String, default: null },
  },
  { versionKey: false, collection: "flag_resolutions" },
);

// claimOverdueAlert: the insert under the unique _id decides which node sends the alert.
export interface FlagAlertDoc {
  _id: string;
  at: Date;
}
const alertSchema = new Schema<FlagAlertDoc>({ _id: { type: String, required: true }, at: { type: Date, required: true } }, { versionKey: false, collection: "flag_alerts" });
export const flagAlertModel = (c: Connection) => c.model<FlagAlertDoc>("FlagAlert", alertSchema);

// listUnresolved reads it whole; resolve deletes by _id.
const queueSchema = new Schema<FlagQueueDoc>({ _id: { type: String, required: true } }, { versionKey: false, collection: "flag_queue" });

export const flagModel = (c: Connection) => c.model<FlagDoc>("Flag", schema);
export const flagClaimModel = (c: Connection) => c.model<FlagClaimDoc>("FlagClaim", claimSchema);
// The history of resolved flags pages through resolutions newest first.
resolutionSchema.index({ at: -1, _id: -1 });

export const flagResolutionModel = (c: Connection) => c.model<FlagResolutionDoc>("FlagResolution", resolutionSchema);
export const flagQueueModel = (c: Connection) => c.model<FlagQueueDoc>("FlagQueue", queueSchema);
