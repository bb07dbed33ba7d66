import { trusted, type Model } from "mongoose";
import type { FlagHandoverDoc } from "./models/flag-handover.model";
import type { ContextMessage } from "../ports";
import type { AccountErasure, ErasureResult, PersonalDataStore } from "../personal-data-ports";
import type { Guard } from "./errors";
import type { AssignmentDoc } from "./models/assignment.model";
import type { AttendanceDoc } from "./models/attendance.model";
import type { AuditDoc } from "./models/audit.model";
import type { AvailabilityDoc } from "./models/availability.model";
import type { ConversationDoc, ReadMarkDoc } from "./models/conversation.model";
import type { FlagReviewDecisionDoc } from "./models/flag-review.model";
import type { FlagClaimDoc, FlagContextDoc, FlagDoc, FlagResolutionDoc } from "./models/flag.model";
import type { LexiconVersionDoc } from "./models/lexicon.model";
import type { MessageDoc } from "./models/message.model";
import type { PlaceDoc, RegistrationDoc } from "./models/registration.model";
import type { RoomMemberDoc } from "./models/room-member.model";
import type { RoomDoc } from "./models/room.model";
import type { SanctionDoc } from "./models/sanction.model";
import type { SessionDoc } from "./models/session.model";
import type { UserDoc } from "./models/user.model";
import type { ReactionDoc } from "./models/reaction.model";
import type { ReportDoc } from "./models/report.model";
import type { BlockDoc } from "./models/block.model";
import type { RoomReadDoc } from "./models/room-read.model";
import { forgetReactions } from "./reactions.store";

export interface ErasureModels {
  Users: Model<UserDoc>;
  Members: Model<RoomMemberDoc>;
  Messages: Model<MessageDoc>;
  Registrations: Model<RegistrationDoc>;
  Places: Model<PlaceDoc>;
  Attendance: Model<AttendanceDoc>;
  Availability: Model<AvailabilityDoc>;
  ReadMarks: Model<ReadMarkDoc>;
  Reactions: Model<ReactionDoc>;
  Blocks: Model<BlockDoc>;
  RoomReads: Model<RoomReadDoc>;
  Sanctions: Model<SanctionDoc>;
  Conversations: Model<ConversationDoc>;
  Assignments: Model<AssignmentDoc>;
  Sessions: Model<SessionDoc>;
  Rooms: Model<RoomDoc>;
  LexiconVersions: Model<LexiconVersionDoc>;
  Audit: Model<AuditDoc>;
  Flags: Model<FlagDoc>;
  FlagContext: Model<FlagContextDoc>;
  FlagClaims: Model<FlagClaimDoc>;
  FlagResolutions: Model<FlagResolutionDoc>;
  FlagReviewDecisions: Model<FlagReviewDecisionDoc>;
  FlagHandovers: Model<FlagHandoverDoc>;
  Reports: Model<ReportDoc>;
}

const ATTEMPTS = 5;

/** What the sweep asks of any collection: plain field updates and deletes, whatever the document type. */
interface Sweepable {
  updateMany(filter: object, update: object): PromiseLike<unknown>;
  deleteMany(filter: object): PromiseLike<unknown>;
}

/**
 * personal.eraseAccount. No transaction spans collections on every server this store supports, so
 * each step is idempotent and the account record goes last: an erasure cut short leaves an account
 * that can sign in and run it again. Messages are swept once more after that, for a send that raced it.
 */
