/** What members do for one another's safety and comfort: reactions, reports and blocks. */

/** One emoji's tally on a message; `mine` when the reader is among those who chose it. */
export interface ReactionCount {
  emoji: string;
  count: number;
  mine: boolean;
}

/** reaction:updated: a message's tallies after someone set or took back a reaction. */
export interface ReactionUpdate {
  roomId: string;
  messageId: string;
  /** Whose change this was, so each reader can keep their own `mine`. */
  userId: string;
  emoji: string;
  on: boolean;
  counts: { emoji: string; count: number }[];
}

/** Why a member reports a message or a person: a small set, so moderators can sort them at a glance. */
export const REPORT_REASONS = ["harassment", "unsafe_content", "spam", "other"] as const;
export type ReportReason = (typeof REPORT_REASONS)[number];
/** The category a member's report carries on the review list. */
export const MEMBER_REPORT_CATEGORY = "member_report";

/** All a reporter learns: that the report arrived. Nothing about the item, other reports or outcome. */
export interface ReportReceipt {
  received: true;
  message: string;
}

/**
 * What moderators see of members' reports on a review item: the reasons and notes, never who sent
 * them ("a member"). Set only on items made by reports.
 */
export interface ReviewItemReport {
  /** The subject: one message, or the person as a whole. */
  subject: "message" | "person";
  reasons: ReportReason[];
  /** Free-text notes from the reports, oldest first; the reporters are not named. */
  notes: string[];
  /** How many members reported it. */
  reports: number;
}

/** block:list: someone the reader blocked in rooms. */
export interface BlockedPerson {
  userId: string;
  displayName: string;
  /** When the block was set, ISO-8601. */
  blockedAt: string;
}

/**
 * conversation:reaction_updated: a private message's tallies after one side set or took back a
 * reaction. `userId` is the side that did (MODERATION_TEAM_ID for staff in a check-in).
 */
export interface ConversationReactionUpdate {
  conversationId: string;
  messageId: string;
  userId: string;
  emoji: string;
  on: boolean;
  counts: { emoji: string; count: number }[];
}
