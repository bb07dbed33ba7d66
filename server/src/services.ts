/** Builds the domain services once, over whichever store the deployment uses. */
import type { PasswordHasher } from "./auth/passwords";
import type { Lexicon } from "./domain/escalation/lexicon";
import { createAccessService, type AccessService } from "./domain/access";
import { createAccountService, type AccountService } from "./domain/accounts";
import { createAuditService, type AuditService } from "./domain/audit";
import type { Clock } from "./domain/clock";
import type { DetectorOptions } from "./domain/escalation/detector";
import { createFlagService, type FlagService, type FlagSettings } from "./domain/escalation/flags";
import { createLexiconService, type LexiconService } from "./domain/escalation/lexicon-admin";
import { createLabelExportService, type LabelExportService } from "./domain/escalation/label-export";
import { createLexiconStatsService, type LexiconStatsService } from "./domain/escalation/lexicon-stats";
import { createConversationService, type ConversationService } from "./domain/conversations";
import { createMessageService, type MessageService, type SlowModeGate } from "./domain/messages";
import { createModerationService, type ModerationService, type WarnLadder } from "./domain/moderation";
import { createReactionService, type ReactionService } from "./domain/reactions";
import { createBlockService, type BlockService } from "./domain/blocks";
import { createConversationReactionService, type ConversationReactionService } from "./domain/conversation-reactions";
import { createRoomService, type RoomService } from "./domain/rooms";
import { createSessionService, type SessionService } from "./domain/sessions";
import { createPeerEscalationService, type PeerEscalationService } from "./domain/peer-escalation";
import { createCheckinService, type CheckinService } from "./domain/checkins";
import { createRoomReadService, type RoomReadService } from "./domain/room-reads";
import { memoryLimiters } from "./scale/limiters";
import { createSlowModeGate } from "./scale/slow-mode-gate";
import type { Store } from "./storage/ports";
import type { ErasureMode } from "./storage/personal-data-ports";
import { createAccountErasureService, type AccountErasureService } from "./domain/account-erasure";
import { createAccountExportService, type AccountExportService } from "./domain/account-export";
import type { CrisisResource } from "../../shared/dto";
import { DEFAULT_CRISIS_RESOURCES } from "./config";
import { createReportService, type ReportService } from "./domain/reports";
import { createFlagContext } from "./domain/escalation/flag-context";
import { toReviewItem } from "./domain/escalation/flag-summary";
import { withReports } from "./domain/report-items";
import { createModerationRecords, type ModerationRecords } from "./domain/moderation-records";
import { createStaffDirectory, type StaffDirectory } from "./domain/staff-directory";

export interface Services {
  accounts: AccountService;
  /** Who may see, read and write a room now: every event and route asks here. */
  access: AccessService;
  rooms: RoomService;
  messages: MessageService;
  sessions: SessionService;
  moderation: ModerationService;
  reactions: ReactionService;
  blocks: BlockService;
  audit: AuditService;
  conversations: ConversationService;
  flags: FlagService;
  reports: ReportService;
  lexicon: LexiconService;
  lexiconStats: LexiconStatsService;
  labels: LabelExportService;
  /** A person's own data, for `GET /api/me/export`. */
  exports: AccountExportService;
  /** Erasing an account, by its owner or an admin. */
  erasure: AccountErasureService;
  /** "Ask a moderator" from a peer's conversation, and telling peers a moderator was alerted. */
  peerEscalation: PeerEscalationService;
  /** Check-ins between a flagged person and the moderation team. */
  checkins: CheckinService;
  /** Read marks and unread counts in group rooms. */
  roomReads: RoomReadService;
  /** Supportive reactions in private conversations. */
  conversationReactions: ConversationReactionService;
  /** A room's mutes and bans in force; a member's moderation history. */
  moderationRecords: ModerationRecords;
  /** The moderators and admins, for handing a flag on. */
  staff: StaffDirectory;
}

