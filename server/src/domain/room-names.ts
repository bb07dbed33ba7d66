/**
 * Standing rooms' names are unique, ignoring case, spacing and look-alike forms, so that a crisis
 * alert or the dashboard naming "Welcome circle" points at exactly one room. Session rooms are
 * exempt: every occurrence of a weekly series is its own room under the series' title.
 */

/** The key two names share when people would read them as the same name. */
export const roomNameKey = (name: string): string => name.normalize("NFKC").trim().replace(/\s+/gu, " ").toLocaleLowerCase("en");
