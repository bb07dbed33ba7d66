/** Said once, where it matters: before the first private message, who else may ever read it. */
import { h } from "../dom";

const PRIVACY_SEEN = "haven.privacy-notice-seen";

export function privacyNotice(): HTMLElement {
  const privacy: HTMLElement = h("div", { id: "privacy-notice", className: "notice", attrs: { role: "note" }, hidden: localStorage.getItem(PRIVACY_SEEN) === "1" },
    h("p", null, "Only the two of you read this conversation. If a message here may mean someone is in danger, moderators are alerted and can read that message and a few around it; each look is recorded. Your peer supporter can also ask a moderator to look, who then sees the last few messages. You can delete your own messages."),
    h("button", { type: "button", className: "secondary small", on: { click: () => { localStorage.setItem(PRIVACY_SEEN, "1"); privacy.hidden = true; } } }, "Got it"));
  return privacy;
}
