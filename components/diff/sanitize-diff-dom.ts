// Defence in depth for diff2html's output. diff2html escapes file names, hunk headers and lines
// itself, but its templates also splice some values raw (and one code path skips escaping for
// "too big" files), so what it produced is parsed inertly in a <template>, and only the elements and
// attributes diff2html legitimately emits survive. Text nodes get bidi controls made visible, so a
// diff cannot reorder what a reviewer reads (the "Trojan Source" trick).
import { revealBidi } from "@/components/ui/visible-text";

const ALLOWED: Record<string, readonly string[]> = {
  div: ["class", "id", "data-lang"],
  span: ["class"],
  table: ["class"],
  tbody: ["class"],
  tr: ["class"],
  td: ["class"],
  ins: ["class"],
  del: ["class"],
  ol: ["class"],
  li: ["class"],
  a: ["class", "href"],
  label: ["class"],
  input: ["class", "type", "name", "value"],
  br: [],
  svg: ["class", "aria-hidden", "height", "width", "viewbox", "version", "title"],
  path: ["d"],
};

function cleanElement(el: Element): boolean {
  const tag = el.tagName.toLowerCase();
  const allowed = ALLOWED[tag];
  if (!allowed) return false;
  for (const attr of [...el.attributes]) {
    const name = attr.name.toLowerCase();
    const ok = allowed.includes(name) && (name !== "href" || /^#[\w-]*$/.test(attr.value)) && (name !== "type" || attr.value === "checkbox");
    if (!ok) el.removeAttribute(attr.name);
  }
  return true;
}

/** Cleans a subtree in place: unknown elements go with their content, attributes are allowlisted. */
export function sanitizeTree(root: Node): void {
  const doc = root.ownerDocument ?? (root as Document);
  const walker = doc.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT | NodeFilter.SHOW_COMMENT);
  const remove: Node[] = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.nodeType === Node.COMMENT_NODE) remove.push(node);
    else if (node.nodeType === Node.TEXT_NODE) {
      const text = node.nodeValue ?? "";
      const shown = revealBidi(text);
      if (shown !== text) node.nodeValue = shown;
    } else if (!cleanElement(node as Element)) remove.push(node);
  }
  for (const node of remove) node.parentNode?.removeChild(node);
}

/** Parses HTML without running anything (template content is inert) and returns cleaned nodes. */
export function sanitizedFragment(html: string): DocumentFragment {
  const template = document.createElement("template");
  template.innerHTML = html;
  sanitizeTree(template.content);
  return template.content;
}
