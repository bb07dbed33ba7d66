/**
 * How one message's parts are shown: its text in its own direction with web addresses as links,
 * its time with the full date on hover, and the day it belongs to. Everything is built with h(),
 * so message text only ever becomes text nodes and links whose address was checked.
 */
import { h } from "./dom";

/** Candidate addresses; trailing punctuation is trimmed afterwards, so "see https://x.org." works. */
const URL_IN_TEXT = /\bhttps?:\/\/[^\s<>"']+/gi;
const TRAILING = /[.,;:!?)\]}'"]+$/;

/** Message text as text nodes and http(s) links (opened in a new tab, with no referrer or opener). */
export function linkify(text: string): (string | HTMLAnchorElement)[] {
  const out: (string | HTMLAnchorElement)[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_IN_TEXT)) {
    const start = match.index ?? 0;
    const raw = match[0].replace(TRAILING, "");
    let href: string | null = null;
    try {
      const url = new URL(raw);
      if (url.protocol === "http:" || url.protocol === "https:") href = url.href;
    } catch {
      href = null;
    }
    if (!href) continue;
    if (start > last) out.push(text.slice(last, start));
    out.push(h("a", { href, target: "_blank", rel: "noopener noreferrer" }, raw));
    last = start + raw.length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

/** A message body: dir="auto" so Arabic or Hebrew is laid out right to left. */
export function messageBody(text: string): HTMLSpanElement {
  return h("span", { className: "msg-body", dir: "auto" }, ...linkify(text));
}

/** A person's name or other user-written label, in its own direction. */
export function userText(text: string, className = ""): HTMLSpanElement {
  return h("span", { className, dir: "auto" }, text);
}

const fullFormat = (d: Date) => d.toLocaleString([], { weekday: "long", day: "numeric", month: "long", year: "numeric", hour: "2-digit", minute: "2-digit" });

/** The clock time, with the full date and time in the title and a machine-readable datetime. */
export function timeElement(iso: string): HTMLTimeElement {
  const d = new Date(iso);
  return h("time", { dateTime: iso, title: fullFormat(d) }, d.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" }));
}

/** The viewer's local calendar day, as a key that sorts and compares. */
export function dayKey(iso: string): string {
  const d = new Date(iso);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}

/** "Today", "Yesterday" or the full date in the viewer's locale. */
export function dayLabel(iso: string, now = new Date()): string {
  const key = dayKey(iso);
  if (key === dayKey(now.toISOString())) return "Today";
  const yesterday = new Date(now);
  yesterday.setDate(now.getDate() - 1);
  if (key === dayKey(yesterday.toISOString())) return "Yesterday";
  return new Date(iso).toLocaleDateString([], { weekday: "long", day: "numeric", month: "long", year: "numeric" });
}

/** The heading shown above the first message of each day. */
export function daySeparator(iso: string): HTMLParagraphElement {
  return h("p", { className: "day-separator" }, h("time", { dateTime: dayKey(iso) }, dayLabel(iso)));
}
