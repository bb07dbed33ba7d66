/**
 * Turns a crisis line's contact, as a deployment wrote it, into a link a phone can act on: an
 * https address, a number to call (tel:) or a short code to text (sms:). Only those three schemes
 * are ever produced, so a configured "javascript:" or "data:" contact stays plain text.
 */
const PHONE = /^\+?[\d\s().-]{3,20}$/;
/** "Text HOME to 741741", "SMS 85258": the last run of digits is the number to text. */
const TEXT = /^(?:text|sms)\b.*?(\+?\d[\d\s-]{1,15}\d)\s*$/i;

export function contactHref(contact: string): string | null {
  const c = contact.trim();
  if (/^https:\/\/[^\s]+$/i.test(c)) {
    try {
      const url = new URL(c);
      return url.protocol === "https:" ? url.href : null;
    } catch {
      return null;
    }
  }
  const text = TEXT.exec(c);
  if (text?.[1]) return `sms:${text[1].replace(/[^\d+]/g, "")}`;
  if (PHONE.test(c) && /\d{2,}/.test(c)) return `tel:${c.replace(/[^\d+]/g, "")}`;
  return null;
}
