/**
 * Seals what people wrote before it reaches either store, and opens it on the way back: message
 * bodies (rooms and private conversations), the messages frozen into crisis flags, flag notes and
 * pinned text. Ids, sequence numbers and times stay in the clear, since the stores index them. One
 * wrapper for both stores, so SQLite and MongoDB cannot drift apart in what they protect.
 */
import type { ContextMessage, FlagRecord, FlagStore, MessageRecord, MessageStore, PinnedRecord, RoomRecord, RoomStore, Store } from "../ports";
import { sealAad } from "../sealed-ports";
import type { PersonalDataStore } from "../personal-data-ports";
import type { ReportRecord, ReportStore } from "../report-ports";
import type { FieldCipher } from "./field-cipher";

const { message: messageAad, notes: notesAad, pinned: pinnedAad } = sealAad;

export function encryptStore(inner: Store, cipher: FieldCipher): Store {
  const openMessage = <M extends MessageRecord>(m: M): M => ({ ...m, body: cipher.open(m.body, messageAad(m.id)) });
  const sealContext = (c: ContextMessage[]): ContextMessage[] => c.map((m) => ({ ...m, body: cipher.seal(m.body, messageAad(m.id)) }));
  const openContext = (c: ContextMessage[]): ContextMessage[] => c.map((m) => ({ ...m, body: cipher.open(m.body, messageAad(m.id)) }));
  const openFlag = (f: FlagRecord): FlagRecord => ({ ...f, context: openContext(f.context), notes: f.notes === null ? null : cipher.open(f.notes, notesAad(f.id)) });
  const sealPinned = (roomId: string, p: PinnedRecord | null): PinnedRecord | null => (p ? { ...p, body: cipher.seal(p.body, pinnedAad(roomId)) } : null);
  const openRoom = (r: RoomRecord): RoomRecord => (r.pinned ? { ...r, pinned: { ...r.pinned, body: cipher.open(r.pinned.body, pinnedAad(r.id)) } } : r);

  const messages: MessageStore = {
    ...inner.messages,
    append: async (m) => {
      const result = await inner.messages.append({ ...m, body: cipher.seal(m.body, messageAad(m.id)) });
      return { ...result, message: openMessage(result.message) };
    },
    history: async (roomId, q) => (await inner.messages.history(roomId, q)).map(openMessage),
    findById: async (roomId, id) => {
      const m = await inner.messages.findById(roomId, id);
      return m && openMessage(m);
    },
    erase: async (roomId, id, at) => {
      const m = await inner.messages.erase(roomId, id, at);
      return m && openMessage(m);
    },
    edit: async (roomId, id, body, at) => {
      const m = await inner.messages.edit(roomId, id, cipher.seal(body, messageAad(id)), at);
      return m && openMessage(m);
    },
    release: async (roomId, id, at) => {
      const r = await inner.messages.release(roomId, id, at);
      return r && { ...r, message: openMessage(r.message) };
    },
  };

  const rooms: RoomStore = {
    ...inner.rooms,
    create: async (r) => openRoom(await inner.rooms.create({ ...r, pinned: sealPinned(r.id, r.pinned) })),
    createNamed: async (r, nameKey) => openRoom(await inner.rooms.createNamed({ ...r, pinned: sealPinned(r.id, r.pinned) }, nameKey)),
    findById: async (id) => {
      const r = await inner.rooms.findById(id);
      return r && openRoom(r);
    },
    list: async () => (await inner.rooms.list()).map(openRoom),
    listPage: async (page) => (await inner.rooms.listPage(page)).map(openRoom),
    updateSettings: async (roomId, patch) => {
      const sealed = patch.pinned === undefined ? patch : { ...patch, pinned: patch.pinned && { ...patch.pinned, body: cipher.seal(patch.pinned.body, pinnedAad(roomId)) } };
      const r = await inner.rooms.updateSettings(roomId, sealed);
      return r && openRoom(r);
    },
  };

  // Every flag read opens what it returns, whatever the method: a method added later cannot leak sealed text or skip opening.
  const openAny = (value: unknown): unknown =>
    Array.isArray(value) ? value.map(openAny) : value && typeof value === "object" && "context" in value && "place" in value ? openFlag(value as FlagRecord) : value;
  const flagReads = Object.fromEntries(
    Object.entries(inner.flags).map(([name, fn]) => [name, typeof fn === "function" ? async (...args: unknown[]) => openAny(await (fn as (...a: unknown[]) => Promise<unknown>)(...args)) : fn]),
  ) as unknown as FlagStore;
  const flags: FlagStore = {
    ...flagReads,
    create: async (f) => openFlag(await inner.flags.create({ ...f, context: sealContext(f.context), notes: f.notes === null ? null : cipher.seal(f.notes, notesAad(f.id)) })),
    recordHit: async (id, hit) => {
      const f = await inner.flags.recordHit(id, { ...hit, context: sealContext(hit.context) });
      return f && openFlag(f);
    },
    addContext: (id, context) => inner.flags.addContext(id, sealContext(context)),
    resolve: async (id, by, at, outcome, notes) => {
      const f = await inner.flags.resolve(id, by, at, outcome, notes === null ? null : cipher.seal(notes, notesAad(id)));
      return f && openFlag(f);
    },
  };

  // A person's export reads their messages and flags: opened like every other read.
  const personal: PersonalDataStore = {
    ...inner.personal,
    messagesBy: async (authorId, page) => (await inner.personal.messagesBy(authorId, page)).map(openMessage),
    flagsAbout: async (authorId) => (await inner.personal.flagsAbout(authorId)).map(openFlag),
  };

  // A reporter's note is their own words about someone: sealed like a flag's notes.
  const openReport = (r: ReportRecord): ReportRecord => (r.note === null ? r : { ...r, note: cipher.open(r.note, sealAad.reportNote(r.id)) });
  const reports: ReportStore = {
    ...inner.reports,
    create: async (r) => {
      const { report, created } = await inner.reports.create({ ...r, note: r.note === null ? null : cipher.seal(r.note, sealAad.reportNote(r.id)) });
      return { report: openReport(report), created };
    },
    latestFor: async (subject) => {
      const r = await inner.reports.latestFor(subject);
      return r && openReport(r);
    },
    forFlags: async (flagIds) => (await inner.reports.forFlags(flagIds)).map(openReport),
    by: async (reporterId) => (await inner.reports.by(reporterId)).map(openReport),
  };

  return Object.assign(Object.create(Object.getPrototypeOf(inner) as object) as Store, inner, { messages, rooms, flags, personal, reports });
}
