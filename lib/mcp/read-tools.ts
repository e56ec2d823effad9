// The reading tools of Lineage's MCP server: what an agent (or a researcher's coding assistant)
// may look at. Each calls the same service as the HTTP API, with the same query schemas.
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import type { Db } from "../../db/client";
import { ListTrialsQuery, TrialCompareQuery } from "../domain/api";
import { LineageError } from "../domain/errors";
import { RecordId } from "../domain/trace";
import type { AgentScopeGuard } from "../services/agent-tokens";
import { getRunDetail, listRuns } from "../services/catalog";
import { contextForAgent } from "../services/agent-context";
import { codeOfTrialForReading } from "../services/code-snapshots";
import { compareTrials } from "../services/compare-trials";
import { getTrialAudit } from "../services/audit-findings";
import { getTrialPage } from "../services/trial-page";
import { listTrials } from "../services/trials";
import { answer } from "./tool-result";

/** Trials an agent read, so its next submission can name them as context refs. */
export type ReadLog = { noteRead: (runId: string, trialIds: string[]) => void; takeReads: (runId: string) => string[] };

/** A caller's reads, per run, until its next submission takes them. */
export function createReadLog(): ReadLog {
  const reads = new Map<string, Set<string>>();
  return {
    noteRead: (runId, ids) => {
      const seen = reads.get(runId) ?? new Set<string>();
      for (const id of ids) seen.add(id);
      reads.set(runId, seen);
    },
    takeReads: (runId) => {
      const ids = [...(reads.get(runId) ?? [])];
      reads.delete(runId);
      return ids;
    },
  };
}

const readOnly = { readOnlyHint: true, openWorldHint: false } as const;

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  throw new LineageError("invalid_input", `field ${issue.path.map(String).join(".") || "(input)"}: ${issue.message}`, { path: issue.path });
}

/** `guard`: what the caller may reach (an agent token reads only its run). */
export function registerReadTools(server: McpServer, db: Db, reads: ReadLog, guard: AgentScopeGuard): void {
  server.registerTool(
    "list_runs",
    {
      description: "Runs with their summaries (trials, kept, baseline, best, improvement, failures by label), newest first.",
      inputSchema: { task: RecordId.optional().describe("only runs of this task id") },
      annotations: readOnly,
    },
    ({ task }) =>
      answer(() => {
        const runs = listRuns(db, { task });
        const allowed = new Set(guard.runIds(runs.map((r) => r.id)));
        return { runs: runs.filter((r) => allowed.has(r.id)) };
      }),
  );

  server.registerTool(
    "get_run",
    {
      description: "One run: its task (metric, budgets, surfaces), agents, summary with the best trial and failures by label.",
      inputSchema: { runId: RecordId },
      annotations: readOnly,
    },
    ({ runId }) => answer(() => (guard.run(runId), getRunDetail(db, runId))),
  );

  server.registerTool(
    "list_trials",
    {
      description:
        "A run's trials, a page at a time (no diffs or logs): the trials API's filters (agent, failure label, status, q, kept, best) and sorts (seq, score, delta).",
      inputSchema: {
        runId: RecordId,
        limit: z.number().int().min(1).max(200).optional(),
        cursor: z.string().max(500).optional(),
        agent: RecordId.optional(),
        failure: ListTrialsQuery.shape.failure,
        status: ListTrialsQuery.shape.status,
        q: ListTrialsQuery.shape.q,
        kept: z.boolean().optional(),
        best: z.boolean().optional(),
        sort: z.enum(["seq", "score", "delta"]).optional(),
      },
      annotations: readOnly,
    },
    ({ runId, kept, best, ...rest }) =>
      answer(() => {
        guard.run(runId);
        const query = parse(ListTrialsQuery, {
          ...rest,
          ...(kept === undefined ? {} : { kept: String(kept) }),
          ...(best === undefined ? {} : { best: String(best) }),
        });
        const page = listTrials(db, runId, query);
        reads.noteRead(
          runId,
          page.items.map((t) => t.id),
        );
        return page;
      }),
  );

  server.registerTool(
    "get_trial",
    {
      description:
        "One trial in full: hypothesis, outcome (score, Δ vs parent and vs the best before it, or its failure label and detail), diff, feedback, parents, children, context refs, and audit findings.",
      inputSchema: { trialId: RecordId },
      annotations: readOnly,
    },
    ({ trialId }) =>
      answer(() => {
        guard.trial(trialId);
        const page = getTrialPage(db, trialId);
        const audit = getTrialAudit(db, trialId);
        reads.noteRead(page.trial.runId, [trialId]);
        return { ...page, audit: { findings: audit.findings, classification: audit.classification, verdicts: audit.verdicts } };
      }),
  );

  server.registerTool(
    "compare_trials",
    {
      description: "The difference between two trials of one run: the code of `with` against the code of `trialId` (a patch), and both outcomes.",
      inputSchema: { trialId: RecordId, with: RecordId },
      annotations: readOnly,
    },
    ({ trialId, with: other }) =>
      answer(() => {
        guard.trial(trialId);
        guard.trial(other);
        return compareTrials(db, trialId, parse(TrialCompareQuery, { with: other }));
      }),
  );

  server.registerTool(
    "get_lineage_context",
    {
      description:
        "What a proposer for this agent sees now, exactly as Lineage's own runner gives it: the best trial's lineage, recent outcomes with failure labels and feedback, failure counts, budgets, gates and protected paths, and the rendered context text. The trials it shows count as read for your next submission's context refs.",
      inputSchema: { runId: RecordId, agent: z.string().min(1).max(200).describe("the agent's id or name") },
      annotations: readOnly,
    },
    ({ runId, agent }) =>
      answer(() => {
        guard.run(runId);
        const context = contextForAgent(db, runId, agent);
        reads.noteRead(runId, context.refs);
        return context;
      }),
  );

  server.registerTool(
    "get_trial_code",
    {
      description:
        "The recipe's code as a trial left it (runs Lineage drives store every evaluated trial's code): every file, or one path. Write your diff against the parent's code from here.",
      inputSchema: { trialId: RecordId, path: z.string().min(1).max(500).optional() },
      annotations: readOnly,
    },
    ({ trialId, path }) => answer(() => (guard.trial(trialId), codeOfTrialForReading(db, trialId, path))),
  );
}
