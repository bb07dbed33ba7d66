/** Bounds of answers, shared by the server and the client without bundling the schemas (zod). */

/** Rooms per room:list page. */
export const MAX_ROOM_PAGE = 100;
export const DEFAULT_ROOM_PAGE = 50;
/**
 * A history answer stops adding messages once their bodies reach this many UTF-8 bytes (at least one
 * message is always given), so one answer cannot grow with the length of the messages it holds.
 */
export const MAX_HISTORY_BYTES = 256 * 1024;
