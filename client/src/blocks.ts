/**
 * Blocking someone from one of their room messages. A small Block button asks first, in place
 * (Cancel or Escape leaves everything as it was); once the server has the block their messages
 * already on screen are hidden at once, and the server stops sending more. The server decides who
 * may block whom: a refusal (staff cannot be blocked) is shown in its own words.
 */
import type { Ack } from "../../shared/ack";
import type { Message, Role } from "../../shared/dto";
import { request } from "./connection";
import { h } from "./dom";
import type { ListedMessage, MessageList } from "./message-list";
import type { ViewContext } from "./views/view";

/** Replaces every loaded message by `authorId` with a placeholder that keeps its seq, so gap-fill sees no hole. */
export function hideAuthor<M extends ListedMessage>(list: MessageList<M>, authorId: string): void {
  const hidden: M[] = [];
  for (let seq = list.firstSeq; seq <= list.lastSeq; seq++) {
    const m = list.get(seq);
    if (m?.authorId === authorId) hidden.push({ ...m, authorId: "", authorName: "", body: "", hidden: true });
  }
  if (hidden.length > 0) list.add(...hidden);
}

export function blockAction(author: { name: string }, go: () => Promise<Ack<unknown>>, announce: (text: string) => void): HTMLElement {
  const box = h("span", { className: "block-action" });
  const out = h("span", { className: "muted", attrs: { role: "status" } });
  const start = h("button", { type: "button", className: "link", attrs: { "aria-label": `Block ${author.name}` }, on: { click: () => ask() } }, "Block");

  const reset = (focus: boolean) => {
    box.replaceChildren(start, out);
    if (focus) start.focus();
  };
  const ask = () => {
    const yes = h("button", { type: "button", className: "danger small", on: { click: () => void confirm() } }, "Block");
    const no = h("button", { type: "button", className: "secondary small", on: { click: () => reset(true) } }, "Cancel");
    out.textContent = "";
    box.replaceChildren(
      h("span", { className: "block-question", dir: "auto" }, `Hide ${author.name}'s messages in rooms from you? They will not be told. You can unblock them under Your data.`),
      yes,
      no,
      out,
    );
    yes.focus();
  };
  const confirm = async () => {
    const ack = await go();
    if (ack.ok) return announce(`You blocked ${author.name}. Their messages in rooms are hidden from you.`);
    reset(true);
    out.textContent = ack.error.message;
    announce(ack.error.message);
  };
  box.addEventListener("keydown", (e) => {
    if (e.key === "Escape" && !box.contains(start)) {
      // Used up here: it does not count toward Esc-Esc (safety.ts).
      e.preventDefault();
      reset(true);
    }
  });
  reset(false);
  return box;
}

/**
 * The Block control for a room's messages: offered to members, on other members' messages (staff
 * in the room are known from presence and not offered it). After a block, the person's loaded
 * messages are hidden and `forget` drops them from anything else on screen (the typing line), in
 * this tab and, through block:changed, in the person's others.
 */
export function roomBlocking<M extends Message>(
  ctx: Pick<ViewContext, "me" | "socket" | "announce" | "on">,
  deps: { list: () => MessageList<M>; listEl: HTMLElement; roleOf: (userId: string) => Role | undefined; forget: (userId: string) => void },
): (m: M) => HTMLElement | null {
  const block = async (authorId: string): Promise<Ack<unknown>> => {
    const ack = await request(ctx.socket, "block:set", { userId: authorId, blocked: true });
    if (!ack.ok) return ack;
    // Focus was on the confirm button inside a message that is about to go: keep it in the list.
    deps.listEl.focus();
    hideAuthor(deps.list(), authorId);
    deps.forget(authorId);
    return ack;
  };
  // Blocked from another tab or device: what this one already shows goes too. (An unblock shows
  // their new messages at once, and the earlier ones when the room is next opened.)
  ctx.on("block:changed", ({ userId, blocked }) => {
    if (!blocked) return;
    hideAuthor(deps.list(), userId);
    deps.forget(userId);
  });
  return (m) => {
    const role = deps.roleOf(m.authorId);
    const offered = ctx.me.user.role === "member" && !m.held && !m.hidden && m.authorId !== "" && m.authorId !== ctx.me.user.id && (role === undefined || role === "member");
    return offered ? blockAction({ name: m.authorName }, () => block(m.authorId), (text) => ctx.announce(text)) : null;
  };
}
