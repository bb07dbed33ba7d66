/**
 * Letting someone know a private message came while they looked elsewhere: a count in the tab's
 * title, "(2) Haven", and, only if they turned it on by a click, a browser notification while the
 * tab is hidden. The notification never carries the message's words or the sender's name, since
 * it may show on a locked or shared screen.
 */
import { h } from "./dom";

const BASE_TITLE = "Haven";

/** The unread count of private messages in the tab's title. */
export function setUnreadTitle(total: number): void {
  // After a quick exit the title is the neutral page's; leave it so.
  if (document.title !== BASE_TITLE && !/^\(\d+\) Haven$/.test(document.title)) return;
  document.title = total > 0 ? `(${total}) ${BASE_TITLE}` : BASE_TITLE;
}

const supported = () => typeof Notification !== "undefined";

/** Shows "New private message" when the tab is hidden and the person allowed notifications. */
export function notifyPrivateMessage(): void {
  if (!supported() || Notification.permission !== "granted" || !document.hidden) return;
  try {
    new Notification(BASE_TITLE, { body: "New private message", tag: "haven-private" });
  } catch {
    // Some browsers only allow notifications from a service worker; the title count still shows.
  }
}

/**
 * A button that asks for permission to notify, shown only while the browser has not been asked:
 * the question comes after the person's own click, never by itself on load.
 */
export function notificationToggle(): HTMLElement | null {
  if (!supported() || Notification.permission !== "default") return null;
  const button: HTMLButtonElement = h(
    "button",
    {
      type: "button",
      id: "notify-toggle",
      className: "secondary",
      on: {
        click: () =>
          void Notification.requestPermission().then((p) => {
            button.replaceWith(h("p", { className: "muted", attrs: { role: "status" } }, p === "granted" ? "You will be notified of new private messages (without their words) while Haven is in the background." : "Notifications stay off."));
          }),
      },
    },
    "Notify me of new private messages",
  );
  return button;
}
