// The audit queue's filters, progress and bulk verdicts, and notes on runs and trials, through
// their services on a migrated temporary database (issue 14, items 6 and 7). What only HTTP shows
// (roles, CSRF, 4xx naming the field) is in audit-notes-api.test.ts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BulkVerdictInput, type AuditQueueQuery } from "../lib/domain/audit/api";
import { NoteInput } from "../lib/domain/notes";
import { renderReportMarkdown } from "../lib/domain/audit/report-md";
import { auditQueue, auditQueueFacets } from "../lib/services/audit-queue";
import { auditReport } from "../lib/services/audit-report";
import { ingestJsonl } from "../lib/services/ingest-jsonl";
import { addRunNote, addTrialNote, runNotes, trialNotes } from "../lib/services/notes";
import { giveVerdict, giveVerdicts } from "../lib/services/verdicts";
import { auditTrace } from "./support/audit-trace";
import { tempDb } from "./support/temp-db";
import { toJsonl } from "./support/traces";

let t: ReturnType<typeof tempDb>;
const R = "queue-run";
const OTHER = "other-run";
const id = (trial: string, run = R) => `${run}/${trial}`;
const queue = (q: Partial<AuditQueueQuery>) => auditQueue(t.db, R, { limit: 50, open: false, ...q });
const seqs = (q: Partial<AuditQueueQuery>) => queue(q).items.map((it) => it.seq);

beforeAll(() => {
  t = tempDb();
  ingestJsonl(t.db, toJsonl(auditTrace(R)), { logTailChars: 1000 });
  ingestJsonl(t.db, toJsonl(auditTrace(OTHER).slice(1)), { logTailChars: 1000 });
});
afterAll(() => t?.cleanup());

describe("the queue's filters and progress", () => {
  it("filters by agent, domain, finding and verdict, keeping kept and best trials first", () => {
    expect(seqs({})).toEqual([1, 2, 3, 4, 5, 6]); // the baseline was the first best
    expect(seqs({ agent: id("arch") })).toEqual([3, 5, 6]);
    expect(seqs({ domain: "architecture" })).toEqual([3, 5, 6]); // t2 and t4 edit model/, t5 (no diff) declares arch
    expect(seqs({ domain: "arch" })).toEqual([3, 5, 6]); // the shorthand names the same domain
    expect(seqs({ finding: "protected_path" })).toEqual([4]);
    expect(seqs({ finding: "budget_wallclock", agent: id("opt") })).toEqual([]);
    expect(seqs({ verdict: "unreviewed" })).toHaveLength(6);
  });

  it("counts n of m reviewed (latest verdict legal or illegal) over the run or over what the filters keep", () => {
    expect(queue({}).progress).toEqual({ reviewed: 0, total: 6, filtered: false });
    giveVerdict(t.db, { trialId: id("t1"), verdict: { verdict: "legal" }, auditor: "carol" });
    giveVerdict(t.db, { trialId: id("t4"), verdict: { verdict: "needs_review" }, auditor: "carol" });
    expect(queue({}).progress).toEqual({ reviewed: 1, total: 6, filtered: false });
    expect(queue({ agent: id("arch") }).progress).toEqual({ reviewed: 0, total: 3, filtered: true });
    expect(seqs({ verdict: "legal" })).toEqual([2]);
    expect(seqs({ verdict: "needs_review" })).toEqual([5]);
    expect(seqs({ open: true, agent: id("opt") })).toEqual([4]);
  });

  it("pages a filtered queue with the same cursor as the whole one", () => {
    const first = queue({ agent: id("arch"), limit: 2 });
    expect(first.items.map((it) => it.seq)).toEqual([3, 5]);
    expect(queue({ agent: id("arch"), limit: 2, cursor: first.nextCursor! }).items.map((it) => it.seq)).toEqual([6]);
  });

  it("offers the run's agents and the task's domains to filter by", () => {
    const f = auditQueueFacets(t.db, R);
    expect(f.agents).toEqual([
      { id: id("arch"), name: "architecture" },
      { id: id("opt"), name: "optimizer" },
    ]);
    expect(f.domains).toEqual(["architecture", "optimizer", "evaluation"]);
  });
});