export interface ServiceDeps {
  store: Store;
  clock: Clock;
  passwordCost: number;
  /** Scrypt at passwordCost when absent; the app passes one capped per node. */
  passwords?: PasswordHasher;
  /** Lowest zxcvbn score (0-4) a new password may have; 3 when absent. */
  minPasswordScore?: number;
  /** Shared through Redis on several nodes; in memory by default. */
  slowMode?: SlowModeGate;
  warnLadder?: WarnLadder;
  crisisResources?: CrisisResource[];
  /** The shipped lexicon the live one starts from (the deployment's languages); all languages by default. */
  lexicon?: Lexicon;
  flagSettings?: Partial<Omit<FlagSettings, "resources">>;
  /** How long after sending its author may edit a message (MESSAGE_EDIT_WINDOW_MINUTES); 15 when absent. */
  editWindowMinutes?: number;
  /** Someone else at risk now: page moderators or list it (CRISIS_CONCERN_OTHER). */
  detectorOptions?: DetectorOptions;
  /** What an erased account's messages become (ACCOUNT_ERASURE_MESSAGES); erased when absent. */
  erasureMessages?: ErasureMode;
}

export const DEFAULT_WARN_LADDER: WarnLadder = { threshold: 3, windowMinutes: 60, muteMinutes: 30 };

export function createServices(options: ServiceDeps): Services {

  const deps = { ...options, slowMode: options.slowMode ?? createSlowModeGate(memoryLimiters), warnLadder: options.warnLadder ?? DEFAULT_WARN_LADDER };
  const audit = createAuditService(deps);
  const access = createAccessService(deps);
  const rooms = createRoomService({ ...deps, access });
  const blocks = createBlockService(deps);
  // Shadow matches reach the statistics through the lexicon service, which knows the version they matched under.
  const lexicon = createLexiconService({ ...deps, audit, base: options.lexicon, onShadow: (matches, version) => lexiconStats.recordShadow(matches, version) });
  const lexiconStats = createLexiconStatsService({ ...deps, lexicon });
  const flagSettings = {
    contextMessages: 10,
    burstMinutes: 10,
    deadlineSeconds: { imminent: 120, high: 600, elevated: 3600 },
    ...options.flagSettings,
    resources: options.crisisResources ?? DEFAULT_CRISIS_RESOURCES,
  };
  const flags = createFlagService({ ...deps, audit, detector: () => lexicon.detector(), settings: flagSettings });
  const conversations = createConversationService({
    ...deps,
    audit,
    resources: options.crisisResources ?? DEFAULT_CRISIS_RESOURCES,
    afterErase: (conversationId, messageId, by) => flags.eraseFromContext({ kind: "conversation", id: conversationId }, messageId, by),
  });
  return {
    accounts: createAccountService(deps),
    access,
    rooms,
    messages: createMessageService({ ...deps, access, editWindowMinutes: options.editWindowMinutes, holdsForReview: (roomId, authorId, body) => flags.holdsForReview({ kind: "room", id: roomId }, authorId, body) }),
    sessions: createSessionService({ ...deps, audit }),
    reactions: createReactionService({ ...deps, access }),
    blocks,
    moderation: createModerationService({ ...deps, audit, rooms, afterErase: (roomId, messageId, by) => flags.eraseFromContext({ kind: "room", id: roomId }, messageId, by) }),
    audit,
    conversations,
    lexicon,
    lexiconStats,
    labels: createLabelExportService({ ...deps, audit, lexicon }),
    flags,
    exports: createAccountExportService({ ...deps, audit }),
    erasure: createAccountErasureService({ ...deps, audit, messages: options.erasureMessages ?? "erase" }),
    peerEscalation: createPeerEscalationService({ ...deps, audit, deadlineSeconds: flagSettings.deadlineSeconds, contextMessages: flagSettings.contextMessages }),
    checkins: createCheckinService({ ...deps, audit }),
    reports: createReportService({
      ...deps,
      audit,
      access,
      context: createFlagContext({ store: deps.store, clock: deps.clock, contextMessages: flagSettings.contextMessages }),
      item: async (f) => withReports(deps.store, f, toReviewItem(f, (await deps.store.users.findById(f.authorId))?.displayName ?? "Someone")),
    }),
    roomReads: createRoomReadService({ ...deps, access, blocks }),
    conversationReactions: createConversationReactionService({ ...deps, conversations }),
    moderationRecords: createModerationRecords({ ...deps, rooms }),
    staff: createStaffDirectory(deps),
  };
}
