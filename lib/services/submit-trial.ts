// submitTrial: an external agent (over MCP) submits a trial into a run Lineage drives. The run's
// own rules apply exactly as to the built-in proposers: only an agent of kind mcp of that run, only
// while the run is running, within its trial budget and parallelism; the edit is checked and
// evaluated by the task's evaluator through the one submission path, and the outcome recorded.
// The agent never chooses its score, its evaluator or its budgets.
import { mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parsePatch } from "diff";
import { ulid } from "ulid";
import type { Db } from "../../db/client";
import * as read from "../../db/read-queries";
import * as q from "../../db/runner-queries";
import { LineageError } from "../domain/errors";
import { isExternalAgent, RunConfig } from "../domain/run-spec";
import type { Executor } from "../evaluator/executor";
import { executorOf } from "../evaluator/executor-of";
import { removeTree } from "../evaluator/remove-tree";
import { loadTask } from "../evaluator/task";
import { codeOfTrial } from "./code-snapshots";
import { evaluateSubmission } from "./evaluate-submission";
import { runProgress } from "./runner-registry";
import { checkSubmissionSlot, claimSubmissionSlot, releaseSubmissionSlot, type SlotCheck } from "./submission-claims";
import { getTrialPage } from "./trial-page";

export type SubmitTrialInput = {
  runId: string;
  /** the agent's id or name */
  agent: string;
  hypothesis: string;
  diff: string;
  /** code parents, the first the diff's base; default: the trial the agent's context builds on */
  parentIds?: string[];
  expectedDelta?: number;
  domain?: string;
  /** trials whose outcomes the agent read before this submission */
  contextRefs?: string[];
};

export type SubmitEnv = { logTailChars: number; signal: AbortSignal; executor?: Executor; workRoot?: string };

const refuse = (message: string, path?: string) => new LineageError("conflict", message, path ? { path: [path] } : undefined);

