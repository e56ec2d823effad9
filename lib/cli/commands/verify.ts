import { parseArgs } from "node:util";
import { verifyRun } from "../../services/verify-run";
import { UsageError, openStore, stdio } from "../context";

export function verifyCommand(args: string[]): number {
  const { values, positionals } = parseArgs({ args, options: { db: { type: "string" } }, allowPositionals: true });
  if (positionals.length !== 1) throw new UsageError("give the id of one run");
  const db = openStore(values.db);
  try {
    const report = verifyRun(db, positionals[0]);
    if (report.intact) {
      stdio.out(`run ${report.runId}: chain intact (${report.checked} evaluated trials, head ${report.head.slice(0, 12)}…)\n`);
      return 0;
    }
    const b = report.firstBreak;
    const why = b.reason === "hash_mismatch" ? "its content no longer matches its hash" : "its prevHash does not match the previous trial's hash";
    stdio.out(`run ${report.runId}: chain BROKEN at trial ${b.trialId} (seq ${b.seq}): ${why}\n`);
    return 1;
  } finally {
    db.$client.close();
  }
}
