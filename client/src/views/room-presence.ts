/** Who is in a room now: one list item per person, kept between renders so focus inside one survives. */
import type { PresentUser } from "../../../shared/dto";
import { h, reconcile } from "../dom";
import { userActions } from "./room-moderation";
import type { ViewContext } from "./view";

export function presenceRenderer(
  ctx: ViewContext,
  roomId: string,
  deps: { present: Map<string, PresentUser>; list: HTMLElement; canModerate: () => boolean },
): () => void {
  const meId = ctx.me.user.id;
  const items = new Map<string, HTMLLIElement>();
  return () => {
    for (const id of items.keys()) if (!deps.present.has(id)) items.delete(id);
    const lis = [...deps.present.values()].map((u) => {
      let li = items.get(u.id);
      if (!li) {
        const role = u.role === "member" ? null : h("span", { className: "role" }, ` ${u.role === "peer" ? "peer supporter" : u.role}`);
        li = h("li", null, h("span", { dir: "auto" }, u.displayName), u.id === meId ? " (you)" : "", role, deps.canModerate() && u.id !== meId ? userActions(ctx, roomId, u) : null);
        items.set(u.id, li);
      }
      return li;
    });
    reconcile(deps.list, lis);
  };
}
