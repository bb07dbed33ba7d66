/**
 * The authorisation matrix: every client event and every REST route against every role. It is
 * data, so the test walks every cell and `npm run docs:authz` prints it to docs/authorization.md.
 * A new event or route without a row fails the test.
 */
export const ROLES = ["member", "peer", "facilitator", "moderator", "admin", "anonymous"] as const;
export type MatrixRole = (typeof ROLES)[number];
export type Cell = "allow" | "deny";

const row = (cells: string): Record<MatrixRole, Cell> => {
  const values = cells.trim().split(/\s+/);
  if (values.length !== ROLES.length) throw new Error(`matrix row needs ${ROLES.length} cells: ${cells}`);
  return Object.fromEntries(ROLES.map((r, i) => [r, values[i] === "allow" ? "allow" : "deny"])) as Record<MatrixRole, Cell>;
};

// "facilitator" is a peer supporter facilitating this session; "peer" is one who is not.
//                                               member peer  facil. mod.  admin anon.
export const EVENT_MATRIX: Record<string, Record<MatrixRole, Cell>> = {
  "room:list":          row("allow allow allow allow allow deny"),
  "room:create":        row("deny  deny  deny  allow allow deny"),
  "room:join":          row("allow allow allow allow allow deny"),
  "room:leave":         row("allow allow allow allow allow deny"),
  "message:send":       row("allow allow allow allow allow deny"),
  "message:history":    row("allow allow allow allow allow deny"),
  "typing:set":         row("allow allow allow allow allow deny"),
  // Someone else's message; everyone may delete and edit their own (test/privacy/own-messages.test.ts).
  "message:delete":     row("deny  deny  allow allow allow deny"),
  "message:edit":       row("deny  deny  deny  deny  deny  deny"),
  "room:lock":          row("deny  deny  allow allow allow deny"),
  "room:slow_mode":     row("deny  deny  allow allow allow deny"),
  "room:pin":           row("deny  deny  allow allow allow deny"),
  "moderation:mute":    row("deny  deny  allow allow allow deny"),
  "moderation:unmute":  row("deny  deny  allow allow allow deny"),
  "moderation:remove":  row("deny  deny  allow allow allow deny"),
  "moderation:ban":     row("deny  deny  allow allow allow deny"),
  "moderation:unban":   row("deny  deny  allow allow allow deny"),
  "moderation:warn":    row("deny  deny  allow allow allow deny"),
  "flag:list":          row("deny  deny  deny  allow allow deny"),
  "flag:get":           row("deny  deny  deny  allow allow deny"),
  "flag:claim":         row("deny  deny  deny  allow allow deny"),
  "flag:resolve":       row("deny  deny  deny  allow allow deny"),
  "flag:release":       row("deny  deny  deny  allow allow deny"),
  "flag:review_list":   row("deny  deny  deny  allow allow deny"),
  "flag:promote":       row("deny  deny  deny  allow allow deny"),
  "flag:dismiss":       row("deny  deny  deny  allow allow deny"),
  // Check-ins with the moderation team: opened from a flag and closed by staff only.
  "flag:checkin":       row("deny  deny  deny  allow allow deny"),
  "checkin:close":      row("deny  deny  deny  allow allow deny"),
  "flag:unclaim":       row("deny  deny  deny  allow allow deny"),
  "flag:reassign":      row("deny  deny  deny  allow allow deny"),
  "flag:history":       row("deny  deny  deny  allow allow deny"),
  // Anyone who may read the room, tried after joining it.
  "reaction:set":       row("allow allow allow allow allow deny"),
  // Someone else's message in a room the reporter reads; a person who is in that room too.
  "report:message":     row("allow allow allow allow allow deny"),
  "report:person":      row("allow allow allow allow allow deny"),
  // Members block members; staff keep every message in view (test/integration/blocks.test.ts).
  "block:set":          row("allow deny  deny  deny  deny  deny"),
  "block:list":         row("allow allow allow allow allow deny"),
  // Anyone who may read the room, tried after joining it; a non-member or banned person is refused.
  "room:read":          row("allow allow allow allow allow deny"),
  "staff:list":         row("deny  deny  deny  allow allow deny"),
  // Whoever may lift them: the session's facilitators, moderators and admins.
  "moderation:room_sanctions": row("deny  deny  allow allow allow deny"),
  "moderation:member_history": row("deny  deny  deny  allow allow deny"),
};

