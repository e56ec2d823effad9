// Defence in depth for diff2html's output, as a string, so the server can render a diff's HTML
// (no DOM there). diff2html escapes file names, hunk headers and lines itself, but its templates also
// splice some values raw (and one code path skips escaping for "too big" files), so its output is
// read token by token and written anew: only the elements and attributes diff2html legitimately
// emits survive, every attribute value and text is escaped again by us, comments and unknown
// elements go (with their content), and every element opened is closed. What reaches the browser
// is therefore markup we wrote, whatever the input held. Text gets bidi controls made visible, so a
// diff cannot reorder what a reviewer reads (the "Trojan Source" trick).
import { revealBidi } from "@/lib/domain/visible-text";
import { DIFF_ALLOWED as ALLOWED } from "./diff-allowlist";

const VOID = new Set(["br", "input"]);
/** Elements that never have content or an end tag in HTML: dropping one drops just its tag. */
const HTML_VOID = new Set(["area", "base", "br", "col", "embed", "hr", "img", "input", "keygen", "link", "meta", "param", "source", "track", "wbr"]);
/** Elements whose content the browser reads as raw text up to their end tag: skipped to it whole. */
const RAW_TEXT = new Set(["script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript", "plaintext"]);

const LAYOUT = /^[ \t\r]*\n[ \t\r\n]*$/;

const NAMED: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0" };

/** Decodes the character references diff2html writes (named few, decimal, hex); others stay as written. */
function decode(s: string): string {
  if (!s.includes("&")) return s;
  return s.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, ref: string) => {
    if (ref[0] !== "#") return NAMED[ref.toLowerCase()] ?? whole;
    const code = ref[1] === "x" || ref[1] === "X" ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : "\ufffd";
  });
}

const escapeText = (s: string) => s.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll("\u00a0", "&nbsp;");
const escapeAttr = (s: string) => escapeText(s).replaceAll('"', "&quot;");

function attributeAllowed(tag: string, name: string, value: string): boolean {
  if (!ALLOWED.get(tag)!.includes(name)) return false;
  if (name === "href") return /^#[\w-]*$/.test(value);
  if (name === "type") return value === "checkbox";
  return true;
}

// Sticky: matched at an index of the whole text, never on a copy of its rest.
const TAG_NAME = /[a-zA-Z][^\s/>]*/y;
const ATTRIBUTE = /[\s/]*([^\s"'>/=][^\s"'>/=]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]*)))?/y;

function tagNameAt(html: string, i: number): string | null {
  TAG_NAME.lastIndex = i;
  const m = TAG_NAME.exec(html);
  return m ? m[0] : null;
}

type Tag = { name: string; attrs: [string, string][]; end: number; selfClosing: boolean };

/** Reads the start tag whose name begins at `i` (just after "<"); null when it never ends. */
function readStartTag(html: string, i: number): Tag | null {
  const raw = tagNameAt(html, i);
  if (raw === null) return null;
  const name = raw.toLowerCase();
  let at = i + raw.length;
  const attrs: [string, string][] = [];
  for (;;) {
    while (at < html.length && /\s/.test(html[at])) at++;
    if (at >= html.length) return null;
    if (html[at] === ">") return { name, attrs, end: at + 1, selfClosing: false };
    if (html.startsWith("/>", at)) return { name, attrs, end: at + 2, selfClosing: true };
    ATTRIBUTE.lastIndex = at;
    const a = ATTRIBUTE.exec(html);
    if (!a || a[0].length === 0) {
      at++; // a stray character inside the tag: the browser would skip it too
      continue;
    }
    attrs.push([a[1].toLowerCase(), decode(a[2] ?? a[3] ?? a[4] ?? "")]);
    at += a[0].length;
  }
}

/** Index just past the end tag `</name ...>` at or after `from`, or the end of the text. */
function pastEndTag(html: string, lower: string, name: string, from: number): number {
  const at = lower.indexOf(`</${name}`, from);
  if (at === -1) return html.length;
  const close = html.indexOf(">", at);
  return close === -1 ? html.length : close + 1;
}

/** Skips an unknown element and everything in it, nested elements of the same name counted. */
function pastElement(html: string, lower: string, tag: Tag): number {
  if (tag.selfClosing || HTML_VOID.has(tag.name)) return tag.end;
  if (RAW_TEXT.has(tag.name)) return pastEndTag(html, lower, tag.name, tag.end);
  let depth = 1;
  let at = tag.end;
  while (depth > 0) {
    const next = lower.indexOf("<", at);
    if (next === -1) return html.length;
    if (lower.startsWith(`</${tag.name}`, next)) {
      depth--;
      const close = html.indexOf(">", next);
      at = close === -1 ? html.length : close + 1;
    } else {
      const inner = readStartTag(html, next + 1);
      if (inner && inner.name === tag.name && !inner.selfClosing) depth++;
      if (inner && RAW_TEXT.has(inner.name)) at = pastEndTag(html, lower, inner.name, inner.end);
      else at = inner ? inner.end : next + 1;
    }
  }
  return at;
}

/** diff2html's HTML with only its own elements and attributes left, written anew by us. */
export function sanitizeDiffHtml(html: string): string {
  const out: string[] = [];
  const open: string[] = [];
  // ASCII letters only, so it keeps html's length and indices ("İ".toLowerCase() is two code units).
  const lower = html.replace(/[A-Z]+/g, (s) => s.toLowerCase());
  let text = "";
  const flushText = () => {
    // The templates' indentation (whitespace with a line break, never inside a code line, which
    // holds no line break) is a third of the bytes and shows as nothing: one line break stands for it.
    if (text) out.push(LAYOUT.test(text) ? "\n" : escapeText(revealBidi(decode(text))));
    text = "";
  };
  let i = 0;
  while (i < html.length) {
    const lt = html.indexOf("<", i);
    if (lt === -1) {
      text += html.slice(i);
      break;
    }
    text += html.slice(i, lt);
    const next = html[lt + 1];
    if (html.startsWith("<!--", lt)) {
      const end = html.indexOf("-->", lt + 4);
      i = end === -1 ? html.length : end + 3;
    } else if (next === "!" || next === "?") {
      const end = html.indexOf(">", lt);
      i = end === -1 ? html.length : end + 1;
    } else if (next === "/") {
      const raw = tagNameAt(html, lt + 2);
      const end = html.indexOf(">", lt);
      i = end === -1 ? html.length : end + 1;
      if (raw === null) continue;
      const name = raw.toLowerCase();
      const k = open.lastIndexOf(name);
      if (k === -1) continue; // an end tag of nothing we opened
      flushText();
      while (open.length > k) out.push(`</${open.pop()}>`);
    } else {
      const tag = readStartTag(html, lt + 1);
      if (!tag) {
        if (tagNameAt(html, lt + 1) !== null) break; // an unterminated tag: the rest is inside it
        text += "<";
        i = lt + 1;
        continue;
      }
      if (!ALLOWED.has(tag.name)) {
        i = pastElement(html, lower, tag);
        continue;
      }
      flushText();
      const attrs = tag.attrs.filter(([n, v]) => attributeAllowed(tag.name, n, v)).map(([n, v]) => ` ${n}="${escapeAttr(v)}"`);
      out.push(`<${tag.name}${attrs.join("")}>`);
      if (!VOID.has(tag.name)) {
        if (tag.selfClosing) out.push(`</${tag.name}>`);
        else open.push(tag.name);
      }
      i = tag.end;
    }
  }
  flushText();
  while (open.length) out.push(`</${open.pop()}>`);
  return out.join("");
}
