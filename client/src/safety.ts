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

export function installSafetyControls(): void {
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