/**
 * Private conversations, against their own cast: the conversation's member and assigned peer, a
 * member and a peer from elsewhere, staff, and nobody. Refusals here are `not_found`: a
 * conversation's existence is as private as its content.
 */
export const CONVERSATION_ROLES = ["its member", "its peer", "other member", "other peer", "moderator", "admin", "anonymous"] as const;
export type ConversationRole = (typeof CONVERSATION_ROLES)[number];

const conversationRow = (cells: string): Record<ConversationRole, Cell> => {
  const values = cells.trim().split(/\s+/);
  if (values.length !== CONVERSATION_ROLES.length) throw new Error(`conversation row needs ${CONVERSATION_ROLES.length} cells: ${cells}`);
  return Object.fromEntries(CONVERSATION_ROLES.map((r, i) => [r, values[i] === "allow" ? "allow" : "deny"])) as Record<ConversationRole, Cell>;
};

// "conversation:list" answers everyone, but only with their own conversations (checked separately).
//                                                           its-m its-p oth-m oth-p mod.  admin anon.
export const CONVERSATION_MATRIX: Record<string, Record<ConversationRole, Cell>> = {
  "conversation:list":    conversationRow("allow allow allow allow allow allow deny"),
  "conversation:send":    conversationRow("allow allow deny  deny  deny  deny  deny"),
  "conversation:history": conversationRow("allow allow deny  deny  deny  deny  deny"),
  // A message its member wrote: only its author may delete it.
  "conversation:delete":  conversationRow("allow deny  deny  deny  deny  deny  deny"),
  "conversation:read":    conversationRow("allow allow deny  deny  deny  deny  deny"),
  "conversation:typing":  conversationRow("allow allow deny  deny  deny  deny  deny"),
  "availability:set":     conversationRow("deny  allow deny  allow deny  deny  deny"),
  // "Ask a moderator": the conversation's own peer only; its member is refused as `forbidden`.
  "conversation:escalate": conversationRow("deny  allow deny  deny  deny  deny  deny"),
  // On a message its member wrote, as either side of the open conversation.
  "conversation:reaction_set": conversationRow("allow allow deny  deny  deny  deny  deny"),
};

/**
 * Check-ins, against their own cast: the member a moderator reached from a flag, another member, a
 * peer supporter, and the moderation team (every moderator and admin acts as its one side). As in
 * peer conversations, refusals are `not_found`, except `forbidden` for staff deleting the member's
 * message and for anyone but staff closing the check-in.
 */
export const CHECKIN_ROLES = ["its member", "other member", "peer", "moderator", "admin", "anonymous"] as const;
export type CheckinRole = (typeof CHECKIN_ROLES)[number];

const checkinRow = (cells: string): Record<CheckinRole, Cell> => {
  const values = cells.trim().split(/\s+/);
  if (values.length !== CHECKIN_ROLES.length) throw new Error(`check-in row needs ${CHECKIN_ROLES.length} cells: ${cells}`);
  return Object.fromEntries(CHECKIN_ROLES.map((r, i) => [r, values[i] === "allow" ? "allow" : "deny"])) as Record<CheckinRole, Cell>;
};

export const CHECKIN_MATRIX: Record<string, Record<CheckinRole, Cell>> = {
  "conversation:send":    checkinRow("allow deny  deny  allow allow deny"),
  "conversation:history": checkinRow("allow deny  deny  allow allow deny"),
  "conversation:read":    checkinRow("allow deny  deny  allow allow deny"),
  "conversation:typing":  checkinRow("allow deny  deny  allow allow deny"),
  // The member's own message: only its author deletes it.
  "conversation:delete":  checkinRow("allow deny  deny  deny  deny  deny"),
  "conversation:reaction_set": checkinRow("allow deny  deny  allow allow deny"),
  "checkin:close":        checkinRow("deny  deny  deny  allow allow deny"),
};

