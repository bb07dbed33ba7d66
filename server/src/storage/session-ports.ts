/** Scheduled group sessions, registrations for them and attendance. Part of the store's ports (ports.ts). */

export type Audience = "all" | "invite";

/** One occurrence of a scheduled group session. A weekly series is one record per occurrence. */
export interface SessionRecord {
  id: string;
  /** Shared by the occurrences of a recurring series; equal to id for a one-off session. */
  seriesId: string;
  roomId: string;
  title: string;
  topic: string | null;
  description: string | null;
  startsAt: Date;
  /** Includes any extension. */
  endsAt: Date;
  capacity: number;
  facilitatorIds: string[];
  moderatorIds: string[];
  audience: Audience;
  inviteeIds: string[];
  joinWindowMinutes: number;
  createdBy: string;
  createdAt: Date;
  cancelledAt: Date | null;
  /** Set exactly once, by whichever node closed the room at endsAt. */
  endedAt: Date | null;
}

export type SessionPatch = Partial<
  Pick<
    SessionRecord,
    "title" | "topic" | "description" | "startsAt" | "endsAt" | "capacity" | "facilitatorIds" | "moderatorIds" | "audience" | "inviteeIds" | "joinWindowMinutes"
  >
>;

export interface SessionStore {
  create(session: SessionRecord): Promise<SessionRecord>;
  findById(id: string): Promise<SessionRecord | null>;
  findByRoom(roomId: string): Promise<SessionRecord | null>;
  /** The sessions with these ids that exist, in any order: one read for a page of rooms. */
  findByIds(ids: string[]): Promise<SessionRecord[]>;
  /** Null for an unknown id. */
  update(id: string, patch: SessionPatch): Promise<SessionRecord | null>;
  /** Idempotent: keeps the first cancelledAt. Null for an unknown id. */
  cancel(id: string, at: Date): Promise<SessionRecord | null>;
  /** Sessions overlapping [from, to), cancelled ones included, by startsAt. */
  listBetween(from: Date, to: Date): Promise<SessionRecord[]>;
  /** Not cancelled, not yet ended, endsAt <= now: the rooms that must close. */
  dueToEnd(now: Date, limit: number): Promise<SessionRecord[]>;
  /** True for exactly one caller per session, however many nodes race; false once ended. */
  markEnded(id: string, at: Date): Promise<boolean>;
}

export type RegistrationStatus = "registered" | "waitlisted";

export interface RegistrationRecord {
  sessionId: string;
  userId: string;
  status: RegistrationStatus;
  createdAt: Date;
}

export interface RegistrationStore {
  /**
   * Registers the user if fewer than `capacity` are registered, otherwise puts them on the
   * waitlist; atomically, so concurrent registrations never exceed capacity. Idempotent: an
   * existing registration is returned as it is.
   */
  register(sessionId: string, userId: string, at: Date, capacity: number): Promise<RegistrationRecord>;
  /**
   * Removes the user's registration or waitlist place. When that frees a place (fewer than
   * `capacity` registered), promotes the longest-waiting users until it is full again.
   */
  unregister(sessionId: string, userId: string, capacity: number): Promise<{ removed: RegistrationRecord | null; promoted: RegistrationRecord[] }>;
  /** Promotes from the waitlist until `capacity` are registered (after a capacity increase). */
  fill(sessionId: string, capacity: number): Promise<RegistrationRecord[]>;
  find(sessionId: string, userId: string): Promise<RegistrationRecord | null>;
  /** Registered first, then the waitlist, each in order of registration. */
  list(sessionId: string): Promise<RegistrationRecord[]>;
  listForUser(userId: string): Promise<RegistrationRecord[]>;
}

export interface AttendanceRecord {
  id: string;
  sessionId: string;
  userId: string;
  joinedAt: Date;
  leftAt: Date | null;
}

export interface AttendanceStore {
  /** Opens an interval unless the user already has an open one in this session. */
  recordJoin(entry: AttendanceRecord): Promise<void>;
  /** Closes the user's open interval, if any. */
  recordLeave(sessionId: string, userId: string, at: Date): Promise<void>;
  /** Closes every open interval of the session (when it ends). */
  closeAll(sessionId: string, at: Date): Promise<void>;
  /** By joinedAt. */
  list(sessionId: string): Promise<AttendanceRecord[]>;
}