export async function submitTrial(db: Db, input: SubmitTrialInput, env: SubmitEnv) {
  const run = read.getRunRow(db, input.runId);
  if (!run) throw new LineageError("not_found", `run ${JSON.stringify(input.runId)} does not exist`, { path: ["runId"] });
  const config = RunConfig.safeParse(q.getStartedRun(db, input.runId)?.spec);
  if (!config.success)
    throw refuse(
      `run ${JSON.stringify(input.runId)} is a record, not a run Lineage drives: trials are submitted only into runs started with agents of kind mcp`,
      "runId",
    );
  const agent = config.data.agents.find((a) => a.id === input.agent) ?? config.data.agents.find((a) => a.name === input.agent);
  if (!agent)
    throw new LineageError(
      "not_found",
      `run ${JSON.stringify(input.runId)} has no agent ${JSON.stringify(input.agent)} (its agents: ${config.data.agents.map((a) => a.name).join(", ")})`,
      { path: ["agent"] },
    );
  if (!isExternalAgent(agent))
    throw refuse(
      `agent ${agent.name} of run ${JSON.stringify(input.runId)} is driven by ${agent.proposer}, not by an external agent (start a run with --agents ${agent.surface ?? agent.name}=mcp)`,
      "agent",
    );

  const progress = runProgress(db, input.runId)!;
  if (progress.status !== "running")
    throw refuse(`run ${JSON.stringify(input.runId)} is ${progress.status}; submissions are taken only while it runs`, "runId");
  if (!progress.hasBaseline) throw refuse(`run ${JSON.stringify(input.runId)} has no evaluated baseline yet; read get_run and submit once it has one`, "runId");
  // What is in flight counts in every process (the web server, each lineage mcp): see submission-claims.ts.
  const limits = { trials: config.data.trials, parallel: config.data.parallel };
  refuseUnlessRoom(input.runId, limits, checkSubmissionSlot(db, input.runId, limits));

  if (!looksLikeUnifiedDiff(input.diff)) {
    throw new LineageError("invalid_input", "field diff: not a unified diff (it needs ---/+++ file headers and at least one @@ hunk); nothing was submitted", {
      path: ["diff"],
    });
  }
  const task = loadTask(config.data.taskDir);
  const parentIds = input.parentIds?.length ? input.parentIds : [defaultParent(db, input.runId)];
  for (const [i, id] of parentIds.entries()) {
    const ref = read.getTrialRef(db, id);
    if (!ref || ref.runId !== input.runId)
      throw new LineageError("not_found", `field parentIds.${i}: trial ${JSON.stringify(id)} is not a trial of run ${JSON.stringify(input.runId)}`, {
        path: ["parentIds", String(i)],
      });
  }
  const base = codeOfTrial(db, parentIds[0]);
  if (!base) throw refuse(`field parentIds.0: trial ${JSON.stringify(parentIds[0])} has no stored code to build on (it failed before it ran)`, "parentIds");
  const contextRefs = [...new Set(input.contextRefs ?? [])].filter((id) => read.getTrialRef(db, id)?.runId === input.runId);
  const surface = task.manifest.surfaces?.find((s) => s.name === agent.surface);

  const id = ulid();
  const workRoot = env.workRoot ?? join(tmpdir(), "lineage-mcp");
  mkdirSync(workRoot, { recursive: true, mode: 0o700 });
  refuseUnlessRoom(input.runId, limits, claimSubmissionSlot(db, { runId: input.runId, trialId: id, ...limits }));
  // started once its slot is claimed, so the run's trials' times never show more than its parallelism at once
  const planned = {
    id,
    runId: input.runId,
    agentId: agent.id,
    parentIds,
    contextRefs,
    hypothesis: input.hypothesis,
    diff: input.diff,
    domain: input.domain,
    expectedDelta: input.expectedDelta,
    startedAt: new Date().toISOString(),
    extra: { proposer: "mcp" },
  };
  let scratch: string | undefined;
  try {
    scratch = mkdtempSync(join(workRoot, `${id}-`));
    const { recorded } = await evaluateSubmission(
      { db, logTailChars: env.logTailChars, signal: env.signal, executor: executorOf(config.data.executor, env.executor) },
      { task, planned, base, surfacePaths: surface?.paths, scratch },
    );
    const page = getTrialPage(db, recorded.id);
    const t = page.trial;
    return {
      trialId: t.id,
      seq: t.seq,
      score: t.failure ? null : (t.score ?? null),
      failure: t.failure ?? null,
      failureDetail: t.failureDetail ?? null,
      deltaVsParent: page.deltaVsParent,
      deltaVsBestBefore: page.deltaVsBestBefore,
      newBest: recorded.isBest,
      kept: recorded.kept,
      feedback: t.feedback ?? null,
      contextRefs,
      metric: page.metric,
    };
  } finally {
    releaseSubmissionSlot(db, id);
    if (scratch) removeTree(scratch);
  }
}

/** A spent budget or a full run refused with its reason (the budget counts what is in flight). */
function refuseUnlessRoom(runId: string, limits: { trials: number; parallel: number }, check: SlotCheck): void {
  if (check.ok) return;
  if (check.why === "budget") {
    const pending = check.inFlight ? ` (${check.trialCount} recorded, ${check.inFlight} being evaluated)` : "";
    throw refuse(`run ${JSON.stringify(runId)} has spent its trial budget of ${limits.trials}${pending}`, "runId");
  }
  throw new LineageError(
    "rate_limited",
    `run ${JSON.stringify(runId)} already evaluates ${check.inFlight} submission(s), its parallelism of ${limits.parallel}; submit again when one is recorded`,
    { retryAfterSeconds: 5 },
  );
}

/** A diff with file headers and a hunk; one that parses but does not apply is the evaluator's patch_failure. */
function looksLikeUnifiedDiff(diff: string): boolean {
  try {
    return parsePatch(diff).some((p) => p.hunks.length > 0 && (p.oldFileName !== undefined || p.newFileName !== undefined));
  } catch {
    return false;
  }
}

/** The trial a proposal builds on now: the best (the baseline in a run without feedback). */
function defaultParent(db: Db, runId: string): string {
  const run = read.getRunRow(db, runId)!;
  const stats = read.getRunStats(db, runId)!;
  return (run.feedback === "none" ? stats.baselineTrialId : (stats.bestTrialId ?? stats.baselineTrialId))!;
}
