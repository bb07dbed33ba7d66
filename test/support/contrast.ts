/**
 * An expression to evaluate in a page: the visible text elements under `root` whose colour against
 * their composited background falls below WCAG AA (4.5:1, or 3:1 for large text). A string because
 * the test project has no DOM types; each entry names the element, its ratio and its text.
 */
export function lowContrastText(root: string): string {
  return `(() => {
  const rgba = (c) => { const m = c.match(/[\\d.]+/g).map(Number); return [m[0], m[1], m[2], m.length > 3 ? m[3] : 1]; };
  const lum = ([r, g, b]) => { const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }; return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
  const over = (top, under) => { const a = top[3]; return [0, 1, 2].map((i) => top[i] * a + under[i] * (1 - a)).concat(1); };
  const background = (el) => { const layers = []; for (let e = el; e; e = e.parentElement) layers.push(rgba(getComputedStyle(e).backgroundColor)); return layers.reverse().reduce((acc, l) => over(l, acc), [255, 255, 255, 1]); };
  const bad = [];
  for (const el of document.querySelectorAll(${JSON.stringify(`${root} *`)})) {
    if (![...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim())) continue;
    if (!el.getClientRects().length) continue;
    const style = getComputedStyle(el);
    const fg = over(rgba(style.color), background(el));
    const [a, b] = [lum(fg), lum(background(el))].sort((x, y) => y - x);
    const ratio = (a + 0.05) / (b + 0.05);
    const size = parseFloat(style.fontSize);
    const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
    if (ratio < (large ? 3 : 4.5)) bad.push(el.tagName + "." + el.className + " " + ratio.toFixed(2) + ": " + el.textContent.trim().slice(0, 30));
  }
  return bad;
})()`;
}