export const ROUTE_MATRIX: Record<string, Record<MatrixRole, Cell>> = {
  "POST /api/auth/refresh":                row("allow allow allow allow allow deny"),
  "GET /api/sessions":                     row("allow allow allow allow allow deny"),
  "POST /api/sessions":                    row("deny  deny  deny  allow allow deny"),
  "GET /api/sessions/:id":                 row("allow allow allow allow allow deny"),
  "PATCH /api/sessions/:id":               row("deny  deny  deny  allow allow deny"),
  "POST /api/sessions/:id/cancel":         row("deny  deny  deny  allow allow deny"),
  "POST /api/sessions/:id/extend":         row("deny  deny  allow allow allow deny"),
  "PUT /api/sessions/:id/registration":    row("allow allow allow allow allow deny"),
  "DELETE /api/sessions/:id/registration": row("allow allow allow allow allow deny"),
  "GET /api/sessions/:id/attendance":      row("deny  deny  allow allow allow deny"),
  "GET /api/admin/users":                  row("deny  deny  deny  deny  allow deny"),
  "POST /api/admin/users":                 row("deny  deny  deny  deny  allow deny"),
  "PATCH /api/admin/users/:id/role":       row("deny  deny  deny  deny  allow deny"),
  "GET /api/admin/audit":                  row("deny  deny  deny  deny  allow deny"),
  // Moderators act on flags, so they may see whether on-call was reached; it holds no message text.
  "GET /api/admin/oncall-deliveries":      row("deny  deny  deny  allow allow deny"),
  "GET /api/admin/lexicon":                row("deny  deny  deny  deny  allow deny"),
  "PUT /api/admin/lexicon/entries/:entryId":    row("deny  deny  deny  deny  allow deny"),
  "DELETE /api/admin/lexicon/entries/:entryId": row("deny  deny  deny  deny  allow deny"),
  // Learning from moderators: admins, as for the lexicon itself. The export holds message text.
  "GET /api/admin/lexicon/stats":          row("deny  deny  deny  deny  allow deny"),
  "GET /api/admin/flags/labels.jsonl":     row("deny  deny  deny  deny  allow deny"),
  "POST /api/assignments":                 row("deny  deny  deny  allow allow deny"),
  "POST /api/assignments/:id/end":         row("deny  deny  deny  allow allow deny"),
  "GET /api/assignments":                  row("deny  deny  deny  allow allow deny"),
  "GET /api/caseload":                     row("deny  allow allow deny  deny  deny"),
  "GET /api/me/export":                    row("allow allow allow allow allow deny"),
  "DELETE /api/admin/users/:id":           row("deny  deny  deny  deny  allow deny"),
  // Last: it erases the account that asks. An admin's is erased by another admin, never by itself.
  "DELETE /api/me":                        row("allow allow allow allow deny  deny"),
};

/**
 * Access that must not outlive the right to it. Each row is a person who was in a session's room
 * (or watching it) when something changed; each column is what they then try on the socket that was
 * already open (a role change closes sockets, so that row is tried on a new one). "receives" is
 * whether a message someone else sends afterwards reaches them.
 */
export const STALE_COLUMNS = ["message:history", "message:send", "typing:set", "receives", "room:join"] as const;
export type StaleColumn = (typeof STALE_COLUMNS)[number];

const staleRow = (cells: string): Record<StaleColumn, Cell> => {
  const values = cells.trim().split(/\s+/);
  if (values.length !== STALE_COLUMNS.length) throw new Error(`stale-access row needs ${STALE_COLUMNS.length} cells: ${cells}`);
  return Object.fromEntries(STALE_COLUMNS.map((c, i) => [c, values[i] === "allow" ? "allow" : "deny"])) as Record<StaleColumn, Cell>;
};

