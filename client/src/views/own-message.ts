/**
 * What an author can do with their own message: edit it (room messages, within the deployment's
 * window; the server says when it is too late) and delete it. Editing happens in place, in a small
 * form that Escape cancels; deleting asks first, since it cannot be undone.
 */
import type { Ack } from "../../../shared/ack";
import { h } from "../dom";
import type { ViewContext } from "./view";

export interface OwnMessageOps {
  /** Absent where messages cannot be edited (private conversations). */
  edit?: (body: string) => Promise<Ack<unknown>>;
  remove: () => Promise<Ack<unknown>>;
}

export function ownMessageActions(ctx: ViewContext, m: { body: string }, ops: OwnMessageOps): HTMLElement {
  const out = h("span", { className: "muted", attrs: { role: "status" } });
  const box = h("span", { className: "own-actions" });

  const del = h("button", {
    type: "button",
    className: "link danger",
    attrs: { "aria-label": "Delete your message" },
    on: {
      click: () => {
        if (!window.confirm("Delete this message for everyone? Its words will be gone for good.")) return;
        void ops.remove().then((ack) => {
          if (!ack.ok) out.textContent = ack.error.message;
          else ctx.announce("Your message was deleted.");
        });
      },
    },
  }, "Delete");

  const startEdit = () => {
    const input = h("textarea", { className: "edit-body", rows: 2, maxLength: 4000, attrs: { "aria-label": "Edit your message" } });
    input.value = m.body;
    const cancel = () => box.replaceChildren(...buttons());
    const save = h("button", {
      type: "submit",
      className: "small",
    }, "Save");
    const form = h("form", {
      className: "edit-form",
      on: {
        submit: (e: Event) => {
          e.preventDefault();
          const body = input.value.trim();
          if (!body || body === m.body) return cancel();
          void ops.edit!(body).then((ack) => {
            if (!ack.ok) out.textContent = ack.error.message;
            else ctx.announce("Your message was edited.");
            cancel();
          });
        },
        keydown: (e: Event) => {
          if ((e as KeyboardEvent).key === "Escape") cancel();
        },
      },
    }, input, save, h("button", { type: "button", className: "secondary small", on: { click: cancel } }, "Cancel"));
    box.replaceChildren(form, out);
    input.focus();
  };

  const buttons = () => [
    ops.edit ? h("button", { type: "button", className: "link", attrs: { "aria-label": "Edit your message" }, on: { click: startEdit } }, "Edit") : null,
    del,
    out,
  ].filter((x): x is HTMLElement => x !== null);
  box.replaceChildren(...buttons());
  return box;
}
