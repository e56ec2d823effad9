// The audit through its services on a migrated temporary database: findings with evidence,
// multi-domain classification, verdict rules (never changing a score), legal best, the queue, the
// domain review and the report. What only HTTP shows (status codes, the server's auditor, the
// report download) is in audit-api.test.ts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderReportMarkdown } from "../lib/domain/audit/report-md";
import { getTrialAudit, runAuditHeadline } from "../lib/services/audit-findings";
import { auditQueue } from "../lib/services/audit-queue";
import { auditReport } from "../lib/services/audit-report";
import { domainReview } from "../lib/services/audit-review";
import { getRunDetail, listRuns } from "../lib/services/catalog";
import { exportRunTrace } from "../lib/services/export-run";
import { ingestJsonl } from "../lib/services/ingest-jsonl";
import { getTrial } from "../lib/services/trials";
import { giveVerdict } from "../lib/services/verdicts";
import type { VerdictInput } from "../lib/domain/audit/api";
import { auditTrace, unmeasuredBaselineTrace } from "./support/audit-trace";
import { runCli } from "./support/server";
import { tempDb } from "./support/temp-db";
import { toJsonl } from "./support/traces";

let t: ReturnType<typeof tempDb>;
const R = "audit-run";
const audit = (trial: string) => getTrialAudit(t.db, `${R}/${trial}`) as any;
const verdict = (trial: string, v: VerdictInput) => giveVerdict(t.db, { trialId: `${R}/${trial}`, verdict: v, auditor: "carol" });
const queue = (q: { limit?: number; cursor?: string; open?: boolean }) => auditQueue(t.db, R, { limit: 50, open: false, ...q });

beforeAll(() => {
  t = tempDb();
  ingestJsonl(t.db, toJsonl(auditTrace()), { logTailChars: 1000 });
  ingestJsonl(t.db, toJsonl(unmeasuredBaselineTrace()), { logTailChars: 1000 });
});
afterAll(() => t?.cleanup());

describe("findings and classification", () => {
  it("classifies a multi-domain diff per hunk and flags the edit outside its agent's surface and within noise", () => {
    const body = audit("t2");
    expect(body.classification).toMatchObject({ source: "diff", declared: "architecture", classified: ["architecture", "optimizer"], disagreement: false });
    expect(body.classification.hunks.map((h: any) => [h.file, h.domains])).toEqual([
      ["model/gpt.py", ["architecture"]],
      ["train/optim/sched.py", ["optimizer"]],
    ]);
    const kinds = body.findings.map((f: any) => f.kind);
    expect(kinds).toEqual(["outside_surface", "within_noise"]);
    expect(body.findings[0].evidence).toMatchObject({ file: "train/optim/sched.py", hunk: expect.stringContaining("+lr = 0.02") });
    expect(body.findings[1].evidence.limit).toBe(0.001);
  });

  it("names a protected path and evaluation-looking code with the offending hunk", () => {
    const body = audit("t3");
    expect(body.findings.map((f: any) => f.kind)).toEqual(["protected_path", "evaluation_code"]);
    expect(body.findings[0].evidence).toMatchObject({ file: "eval/score.py", hunk: expect.stringContaining("score_fn(y) * 0.9") });
  });

  it("reports budgets and the gate with figure and limit, and a declared domain the diff disagrees with", () => {
    const body = audit("t4");
    expect(body.findings.map((f: any) => [f.kind, f.evidence.figure, f.evidence.limit])).toEqual([
      ["budget_wallclock", 700, 600],
      ["budget_artifact", 2000, 1000],
      ["gate_missed", 0.8, 0.9],
    ]);
    expect(body.classification).toMatchObject({ declared: "optimizer", classified: ["architecture"], disagreement: true });
  });

  it("lets the declared domain stand alone without a diff, and counts keeps within noise in the headline", () => {
    expect(audit("t5").classification).toMatchObject({ source: "declared", domains: ["architecture"] });
    expect(runAuditHeadline(t.db, R)).toMatchObject({ keeps: 3, keepsWithinNoise: 1, noiseFloor: 0.001, baselineDeclared: false, bestScore: 1.2 });
    expect(runAuditHeadline(t.db, "declared-run")).toMatchObject({ baselineDeclared: true, baselineScore: 2 });
  });
});

