import { parseArgs } from "node:util";
import { verifyRun } from "../../services/verify-run";
import { UsageError, openStore } from "../context";
import type { Reply } from "../output";

/** --json: the chain report, {runId, intact, checked, head} or {runId, intact: false, checked, firstBreak}. */
export function verifyCommand(args: string[], reply: Reply): number {
  const { values, positionals } = parseArgs({ args, options: { db: { type: "string" } }, allowPositionals: true });
  if (positionals.length !== 1) throw new UsageError("give the id of one run");
  const db = openStore(values.db);
  try {
    const report = verifyRun(db, positionals[0]);
    if (report.intact) {
      reply.result(report, `run ${report.runId}: chain intact (${report.checked} evaluated trials, head ${report.head.slice(0, 12)}…)\n`);
      return 0;
    }
    const b = report.firstBreak;
    const why = b.reason === "hash_mismatch" ? "its content no longer matches its hash" : "its prevHash does not match the previous trial's hash";
    reply.result(report, `run ${report.runId}: chain BROKEN at trial ${b.trialId} (seq ${b.seq}): ${why}\n`);
    return 1;
  } finally {
    db.$client.close();
  }
}
