/** The count of unseen flag alerts in the tab's title, while the moderator is in another tab. */
export function createUnseenTitle(): { markUnseen(): void; restoreTitle(): void } {
  const baseTitle = document.title;
  let unseen = 0;
  const countedTitle = () => `(${unseen}) Crisis flag · ${baseTitle}`;
  /** Puts the title back, unless something else (a quick exit) has changed it since. */
  function restoreTitle(): void {
    if (unseen > 0 && document.title === countedTitle()) document.title = baseTitle;
    unseen = 0;
    document.removeEventListener("visibilitychange", onVisible);
  }
  function onVisible(): void {
    if (!document.hidden) {
      if (unseen > 0 && document.title === countedTitle()) document.title = baseTitle;
      unseen = 0;
    }
  }
  document.addEventListener("visibilitychange", onVisible);
  return {
    markUnseen() {
      if (!document.hidden) return;
      unseen++;
      document.title = countedTitle();
    },
    restoreTitle,
  };
}
