// The static bundle's HTML primitives. Every value that reaches a page is agent or trace text
// (hostile): it goes through `esc`, which escapes markup and makes bidi controls visible. Pages carry
// a Content-Security-Policy that allows no script at all, so even a slip in escaping runs nothing.
import { revealBidi } from "../domain/visible-text";

const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Text for element content or a quoted attribute value. */
export const esc = (value: unknown): string => revealBidi(value == null ? "" : String(value)).replace(/[&<>"']/g, (c) => ENTITIES[c]);

/** An ISO time as people read it: 2026-12-01 16:43:42 UTC (an unparsable value is shown as it is). */
export const when = (iso: string | null | undefined): string => {
  const t = iso ? Date.parse(iso) : NaN;
  return Number.isNaN(t)
    ? esc(iso ?? "—")
    : esc(
        new Date(t)
          .toISOString()
          .replace("T", " ")
          .replace(/\.\d+Z$/, " UTC"),
      );
};

/** A relative link, escaped; bundle pages only ever link to their own files. */
export const link = (href: string, text: string, attrs = "") => `<a href="${esc(href)}"${attrs}>${text}</a>`;

// No script, no network, no frames; styles only from the page itself (file:// has no 'self' origin to match).
const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

export type Crumb = { href: string; text: string };

/** A whole page: the shared stylesheet inlined (a bundle must open from disk), a breadcrumb, the body. */
export function page(title: string, crumbs: Crumb[], body: string, css: string): string {
  const trail = crumbs.map((c) => link(c.href, esc(c.text))).join(' <span aria-hidden="true">/</span> ');
  return [
    "<!doctype html>",
    '<html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${CSP}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="referrer" content="no-referrer">',
    `<title>${esc(title)} · Lineage bundle</title>`,
    `<style>${css}</style>`,
    "</head><body>",
    `<header class="topbar"><span class="brand">Lineage</span><nav aria-label="Breadcrumb">${trail}</nav><span class="muted">static bundle, read-only</span></header>`,
    `<main>${body}</main>`,
    "</body></html>",
    "",
  ].join("\n");
}

/** A table from pre-rendered cells (cells are HTML: callers escape what they put in). */
export function table(label: string, head: string[], rows: string[][], attrs = ""): string {
  const th = head.map((h) => `<th scope="col">${esc(h)}</th>`).join("");
  const body = rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join("")}</tr>`).join("\n");
  return `<table aria-label="${esc(label)}"${attrs}><thead><tr>${th}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

/** A definition list of label → HTML value pairs; empty values are left out. */
export function facts(pairs: [string, string | null][]): string {
  const items = pairs.filter(([, v]) => v !== null && v !== "").map(([k, v]) => `<div><dt>${esc(k)}</dt><dd>${v}</dd></div>`);
  return `<dl class="facts">${items.join("")}</dl>`;
}
