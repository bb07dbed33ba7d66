import { roomReadModel } from "./models/room-read.model";
import { mongoRoomReadStore } from "./room-reads.store";
import mongoose from "mongoose";
import type { Store } from "../ports";
import { StoreUnavailableError } from "../ports";
import { mongoAssignmentStore } from "./assignments.store";
import { mongoAttendanceStore } from "./attendance.store";
import { mongoAuditStore } from "./audit.store";
import { mongoAvailabilityStore } from "./availability.store";
import { mongoConversationStore } from "./conversations.store";
import { createGuard } from "./errors";
import { mongoFlagStore } from "./flags.store";
import { flagHandoverModel } from "./models/flag-handover.model";
import { mongoLexiconStore } from "./lexicon.store";
import { keyCanaryModel } from "./models/key-canary.model";
import { mongoSealedTextStore } from "./sealed-text.store";
import { mongoLexiconStatsStore } from "./lexicon-stats.store";
import { shadowHitModel } from "./models/lexicon-stats.model";
import { lexiconVersionModel } from "./models/lexicon.model";
import { mongoMessageStore, type WriteConcern } from "./messages.store";
import { assignmentEndModel, assignmentModel } from "./models/assignment.model";
import { attendanceModel } from "./models/attendance.model";
import { auditModel } from "./models/audit.model";
import { availabilityModel } from "./models/availability.model";
import { conversationModel, readMarkModel } from "./models/conversation.model";
import { flagReviewDecisionModel, flagReviewQueueModel } from "./models/flag-review.model";
import { flagAlertModel, flagClaimModel, flagContextModel, flagModel, flagQueueModel, flagResolutionModel } from "./models/flag.model";
import { messageModel, messageReleaseModel } from "./models/message.model";
import { oncallAttemptModel } from "./models/oncall-attempt.model";
import { mongoOncallDeliveryStore } from "./oncall-deliveries.store";
import { placeModel, registrationModel } from "./models/registration.model";
import { roomMemberModel } from "./models/room-member.model";
import { roomModel } from "./models/room.model";
import { roomNameModel } from "./models/room-name.model";
import { sanctionModel } from "./models/sanction.model";
import { sessionEndModel, sessionModel } from "./models/session.model";
import { userModel } from "./models/user.model";
import { mongoRegistrationStore } from "./registrations.store";
import { mongoPersonalDataStore } from "./personal-data.store";
import { mongoRoomStore } from "./rooms.store";
import { mongoSanctionStore } from "./sanctions.store";
import { mongoSanctionLists } from "./sanction-lists.store";
import { mongoSessionStore } from "./sessions.store";
import { mongoUserStore } from "./users.store";
import { retentionClaimModel } from "./models/retention-claim.model";
import { mongoRetentionStore } from "./retention.store";
import { reactionModel } from "./models/reaction.model";
import { mongoReportStore } from "./reports.store";
import { reportModel } from "./models/report.model";
import { blockModel } from "./models/block.model";
import { mongoBlockStore } from "./blocks.store";
import { erasingReactions, mongoReactionStore } from "./reactions.store";

export interface MongoStoreOptions {
  uri: string;
  /** Build indexes at start-up (development); production runs `npm run db:migrate` instead. */
  autoIndex: boolean;
  writeConcern: WriteConcern;
  serverSelectionTimeoutMs: number;
  /** Upper bound on any one database operation, including a server that accepts but never answers. */
  operationTimeoutMs?: number;
}

const DEFAULT_OPERATION_TIMEOUT_MS = 5000;

export interface MongoStore extends Store {
  /** Creates every index the queries rely on. Idempotent. */
  createIndexes(): Promise<void>;
}

