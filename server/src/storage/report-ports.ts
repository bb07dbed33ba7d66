/**
 * Members' reports of a message or a person. Each joins a review item (a flag record in the `list`
 * lane); the report itself keeps who sent it, so that a second report by the same person changes
 * nothing, the per-reporter limit holds on every node, and the reporter's note can be erased with
 * their account. The reporter's id never leaves the server: moderators see "a member".
 */
export interface ReportRecord {
  id: string;
  /** The review item this report joined. */
  flagId: string;
  reporterId: string;
  /** What was reported: `message:<messageId>` or `person:<userId>:<placeKind>:<placeId>`. */
  subject: string;
  /** The person reported: the message's author, or the person. */
  targetUserId: string;
  reason: string;
  /** The reporter's own words; sealed at rest by the encrypting wrapper. */
  note: string | null;
  createdAt: Date;
}

export interface ReportStore {
  /** Stores the report unless this reporter already reported this subject; then the stored one comes back, created false. */
  create(r: ReportRecord): Promise<{ report: ReportRecord; created: boolean }>;
  /** The newest report of a subject by anyone, to join its review item. */
  latestFor(subject: string): Promise<ReportRecord | null>;
  /** The reports that joined these review items, oldest first. */
  forFlags(flagIds: string[]): Promise<ReportRecord[]>;
  /** When this reporter's reports at or after `since` were made, oldest first (the per-reporter limit). */
  madeSince(reporterId: string, since: Date): Promise<Date[]>;
  /** Everything this person reported, oldest first (their export). */
  by(reporterId: string): Promise<ReportRecord[]>;
  /**
   * Deletes reports made before `before` whose review item is gone (purged from the list, or a
   * promoted flag past its retention), notes and all. Returns how many.
   */
  purgeOrphans(before: Date): Promise<number>;
}
