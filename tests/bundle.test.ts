// `lineage bundle RUN -o DIR` through the real CLI on a hostile trace: every file stays inside DIR
// (trial ids are trace text, file names are seqs), no page carries markup of the trace's or any
// script, every page forbids scripts by its policy, the trace in the bundle re-imports intact, and
// bad requests change nothing.
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evilDiff, hostileRecords, X } from "./support/hostile-trace";
import { runCli } from "./support/server";
import { tempDir } from "./support/temp-db";
import { toJsonl } from "./support/traces";

const ESCAPING_ID = "../../../outside-the-bundle";
const records = [
  ...hostileRecords,
  { schema: "lineage-trace/1", type: "trial", id: ESCAPING_ID, runId: "evil-run", parentIds: ["evil-1"], hypothesis: "an id that climbs folders", score: 3 },
];

let dir: ReturnType<typeof tempDir>;
let db: string;
beforeAll(async () => {
  dir = tempDir("lineage-bundle-");
  db = join(dir.dir, "store.db");
  const r = await runCli(["import", "-", "--db", db], { input: toJsonl(records) });
  expect(r.code, r.stderr).toBe(0);
});
afterAll(() => dir.cleanup());

function filesUnder(root: string): string[] {
  return readdirSync(root, { recursive: true, encoding: "utf8" })
    .map((p) => join(root, p))
    .filter((p) => statSync(p).isFile());
}

describe("lineage bundle", () => {
  let out: string;
  let html: Map<string, string>;
  beforeAll(async () => {
    out = join(dir.dir, "nest", "bundle");
    const r = await runCli(["bundle", "evil-run", "-o", out, "--db", db, "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const answer = JSON.parse(r.stdout);
    expect(answer).toMatchObject({ runId: "evil-run", dir: out });
    expect(answer.files).toBe(filesUnder(out).length - 1); // all but the marker
    html = new Map(
      filesUnder(out)
        .filter((f) => f.endsWith(".html"))
        .map((f) => [relative(out, f), readFileSync(f, "utf8")]),
    );
  });

  it("writes the run page, a page per trial by seq, the raw diffs, the trace, the summary and the audit report", () => {
    expect([...html.keys()].sort()).toEqual(["index.html", "trials/1.html", "trials/2.html", "trials/3.html", "trials/4.html"]);
    expect(readFileSync(join(out, "trials/2.diff.txt"), "utf8")).toBe(evilDiff);
    expect(JSON.parse(readFileSync(join(out, "data/run.json"), "utf8"))).toMatchObject({ id: "evil-run", summary: { trialCount: 4 } });
    expect(readFileSync(join(out, "audit.md"), "utf8")).toContain("evil-run");
    expect(html.get("index.html")).toContain('href="trials/4.html"');
  });

  it("keeps every file inside the folder whatever the trial ids say", () => {
    expect(readdirSync(dir.dir).sort()).toEqual(["nest", "store.db"]);
    expect(readdirSync(join(dir.dir, "nest"))).toEqual(["bundle"]);
    expect(html.get("trials/4.html")).toContain(ESCAPING_ID); // shown as text on its own page
  });

  it("shows the payloads as text: no markup of the trace's, no script, and a policy that allows none", () => {
    for (const [file, text] of html) {
      expect(text, file).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none';`);
      expect(text, file).not.toMatch(/<script|<img|<iframe|<b>context/i);
      expect(text, file).not.toMatch(/(href|src)\s*=\s*"\s*(javascript|data):/i);
      expect(text, file).not.toMatch(/\son[a-z]+\s*=\s*"[^"]*"/i); // no event handler attribute of ours or theirs
    }
    const escaped = (s: string) => s.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;");
    expect(html.get("index.html")).toContain(escaped(X(5))); // the run's name
    expect(html.get("trials/2.html")).toContain(escaped(X(11))); // the hypothesis
    expect(html.get("trials/2.html")).toContain(escaped("+<script>window.__pwned=44</script>")); // a diff line
    expect(html.get("trials/2.html")).toContain(escaped(X(16))); // the feedback
  });

  it("carries a trace that re-imports into another store with its chain intact", async () => {
    const other = join(dir.dir, "other.db");
    const imported = await runCli(["import", join(out, "data/trace.jsonl"), "--db", other]);
    expect(imported.code, imported.stderr).toBe(0);
    const verified = await runCli(["verify", "evil-run", "--db", other, "--json"]);
    expect(JSON.parse(verified.stdout)).toMatchObject({ runId: "evil-run", intact: true, checked: 4 });
  });

  it("replaces a bundle it wrote before, and refuses a folder that holds something else", async () => {
    const again = await runCli(["bundle", "evil-run", "-o", out, "--db", db]);
    expect(again.code, again.stderr).toBe(0);
    expect(existsSync(join(out, "index.html"))).toBe(true);

    const busy = join(dir.dir, "papers");
    mkdirSync(busy);
    writeFileSync(join(busy, "draft.tex"), "keep me");
    const refused = await runCli(["bundle", "evil-run", "-o", busy, "--db", db]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("is not empty and holds no Lineage bundle");
    expect(readdirSync(busy)).toEqual(["draft.tex"]);
  });

  it("names an unknown run and writes nothing", async () => {
    const target = join(dir.dir, "nothing");
    const r = await runCli(["bundle", "no-such-run", "-o", target, "--db", db, "--json"]);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stderr)).toMatchObject({ error: { code: "not_found" } });
    expect(existsSync(target)).toBe(false);
  });
});
