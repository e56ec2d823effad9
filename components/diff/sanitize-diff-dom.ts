// Defence in depth after syntax colouring, which rewrites the drawn diff's lines in the browser
// (highlight.js escapes what it writes; this checks it): only the elements and attributes
// diff2html legitimately emits survive, and text nodes get bidi controls made visible, so a diff
// cannot reorder what a reviewer reads (the "Trojan Source" trick). The HTML itself is sanitised
// as a string before it is drawn (sanitize-diff-html.ts).
import { revealBidi } from "@/components/ui/visible-text";
import { DIFF_ALLOWED } from "./diff-allowlist";

function cleanElement(el: Element): boolean {
  const tag = el.tagName.toLowerCase();
  const allowed = DIFF_ALLOWED.get(tag);
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