//                                                                  history send  typing recv. rejoin
export const STALE_ACCESS_MATRIX: Record<string, Record<StaleColumn, Cell>> = {
  "member banned from the room":                          staleRow("deny  deny  deny  deny  deny"),
  "member banned from every session":                     staleRow("deny  deny  deny  deny  deny"),
  "member removed from the session":                      staleRow("deny  deny  deny  deny  deny"),
  "member taken off the invite list":                     staleRow("deny  deny  deny  deny  deny"),
  "member who unregistered":                              staleRow("deny  deny  deny  deny  deny"),
  "peer taken off the session's facilitators":            staleRow("deny  deny  deny  deny  deny"),
  // Still listed as the session's facilitator: the listing gives no powers to a member.
  "peer facilitating the session, demoted to member":     staleRow("deny  deny  deny  deny  deny"),
  "moderator who watched, demoted to member":             staleRow("deny  deny  deny  deny  deny"),
  // Watching is read access, not a place in the room: a watcher must join to speak.
  "moderator watching, never joined":                     staleRow("allow deny  deny  allow allow"),
  "member whose ban expired, before joining again":       staleRow("deny  deny  deny  deny  allow"),
  // Last: it moves the clock past the tokens' lifetime.
  "member removed, then the session extended":            staleRow("deny  deny  deny  deny  deny"),
};

/** Routes anyone may call, signed in or not. */
export const PUBLIC_ROUTES = ["POST /api/auth/login", "GET /api/resources"];

export function matrixMarkdown(): string {
  const table = (title: string, rows: Record<string, Record<MatrixRole, Cell>>) => [
    `## ${title}`,
    "",
    `| | ${ROLES.join(" | ")} |`,
    `| --- | ${ROLES.map(() => "---").join(" | ")} |`,
    ...Object.entries(rows).map(([name, cells]) => `| \`${name}\` | ${ROLES.map((r) => (cells[r] === "allow" ? "allow" : "—")).join(" | ")} |`),
    "",
  ];
  return [
    "# Authorisation matrix",
    "",
    "Who may use each Socket.IO event and REST route. Generated from `test/authorization/matrix.ts` by",
    "`npm run docs:authz`; `test/authorization/matrix.test.ts` checks every cell against a running server",
    "and fails when an event or route has no row. \"facilitator\" is a peer supporter facilitating the",
    "session in question; \"peer\" is one who is not. Anonymous sockets are refused at the handshake;",
    "anonymous HTTP calls get 401, other refusals 403 (`forbidden`). Public: " + PUBLIC_ROUTES.map((r) => `\`${r}\``).join(", ") + ".",
    "",
    ...table("Socket.IO events", EVENT_MATRIX),
    "## Private conversations",
    "",
    "Against one conversation: its member and its assigned peer, a member and a peer from elsewhere, staff. Refusals are `not_found`.",
    "",
    `| | ${CONVERSATION_ROLES.join(" | ")} |`,
    `| --- | ${CONVERSATION_ROLES.map(() => "---").join(" | ")} |`,
    ...Object.entries(CONVERSATION_MATRIX).map(([name, cells]) => `| \`${name}\` | ${CONVERSATION_ROLES.map((r) => (cells[r] === "allow" ? "allow" : "—")).join(" | ")} |`),
    "",
    "## Check-ins",
    "",
    "Against one check-in (a member and the moderation team, opened from a flag): its member, another member, a peer supporter, staff. Refusals are `not_found`, except `forbidden` for staff deleting the member's message and for anyone but staff closing it.",
    "",
    `| | ${CHECKIN_ROLES.join(" | ")} |`,
    `| --- | ${CHECKIN_ROLES.map(() => "---").join(" | ")} |`,
    ...Object.entries(CHECKIN_MATRIX).map(([name, cells]) => `| \`${name}\` | ${CHECKIN_ROLES.map((r) => (cells[r] === "allow" ? "allow" : "—")).join(" | ")} |`),
    "",
    ...table("REST routes", ROUTE_MATRIX),
    "## Access after a change",
    "",
    "Someone was in an invite-only session's room (or watching it) when the change in the first column",
    "was made. What they can then do on the socket already open (a role change closes sockets, so that row",
    "is tried on a new one); \"receives\" is whether a message someone else sends afterwards reaches them.",
    "Checked by `test/authorization/stale-access.test.ts`.",
    "",
    `| | ${STALE_COLUMNS.join(" | ")} |`,
    `| --- | ${STALE_COLUMNS.map(() => "---").join(" | ")} |`,
    ...Object.entries(STALE_ACCESS_MATRIX).map(([name, cells]) => `| ${name} | ${STALE_COLUMNS.map((c) => (cells[c] === "allow" ? "allow" : "—")).join(" | ")} |`),
    "",
  ].join("\n");
}