export function mongoAccountErasure(m: ErasureModels, guard: Guard): PersonalDataStore["eraseAccount"] {
  const rename = (model: Sweepable, field: string, e: AccountErasure) => model.updateMany({ [field]: e.userId }, { $set: { [field]: e.pseudonym } });

  async function messages(e: AccountErasure): Promise<ErasureResult> {
    const name = { authorId: e.pseudonym, authorName: e.pseudonymName };
    if (e.messages === "pseudonymise") return { erased: [], pseudonymised: (await m.Messages.updateMany({ authorId: e.userId }, { $set: name })).modifiedCount };
    const live = await m.Messages.find({ authorId: e.userId, deletedAt: null }, { roomId: 1, seq: 1 }).lean();
    await m.Messages.updateMany({ authorId: e.userId, deletedAt: null }, { $set: { body: "", deletedAt: e.at } });
    await m.Messages.updateMany({ authorId: e.userId }, { $set: name });
    // Erased messages keep no reactions (other people's included): they went with the words.
    await forgetReactions(m.Reactions, live.map((d) => d._id));
    return { erased: live.map((d) => ({ roomId: d.roomId, messageId: d._id, seq: d.seq })), pseudonymised: 0 };
  }

  function contextEntry(c: ContextMessage, e: AccountErasure): ContextMessage {
    const renamed = c.erasedBy === e.userId ? { ...c, erasedBy: e.pseudonym } : c;
    if (c.authorId !== e.userId) return renamed;
    const kept = { ...renamed, authorId: e.pseudonym, authorName: e.pseudonymName };
    return e.messages === "erase" ? { ...kept, body: "", erasedAt: c.erasedAt ?? e.at, erasedBy: c.erasedAt ? kept.erasedBy : e.by } : kept;
  }

  async function flagContexts(e: AccountErasure): Promise<void> {
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const docs = await m.Flags.find(trusted({ $or: [{ "context.authorId": e.userId }, { "context.erasedBy": e.userId }] }), { context: 1 }).lean<Pick<FlagDoc, "_id" | "context">[]>();
      if (docs.length === 0) break;
      // Only over the context that was read: a hit merged meanwhile makes this miss, and the loop reads again.
      for (const d of docs) await m.Flags.updateOne({ _id: d._id, context: d.context }, { $set: { context: d.context.map((c) => contextEntry(c, e)) } });
    }
    const added = { authorId: e.pseudonym, authorName: e.pseudonymName };
    if (e.messages === "erase") {
      await m.FlagContext.updateMany({ authorId: e.userId, erasedAt: null }, { $set: { ...added, body: "", erasedAt: e.at, erasedBy: e.by } });
    }
    await m.FlagContext.updateMany({ authorId: e.userId }, { $set: added });
    await rename(m.FlagContext, "erasedBy", e);
  }

  async function sessionLists(e: AccountErasure): Promise<void> {
    for (const list of ["facilitatorIds", "moderatorIds", "inviteeIds"]) {
      await (m.Sessions as Sweepable).updateMany({ [list]: e.userId }, { $pull: { [list]: e.userId } });
    }
  }

  return (e) =>
    guard(async () => {
      const result = await messages(e);
      await flagContexts(e);
      await m.Assignments.updateMany(trusted({ $or: [{ memberId: e.userId }, { peerId: e.userId }], endedAt: null }), { $set: { endedAt: e.at } });
      await m.Conversations.updateMany(trusted({ $or: [{ memberId: e.userId }, { peerId: e.userId }], readOnlySince: null }), { $set: { readOnlySince: e.at } });
      await m.Audit.updateMany({ "details.peerId": e.userId }, { $set: { "details.peerId": e.pseudonym } });
      await m.Audit.updateMany({ "details.reportedUserId": e.userId }, { $set: { "details.reportedUserId": e.pseudonym } });
      // The person's reports, notes included, go with them; a review item they started stays, unattributed.
      await m.Reports.deleteMany({ reporterId: e.userId });
      await sessionLists(e);
      for (const model of [m.Registrations, m.Places, m.Attendance, m.ReadMarks, m.Members, m.Sanctions, m.Reactions, m.RoomReads] as Sweepable[]) {
        await model.deleteMany({ userId: e.userId });
      }
      // Blocks the person set, and blocks on them: nothing is left to apply either to.
      await m.Blocks.deleteMany(trusted({ $or: [{ blockerId: e.userId }, { blockedId: e.userId }] }));
      await m.Availability.deleteOne({ _id: e.userId });
      const renames: [Sweepable, string][] = [
        [m.Audit, "actorId"],
        [m.Audit, "targetUserId"],
        [m.Flags, "authorId"],
        [m.FlagClaims, "by"],
        [m.FlagHandovers, "by"],
        [m.FlagResolutions, "by"],
        [m.FlagReviewDecisions, "by"],
        [m.Conversations, "memberId"],
        [m.Conversations, "peerId"],
        [m.Assignments, "memberId"],
        [m.Assignments, "peerId"],
        [m.Assignments, "createdBy"],
        [m.Sanctions, "createdBy"],
        [m.Sessions, "createdBy"],
        [m.Rooms, "createdBy"],
        [m.Rooms, "pinned.byId"],
        [m.LexiconVersions, "createdBy"],
      ];
      for (const [model, field] of renames) await rename(model, field, e);
      await m.Users.deleteOne({ _id: e.userId });
      const late = await messages(e);
      return { erased: [...result.erased, ...late.erased], pseudonymised: result.pseudonymised + late.pseudonymised };
    });
}