describe("bulk verdicts", () => {
  it("records one verdict per selected trial with the one reason, and the queue shows each", () => {
    const input = BulkVerdictInput.parse({ trialIds: [id("t5"), id("b0")], verdict: "illegal", reason: "same shortcut", domain: "arch" });
    const out = giveVerdicts(t.db, { runId: R, verdicts: input, auditor: "dana" });
    expect(out.items.map((v) => [v.trialId, v.verdict, v.reason, v.domain, v.auditor])).toEqual([
      [id("t5"), "illegal", "same shortcut", "architecture", "dana"],
      [id("b0"), "illegal", "same shortcut", "architecture", "dana"],
    ]);
    expect(seqs({ verdict: "illegal" })).toEqual([1, 6]);
    expect(queue({}).progress.reviewed).toBe(3);
  });

  it("records nothing when one trial of the selection is of another run or unknown", () => {
    const before = queue({}).progress.reviewed;
    const stranger = BulkVerdictInput.parse({ trialIds: [id("t2"), id("t3", OTHER)], verdict: "legal" });
    expect(() => giveVerdicts(t.db, { runId: R, verdicts: stranger, auditor: "dana" })).toThrow(/trialIds: trial "other-run\/t3" is not in run "queue-run"/);
    const unknown = BulkVerdictInput.parse({ trialIds: [id("t2"), id("nope")], verdict: "legal" });
    expect(() => giveVerdicts(t.db, { runId: R, verdicts: unknown, auditor: "dana" })).toThrow(/does not exist/);
    expect(queue({}).progress.reviewed).toBe(before);
    expect(seqs({ verdict: "legal" })).toEqual([2]);
  });

  it("refuses an illegal verdict without a reason, an empty selection and a trial selected twice", () => {
    const issue = (v: unknown) => BulkVerdictInput.safeParse(v).error?.issues[0];
    expect(issue({ trialIds: [id("t2")], verdict: "illegal" })).toMatchObject({ path: ["reason"], message: "an illegal verdict needs a reason" });
    expect(issue({ trialIds: [], verdict: "legal" })).toMatchObject({ path: ["trialIds"] });
    expect(issue({ trialIds: [id("t2"), id("t2")], verdict: "legal" })).toMatchObject({ path: ["trialIds"], message: "a trial is selected twice" });
  });
});

describe("notes", () => {
  it("appends notes to a run and to a trial, by who and when, oldest first, and the store refuses to change them", () => {
    const a = addRunNote(t.db, {
      runId: R,
      note: NoteInput.parse({ body: "Seeds 1-3 share a bad tokenizer." }),
      author: "carol",
      now: new Date("2026-01-02T10:00:00Z"),
    });
    addRunNote(t.db, { runId: R, note: NoteInput.parse({ body: "  Correction: only seed 2.  " }), author: "dana", now: new Date("2026-01-02T11:00:00Z") });
    addTrialNote(t.db, { trialId: id("t3"), note: { body: "Scorer edit ```\nlooks deliberate" }, author: "carol", now: new Date("2026-01-02T12:00:00Z") });
    expect(runNotes(t.db, R).map((n) => [n.author, n.body, n.createdAt, n.trialId])).toEqual([
      ["carol", "Seeds 1-3 share a bad tokenizer.", "2026-01-02T10:00:00.000Z", null],
      ["dana", "Correction: only seed 2.", "2026-01-02T11:00:00.000Z", null],
    ]);
    expect(trialNotes(t.db, id("t3")).map((n) => [n.author, n.runId])).toEqual([["carol", R]]);
    expect(runNotes(t.db, OTHER)).toEqual([]);
    expect(() => t.db.$client.prepare("UPDATE notes SET body = 'x' WHERE id = ?").run(a.id)).toThrow(/append-only/);
    expect(() => t.db.$client.prepare("DELETE FROM notes WHERE id = ?").run(a.id)).toThrow(/append-only/);
    const events = t.db.$client.prepare("SELECT actor, trial_id AS trialId FROM events WHERE action = 'note' AND run_id = ? ORDER BY rowid").all(R);
    expect(events).toEqual([
      { actor: "carol", trialId: null },
      { actor: "dana", trialId: null },
      { actor: "carol", trialId: id("t3") },
    ]);
  });

  it("refuses an empty note and a note on an unknown run or trial", () => {
    expect(NoteInput.safeParse({ body: "   " }).error?.issues[0].message).toBe("a note needs some text");
    expect(() => addRunNote(t.db, { runId: "nope", note: { body: "x" }, author: "carol" })).toThrow(/run "nope" does not exist/);
    expect(() => addTrialNote(t.db, { trialId: "nope", note: { body: "x" }, author: "carol" })).toThrow(/trial "nope" does not exist/);
  });

  it("are in the audit report, JSON and Markdown, with the trial they are on, fenced so the text cannot break out", () => {
    const r = auditReport(t.db, R);
    expect(r.notes.map((n) => [n.trialSeq, n.author])).toEqual([
      [null, "carol"],
      [null, "dana"],
      [4, "carol"],
    ]);
    const md = renderReportMarkdown(r);
    expect(md).toContain("## Notes");
    expect(md).toContain("- On the run, by dana at 2026-01-02T11:00:00.000Z:");
    expect(md).toContain("- On trial #4 `queue-run/t3`, by carol at 2026-01-02T12:00:00.000Z:");
    expect(md).toContain("````text\nScorer edit ```\nlooks deliberate\n````");
  });
});
