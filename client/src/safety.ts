/** Always-present safety controls: quick exit and the "Get help now" panel. */
import type { CrisisResource } from "../../shared/dto";
import { contactHref } from "./contact-link";
import { fill, h } from "./dom";

/** A neutral page that gives nothing away to someone looking over a shoulder. */
export const QUICK_EXIT_URL = "https://www.google.com/search?q=weather";
/** Two presses of Esc within this count as a quick exit. */
const ESC_TWICE_MS = 1000;

const beforeExit: (() => void)[] = [];

/** Lets the shell drop its connection and timers on the way out. */
export function onQuickExit(fn: () => void): void {
  beforeExit.push(fn);
}

/**
 * Leaves at once: blanks the page, forgets the session, then replaces this history entry with the
 * neutral page so Back does not return here. See the README for what a browser cannot erase.
 */
export function quickExit(): void {
  document.body.replaceChildren();
  document.title = "Weather";
  for (const fn of beforeExit) {
    try {
      fn();
    } catch {
      // Leaving matters more.
    }
  }
  try {
    sessionStorage.clear();
    localStorage.clear();
  } catch {
    // Storage may be unavailable; leaving matters more.
  }
  try {
    history.replaceState(null, "", "/");
  } catch {
    // Same.
  }
  window.location.replace(QUICK_EXIT_URL);
}

/** The help panel's support lines, as text only. */
export function showResources(resources: CrisisResource[], message?: string): void {
  const list = document.getElementById("help-resources");
  if (list) fill(list, ...resources.map(resourceItem));
  const text = document.getElementById("help-message");
  if (message && text) text.textContent = message;
}

/** A support line, its contact a tel:/sms:/https: link when it is one (see contact-link.ts). */
export function resourceItem(r: CrisisResource): HTMLLIElement {
  const href = contactHref(r.contact);
  const external = href?.startsWith("https:");
  const contact = href
    ? h("a", { href, className: "contact-link", ...(external ? { target: "_blank", rel: "noopener noreferrer" } : {}) }, r.contact)
    : r.contact;
  return h("li", null, h("strong", null, r.name), ": ", contact, r.description ? ` (${r.description})` : "");
}

/** Opens the help panel, for the person alone, without taking them away from the conversation. */
export function openHelpPanel(): void {
  const panel = document.getElementById("help-panel");
  if (!panel) return;
  panel.hidden = false;
  document.getElementById("help-now")?.setAttribute("aria-expanded", "true");
}

/** Closes the help panel and gives focus back to the button that opens it. */
export function closeHelpPanel(): void {
  const panel = document.getElementById("help-panel");
  const help = document.getElementById("help-now");
  if (!panel || panel.hidden) return;
  panel.hidden = true;
  help?.setAttribute("aria-expanded", "false");
  help?.focus();
}

/**
 * Get help now and Quick exit for a modal dialog, which makes the page's own bar unreachable while
 * it is open. Get help closes the dialog first (`close`), so the panel it opens can be used.
 */
export function safetyButtons(close: () => void): HTMLElement {
  const help = h("button", { type: "button", className: "small", on: { click: () => (close(), openHelpPanel(), document.getElementById("help-panel")?.focus()) } }, "Get help now");
  const exit = h("button", { type: "button", className: "danger small", on: { click: quickExit } }, "Quick exit");
  return h("div", { className: "dialog-safety" }, help, exit);
}

/** Loads the deployment's support lines (public: before anyone signs in) and wires the controls. */
export function installSafetyControls(): Promise<CrisisResource[]> {
  document.getElementById("quick-exit")?.addEventListener("click", quickExit);
  let lastEsc = 0;
  document.addEventListener("keydown", (e) => {
    if (e.key !== "Escape") return;
    // An Esc that closes a dialog or cancels a question was meant for that: leaving the site in
    // the middle of a task would lose it. Such screens carry their own Quick exit (safetyButtons).
    if (e.defaultPrevented || document.querySelector("dialog[open]")) {
      lastEsc = 0;
      return;
    }
    const now = Date.now();
    if (now - lastEsc < ESC_TWICE_MS) quickExit();
    lastEsc = now;
    // One Esc also closes the help panel; a second one still leaves.
    closeHelpPanel();
  });
  document.getElementById("help-close")?.addEventListener("click", closeHelpPanel);
  keepBarInView();
  const help = document.getElementById("help-now");
  const panel = document.getElementById("help-panel");
  help?.addEventListener("click", () => {
    if (!panel) return;
    if (!panel.hidden) return closeHelpPanel();
    openHelpPanel();
    panel.focus();
  });
  return fetch("/api/resources")
    .then((r) => (r.ok ? (r.json() as Promise<{ resources: CrisisResource[] }>) : { resources: [] }))
    .then(({ resources }) => {
      showResources(resources);
      return resources;
    })
    .catch(() => []);
}

/**
 * The top bar is position: fixed, but on phones an on-screen keyboard shrinks only the visual
 * viewport and the browser may scroll the layout viewport under it, carrying a fixed bar off the
 * top. Following the visual viewport's offset keeps Quick exit and Get help on screen while typing.
 */
function keepBarInView(): void {
  const vv = window.visualViewport;
  const bar = document.querySelector<HTMLElement>(".topbar");
  if (!vv || !bar) return;
  const follow = () => {
    bar.style.transform = vv.offsetTop > 0 ? `translateY(${vv.offsetTop}px)` : "";
  };
  vv.addEventListener("resize", follow);
  vv.addEventListener("scroll", follow);
}
