/**
 * "Your data": download everything Haven keeps about oneself, and erase one's account. The export
 * is fetched with the token and saved from memory, so it never passes through a URL a proxy or the
 * browser history could keep.
 */
import { h } from "../dom";
import type { View } from "./view";
import { blockedPeopleSection } from "./blocked-people";

export const accountView: View = (root, ctx) => {
  let alive = true;
  const exportStatus = h("p", { id: "export-status", className: "muted", attrs: { role: "status" } });
  const download = h("button", { id: "export-download", type: "button", on: { click: () => void saveExport() } }, "Download my data");

  async function saveExport(): Promise<void> {
    download.disabled = true;
    exportStatus.textContent = "Preparing your data…";
    try {
      const archive = await ctx.api<unknown>("GET", "/api/me/export");
      if (!alive) return;
      const url = URL.createObjectURL(new Blob([JSON.stringify(archive, null, 2)], { type: "application/json" }));
      const link = h("a", { href: url, download: "haven-export.json", hidden: true });
      root.append(link);
      link.click();
      link.remove();
      // Revoked after the browser has taken the file: the data does not stay addressable in the page.
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      exportStatus.textContent = "Your data was saved as haven-export.json.";
    } catch (e) {
      if (alive) exportStatus.textContent = `Your data could not be prepared: ${(e as Error).message}`;
    } finally {
      download.disabled = false;
    }
  }

  const isAdmin = ctx.me.user.role === "admin";
  const password = h("input", { id: "erase-password", name: "password", type: "password", autocomplete: "current-password", required: true });
  const confirm = h("input", { id: "erase-confirm", name: "confirm", type: "checkbox", required: true });
  const eraseError = h("p", { id: "erase-error", className: "error", attrs: { role: "alert" } });
  const erase = h("button", { id: "erase-submit", type: "submit", className: "danger" }, "Erase my account");
  const form = h(
    "form",
    { id: "erase-form", className: "stack", on: { submit: (e: SubmitEvent) => void eraseAccount(e) } },
    h("label", { attrs: { for: "erase-password" } }, "Your password"),
    password,
    h("label", { className: "inline" }, confirm, " I understand that this cannot be undone."),
    erase,
    eraseError,
  );

  async function eraseAccount(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    eraseError.textContent = "";
    erase.disabled = true;
    try {
      await ctx.api<unknown>("DELETE", "/api/me", { password: password.value });
      ctx.signOut("Your account has been erased.");
    } catch (err) {
      if (!alive) return;
      eraseError.textContent = (err as Error).message;
      password.value = "";
      password.focus();
    } finally {
      erase.disabled = false;
    }
  }

  root.append(
    h("h2", null, "Your data"),
    h(
      "section",
      { className: "card", attrs: { "aria-labelledby": "export-title" } },
      h("h3", { id: "export-title" }, "Download a copy"),
      h("p", null, "One file with your account, every message you wrote, your private conversations, your session registrations, any mutes or blocks and why, crisis flags on your messages, and the records of what was done about you."),
      download,
      exportStatus,
    ),
    h(
      "section",
      { className: "card", attrs: { "aria-labelledby": "erase-title" } },
      h("h3", { id: "erase-title" }, "Erase your account"),
      h("p", null, "Your account, registrations and attendance are deleted, and your peer support conversations close. Your messages are erased, or kept without your name if this service keeps group conversations whole. Records of what moderators did stay, without your name. Download a copy first if you want one."),
      isAdmin ? h("p", { id: "erase-admin", className: "muted" }, "An admin's account is erased by another admin.") : form,
    ),
  );
  // Only members block; staff have nobody to unblock.
  if (ctx.me.user.role === "member") root.append(blockedPeopleSection(ctx));
  return () => {
    alive = false;
  };
};
