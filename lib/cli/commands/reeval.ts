// `lineage reeval TRIAL`: queues a re-evaluation through the same service as the dashboard and
// prints its result. A live runner beside `lineage serve` runs it in its turn; with none, this
// command runs it itself (a runner limited to that one request).
import { parseArgs } from "node:util";
import { env } from "../../env";
import { LoopRunner } from "../../runner/loop-runner";
import { runnerIsAlive } from "../../runner/recover-leftovers";
import { getReevalRequest, requestReevaluation, type ReevalRequest } from "../../services/reeval";
import { daemonLeases } from "../../services/runner-presence";
import { UsageError, openStore } from "../context";
import type { Reply } from "../output";

const liveDaemon = (db: ReturnType<typeof openStore>) => daemonLeases(db).some((r) => runnerIsAlive(r));
const finished = (r: ReevalRequest) => r.status === "done" || r.status === "failed";

/**
 * Exit status 1 when the trial does not reproduce (or the re-evaluation could not be run). --json answers
 * {requestId, reevaluationId, trialId, originalScore, score, metrics, failure, failureDetail, difference, tolerance,
 * withinTolerance, reproduces, wallclockSeconds, actor, createdAt}; a re-evaluation that could not be run
 * is the error {code: "reeval_failed", message, trialId, requestId}.
 */
export async function reevalCommand(args: string[], reply: Reply): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { db: { type: "string" }, actor: { type: "string", default: "cli" } }, allowPositionals: true });
  if (positionals.length !== 1) throw new UsageError("give the id of one trial");
  const db = openStore(values.db);
  try {
    const { id } = requestReevaluation(db, { trialId: positionals[0], actor: values.actor! });
    let r = getReevalRequest(db, id);
    while (!finished(r)) {
      if (r.status === "queued" && !liveDaemon(db)) {
        const own = new LoopRunner({
          db,
          logTailChars: env().LINEAGE_LOG_TAIL_BYTES,
          proposers: { openai: { baseUrl: "" } },
          onlyRunIds: [],
          reevalJobIds: [id],
        });
        await own.runUntilIdle();
        await own.stop();
      } else await new Promise((res) => setTimeout(res, 250));
      r = getReevalRequest(db, id);
    }
    if (r.status === "failed" || !r.result) {
      const message = `trial ${r.trialId}: the re-evaluation could not be run: ${r.error ?? "no result"}`;
      if (reply.json) reply.error("reeval", { code: "reeval_failed", message, details: { trialId: r.trialId, requestId: r.id } });
      else reply.note(`lineage reeval: ${message}\n`);
      return 1;
    }
    const x = r.result;
    const again = x.failure ? `failed (${x.failure}: ${x.failureDetail ?? ""})` : `scored ${x.score}`;
    const diff = x.difference === null ? "" : `, difference ${x.difference} (tolerance ${x.tolerance})`;
    const { id: reevaluationId, ...outcome } = x;
    const words = `trial ${x.trialId}: originally ${x.originalScore ?? "no score"}, re-evaluated ${again}${diff}: ${x.withinTolerance ? "reproduces" : "does NOT reproduce"}\n`;
    reply.result({ requestId: r.id, reevaluationId, ...outcome, reproduces: x.withinTolerance === true }, words);
    return x.withinTolerance ? 0 : 1;
  } finally {
    db.$client.close();
  }
}