describe("verdicts", () => {
  it("refuses a verdict on an unknown trial", () => {
    expect(() => giveVerdict(t.db, { trialId: "nope", verdict: { verdict: "legal" }, auditor: "carol" })).toThrow(/trial "nope" does not exist/);
  });

  it("appends verdicts with their auditor and time; the latest decides the legal best, scores never change", () => {
    const given = verdict("t3", { verdict: "illegal", domain: "eval", reason: "edits the scorer" });
    expect(given).toMatchObject({ verdict: "illegal", domain: "evaluation", auditor: "carol", createdAt: expect.any(String) });
    expect(getRunDetail(t.db, R).summary).toMatchObject({ bestScore: 1.2, legalBestScore: 1.3995, legalBestTrialId: `${R}/t2` });
    expect(getTrial(t.db, `${R}/t3`).score).toBe(1.2);

    verdict("t3", { verdict: "legal", reason: "the scorer change was reverted upstream" });
    expect(getRunDetail(t.db, R).summary.legalBestScore).toBe(1.2);
    const history = audit("t3");
    expect(history.verdicts.map((v: any) => v.verdict)).toEqual(["illegal", "legal"]);
    expect(history.verdictStatus).toBe("legal");
    expect(listRuns(t.db).find((r) => r.id === R)!.summary.legalBestScore).toBe(1.2);
    expect([...exportRunTrace(t.db, R)].join("")).toContain('"type":"verdict"');
  });
});

describe("queue, review and report", () => {
  it("puts kept and new-best trials first, then the rest, a keyset page at a time", () => {
    const first = queue({ limit: 3 });
    const second = queue({ limit: 3, cursor: first.nextCursor! });
    const seqs = [...first.items, ...second.items].map((i) => i.id.split("/")[1]);
    expect(seqs).toEqual(["b0", "t1", "t2", "t3", "t4", "t5"]);
    expect(second.nextCursor).toBeNull();
    const open = queue({ open: true }).items.map((i) => i.id.split("/")[1]);
    expect(open).not.toContain("t3");
    expect(() => queue({ cursor: "garbage" })).toThrow();
  });

  it("reviews the architecture domain with counts at the top", () => {
    verdict("t2", { verdict: "legal" });
    verdict("t4", { verdict: "illegal", reason: "edits outside the declared surface", domain: "arch" });
    const body = domainReview(t.db, R, "arch");
    expect(body.domain).toBe("architecture");
    expect(body.items.map((i) => i.id.split("/")[1])).toEqual(["t2", "t4", "t5"]);
    expect(body.counts).toEqual({ submissions: 3, legal: 1, illegal: 1, needs_review: 0, unreviewed: 1 });
    expect(body.domains.map((d: any) => d.name)).toEqual(expect.arrayContaining(["architecture", "optimizer", "evaluation"]));
  });

  it("writes the report as JSON and Markdown", () => {
    const json = auditReport(t.db, R) as any;
    expect(json.chain).toMatchObject({ intact: true, checked: 6 });
    expect(json.verdicts).toEqual({ submissions: 6, legal: 2, illegal: 1, needs_review: 0, unreviewed: 3 });
    expect(json.flagged.map((f: any) => f.id.split("/")[1])).toEqual(["b0", "t1", "t4", "t5"]);
    expect(json.flagged.find((f: any) => f.id.endsWith("t4")).findings.map((f: any) => f.kind)).toContain("gate_missed");
    const md = renderReportMarkdown(json);
    expect(md).toContain("Hash chain intact: 6 evaluated trials");
    expect(md).toContain("1 of 3 measured keeps within noise");
    expect(md).toMatch(/\| architecture \| 3 \| 1 \| 1 \| 0 \| 1 \|/);
  });

  it("writes the report from the CLI, refusing a bad format and an unknown run", async () => {
    const cli = await runCli(["audit", R, "--db", t.path, "--format", "json"]);
    expect(cli.code, cli.stderr).toBe(0);
    expect(JSON.parse(cli.stdout).verdicts.illegal).toBe(1);
    const bad = await runCli(["audit", R, "--db", t.path, "--format", "pdf"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--format must be md or json");
    expect((await runCli(["audit", "no-such-run", "--db", t.path])).code).toBe(1);
  });
});
