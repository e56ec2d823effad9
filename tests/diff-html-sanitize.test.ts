// The diff's HTML is sanitised as a string (the server renders it, no DOM there): only diff2html's
// own elements and attributes survive, written anew and escaped by us, whatever the input holds.
import { describe, expect, it } from "vitest";
import { renderDiffHtml } from "@/components/diff/diff-html";
import { sanitizeDiffHtml } from "@/components/diff/sanitize-diff-html";
import { evilDiff } from "./support/hostile-trace";

/** Every start tag in the output, with its attribute names. */
function tagsOf(html: string): { tag: string; attrs: string[] }[] {
  return [...html.matchAll(/<([a-z]+)((?:\s+[a-z-]+="[^"]*")*)\s*>/g)].map((m) => ({ tag: m[1], attrs: [...m[2].matchAll(/([a-z-]+)="/g)].map((a) => a[1]) }));
}

describe("sanitizeDiffHtml", () => {
  it("drops scripts, event handlers, foreign links, comments and unknown elements with their content", () => {
    const out = sanitizeDiffHtml(
      `<div class="a" onclick="x()">hi<script>alert("</div>")</script><img src=x onerror=alert(1)>` +
        `<a href="javascript:alert(1)">l</a><a href="#d2h-1">k</a><!-- <b>c</b> --><style>*{}</style><iframe src="//x"></iframe></div>`,
    );
    expect(out).toBe(`<div class="a">hi<a>l</a><a href="#d2h-1">k</a></div>`);
  });

  it("re-escapes attribute values and text, so a quote cannot open a new attribute", () => {
    expect(sanitizeDiffHtml(`<span class='a" onmouseover="x'>&lt;b&gt; &amp;amp; "q"</span>`)).toBe(
      `<span class="a&quot; onmouseover=&quot;x">&lt;b&gt; &amp;amp; "q"</span>`,
    );
  });

  it("closes what it opened and ignores end tags of nothing open", () => {
    expect(sanitizeDiffHtml(`</td><table><tr><td>1</tr></table><div><span>x`)).toBe(`<table><tr><td>1</td></tr></table><div><span>x</span></div>`);
  });

  it("skips a nested unknown element whole, and tags named after Object's own properties", () => {
    expect(sanitizeDiffHtml(`<x-a><x-a>in</x-a>still in</x-a>out<constructor>c</constructor><toString>t</toString>`)).toBe("out");
  });

  it("keeps diff2html's svg icons and checkbox, and nothing else of the kind", () => {
    expect(sanitizeDiffHtml(`<svg viewBox="0 0 1 1" onload="x"><path d="M0 0"/></svg><input type="checkbox" name="viewed"><input type="image" src="x">`)).toBe(
      `<svg viewbox="0 0 1 1"><path d="M0 0"></path></svg><input type="checkbox" name="viewed"><input>`,
    );
  });

  it("makes bidi controls visible in text", () => {
    expect(sanitizeDiffHtml(`<span>a\u202Eb</span>`)).toBe(`<span>a⟨U+202E⟩b</span>`);
  });

  it("drops an unterminated tag and all after it", () => {
    expect(sanitizeDiffHtml(`<span>ok</span><img src=x onerror="a`)).toBe(`<span>ok</span>`);
  });
});

describe("renderDiffHtml of a hostile diff", () => {
  for (const format of ["line-by-line", "side-by-side"] as const) {
    it(`${format}: the payloads are text, no element or attribute outside diff2html's own`, () => {
      const out = renderDiffHtml(evilDiff, format);
      const allowed = new Set(["div", "span", "table", "tbody", "tr", "td", "ins", "del", "ol", "li", "a", "label", "input", "br", "svg", "path"]);
      for (const t of tagsOf(out)) {
        expect(allowed.has(t.tag), t.tag).toBe(true);
        expect(t.attrs.filter((a) => a.startsWith("on"))).toEqual([]);
      }
      expect(out).not.toMatch(/<(script|img|b)[\s>]/i);
      expect(out).not.toMatch(/<a\s[^>]*href="(?!#)/);
      expect(out).toContain("&lt;img src=x onerror=alert(41)&gt;.py");
      expect(out).toContain("window.__pwned=44");
      expect(out).toContain('class="d2h-file-wrapper"');
    });
  }
});
