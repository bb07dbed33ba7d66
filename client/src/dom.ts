/**
 * The one way the client builds DOM: elements from a tag, properties and children, where every
 * string child becomes a text node. User content therefore never passes through innerHTML.
 */
type Child = Node | string | number | null | undefined | false;
type Props<K extends keyof HTMLElementTagNameMap> = Partial<Omit<HTMLElementTagNameMap[K], "style" | "dataset" | "innerHTML" | "outerHTML">> & {
  /** Attributes that have no property of their own (aria-*, role, data-*, for). */
  attrs?: Record<string, string | number | boolean | null | undefined>;
  on?: Partial<{ [E in keyof HTMLElementEventMap]: (e: HTMLElementEventMap[E]) => void }>;
};

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props<K> | null = null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (props) {
    const { attrs, on, ...rest } = props;
    Object.assign(el, rest);
    for (const [name, value] of Object.entries(attrs ?? {})) {
      if (value === null || value === undefined || value === false) continue;
      el.setAttribute(name, value === true ? "" : String(value));
    }
    for (const [name, fn] of Object.entries(on ?? {})) el.addEventListener(name, fn as EventListener);
  }
  el.append(...toNodes(children));
  return el;
}

function toNodes(children: Child[]): Node[] {
  const out: Node[] = [];
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    out.push(typeof c === "string" || typeof c === "number" ? document.createTextNode(String(c)) : c);
  }
  return out;
}

/** Replaces an element's children. */
export function fill(el: Element, ...children: Child[]): void {
  const focused = document.activeElement;
  el.replaceChildren(...toNodes(children));
  // Moving a focused element drops its focus to the page: keep it where it was when it stays in.
  if (focused instanceof HTMLElement && focused !== document.body && focused !== document.activeElement && el.contains(focused)) focused.focus({ preventScroll: true });
}

/** A time in the viewer's own time zone, e.g. "Tue 24 Nov, 18:00". */
export function localTime(iso: string): string {
  return new Date(iso).toLocaleString([], { weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" });
}

/**
 * Makes `parent`'s children exactly `nodes`, in order, moving only what is out of place: an element
 * that stays where it was keeps its focus and its open/closed state.
 */
export function reconcile(parent: Element, nodes: Node[]): void {
  let cursor: ChildNode | null = parent.firstChild;
  for (const node of nodes) {
    if (node === cursor) {
      cursor = cursor.nextSibling;
      continue;
    }
    parent.insertBefore(node, cursor);
  }
  while (cursor) {
    const next: ChildNode | null = cursor.nextSibling;
    cursor.remove();
    cursor = next;
  }
}

/** A count of unread messages that reads as "3 unread" to screen readers and shows as "3". */
export function unreadBadge(n: number): HTMLSpanElement | null {
  return n > 0 ? h("span", { className: "badge" }, String(n), h("span", { className: "visually-hidden" }, " unread")) : null;
}
