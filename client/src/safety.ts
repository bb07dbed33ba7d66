/** Always-present safety controls: quick exit and the help panel. */
export const QUICK_EXIT_URL = "https://www.google.com/search?q=weather";

export function quickExit(): void {
  try {
    sessionStorage.clear();
  } catch {
    // Storage may be unavailable; leaving matters more.
  }
  // replace() leaves no history entry to go back to.
  window.location.replace(QUICK_EXIT_URL);
}

import type { CrisisResource } from "../../shared/dto";

/** Fills the help panel with the deployment's support lines; as text only. */
export function showResources(resources: CrisisResource[], message?: string): void {
  const list = document.getElementById("help-resources");
  if (!list) return;
  list.replaceChildren(
    ...resources.map((r) => {
      const li = document.createElement("li");
      const name = document.createElement("strong");
      name.textContent = r.name;
      li.append(name, document.createTextNode(`: ${r.contact}`));
      if (r.description) li.append(document.createTextNode(` (${r.description})`));
      return li;
    }),
  );
  if (message) {
    const text = document.getElementById("help-message");
    if (text) text.textContent = message;
  }
}

/** Opens the help panel, for the person alone, without taking them away from the conversation. */
export function openHelpPanel(): void {
  const panel = document.getElementById("help-panel");
  const help = document.getElementById("help-now");
  if (!panel) return;
  panel.hidden = false;
  help?.setAttribute("aria-expanded", "true");
}

export function installSafetyControls(): void {
  // The deployment's lines are public: load them before anyone signs in.
  fetch("/api/resources")
    .then((r) => (r.ok ? (r.json() as Promise<{ resources: CrisisResource[] }>) : null))
    .then((body) => body && showResources(body.resources))
    .catch(() => undefined);
  document.getElementById("quick-exit")?.addEventListener("click", quickExit);
  let lastEsc = 0;
  document.addEventListener("keydown", (e) => {
    if (e.key !== "Escape") return;
    const now = Date.now();
    if (now - lastEsc < 1000) quickExit();
    lastEsc = now;
  });
  const help = document.getElementById("help-now");
  const panel = document.getElementById("help-panel");
  help?.addEventListener("click", () => {
    if (!panel) return;
    panel.hidden = !panel.hidden;
    help.setAttribute("aria-expanded", String(!panel.hidden));
  });
}