export async function openMongoStore(options: MongoStoreOptions): Promise<MongoStore> {
  // Operators in filters only when a query marks them trusted(); ids and bodies are plain values.
  mongoose.set("sanitizeFilter", true);
  mongoose.set("strictQuery", true);
  const connection = mongoose.createConnection(options.uri, {
    // Fail fast instead of queueing: a send during an outage must be refused, not hang.
    bufferCommands: false,
    autoIndex: false,
    autoCreate: false,
    serverSelectionTimeoutMS: options.serverSelectionTimeoutMs,
    // Without it an operation on an open connection to a partitioned server waits for ever.
    timeoutMS: options.operationTimeoutMs ?? DEFAULT_OPERATION_TIMEOUT_MS,
    maxPoolSize: 20,
  });
  await connection.asPromise();

  const Users = userModel(connection);
  const Rooms = roomModel(connection);
  const Members = roomMemberModel(connection);
  const RoomNames = roomNameModel(connection);
  const Reactions = reactionModel(connection);
  const Reports = reportModel(connection);
  const Blocks = blockModel(connection);
  const Messages = messageModel(connection);
  const Sessions = sessionModel(connection);
  const SessionEnds = sessionEndModel(connection);
  const Registrations = registrationModel(connection);
  const Places = placeModel(connection);
  const Sanctions = sanctionModel(connection);
  const Audit = auditModel(connection);
  const Attendance = attendanceModel(connection);
  const Assignments = assignmentModel(connection);
  const AssignmentEnds = assignmentEndModel(connection);
  const Conversations = conversationModel(connection);
  const ReadMarks = readMarkModel(connection);
  const Availability = availabilityModel(connection);
  const Flags = flagModel(connection);
  const FlagClaims = flagClaimModel(connection);
  const FlagResolutions = flagResolutionModel(connection);
  const FlagQueue = flagQueueModel(connection);
  const FlagAlerts = flagAlertModel(connection);
  const FlagHandovers = flagHandoverModel(connection);
  const LexiconVersions = lexiconVersionModel(connection);
  const MessageReleases = messageReleaseModel(connection);
  const FlagContext = flagContextModel(connection);
  const OncallAttempts = oncallAttemptModel(connection);
  const FlagReviewDecisions = flagReviewDecisionModel(connection);
  const FlagReviewQueue = flagReviewQueueModel(connection);
  const ShadowHits = shadowHitModel(connection);
  const KeyCanaries = keyCanaryModel(connection);
  const RetentionClaims = retentionClaimModel(connection);
  const RoomReads = roomReadModel(connection);
  const models = [
    Users,
    Rooms,
    Members,
    RoomNames,
    Reactions,
    Reports,
    Blocks,
    Messages,
    Sessions,
    SessionEnds,
    Registrations,
    Places,
    Sanctions,
    Audit,
    Attendance,
    Assignments,
    AssignmentEnds,
    Conversations,
    ReadMarks,
    Availability,
    Flags,
    FlagClaims,
    FlagResolutions,
    FlagQueue,
    FlagAlerts,
    LexiconVersions,
    MessageReleases,
    FlagContext,
    OncallAttempts,
    FlagReviewDecisions,
    FlagReviewQueue,
    ShadowHits,
    KeyCanaries,
    RetentionClaims,
    FlagHandovers,
    RoomReads,
  ];

  // A second is long enough to stop a burst of requests piling onto a dead server, short enough
  // that service resumes almost as soon as the database does.
  const guard = createGuard({ cooldownMs: 1000 });
  let closed = false;
  const assignments = mongoAssignmentStore(Assignments, AssignmentEnds, guard);
  const flags = mongoFlagStore(Flags, FlagClaims, FlagResolutions, FlagQueue, FlagAlerts, FlagContext, { Decisions: FlagReviewDecisions, ReviewQueue: FlagReviewQueue, Handovers: FlagHandovers }, guard);
  const personalModels = {
    ...{ Users, Members, Messages, Releases: MessageReleases, Registrations, Places, Attendance, Availability, ReadMarks, Reactions, Blocks, Sanctions, Conversations, Assignments },
    ...{ Users, Members, Messages, Releases: MessageReleases, Registrations, Places, Attendance, Availability, ReadMarks, Reactions, Sanctions, Conversations, Assignments, RoomReads },
    ...{ Sessions, Rooms, LexiconVersions, Audit, Flags, FlagContext, FlagClaims, FlagResolutions, FlagReviewDecisions, FlagHandovers },
    Reports,
  };
  const store: MongoStore = {
    kind: "mongo",
    users: mongoUserStore(Users, guard),
    rooms: mongoRoomStore(Rooms, Members, RoomNames, guard),
    messages: erasingReactions(
      mongoMessageStore(Messages, MessageReleases, guard, options.writeConcern, options.operationTimeoutMs ?? DEFAULT_OPERATION_TIMEOUT_MS),
      Reactions,
      guard,
    ),
    sessions: mongoSessionStore(Sessions, SessionEnds, guard),
    registrations: mongoRegistrationStore(Registrations, Places, guard),
    sanctions: { ...mongoSanctionStore(Sanctions, guard), ...mongoSanctionLists(Sanctions, guard) },
    audit: mongoAuditStore(Audit, guard),
    attendance: mongoAttendanceStore(Attendance, guard),
    assignments,
    conversations: mongoConversationStore(Conversations, ReadMarks, guard),
    availability: mongoAvailabilityStore(Availability, guard),
    flags,
    personal: mongoPersonalDataStore(personalModels, { flags, assignments }, guard),
    lexicon: mongoLexiconStore(LexiconVersions, guard),
    oncallDeliveries: mongoOncallDeliveryStore(OncallAttempts, guard),
    lexiconStats: mongoLexiconStatsStore(ShadowHits, guard),
    retention: mongoRetentionStore(
      { Claims: RetentionClaims, Messages, Releases: MessageReleases, Conversations, Flags, Resolutions: FlagResolutions, Context: FlagContext, OncallAttempts, Attendance, Audit, Reactions },
      guard,
    ),
    reactions: mongoReactionStore(Reactions, guard),
    reports: mongoReportStore(Reports, Flags, guard),
    blocks: mongoBlockStore(Blocks, guard),
    roomReads: mongoRoomReadStore({ Reads: RoomReads, Members, Messages, Releases: MessageReleases }, guard),
    sealed: mongoSealedTextStore({ Canaries: KeyCanaries, Messages, Rooms, Flags, Resolutions: FlagResolutions, Context: FlagContext, Reports }, guard),
    async ping() {
      const db = connection.db;
      if (closed || !db) throw new StoreUnavailableError("not connected");
      await db.command({ ping: 1 });
    },
    async createIndexes() {
      for (const m of models) {
        await m.createCollection().catch((e: unknown) => {
          // 48: NamespaceExists. Creating collections first keeps index builds simple on every server.
          if (!(e instanceof mongoose.mongo.MongoServerError && e.code === 48)) throw e;
        });
        await m.createIndexes();
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await connection.close();
    },
  };
  if (options.autoIndex) await store.createIndexes();
  return store;
}
