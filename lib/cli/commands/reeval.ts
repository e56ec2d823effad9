import { parseArgs } from "node:util";
import { env } from "../../env";
import { reevaluateTrial } from "../../services/reeval";
import { UsageError, openStore, stdio } from "../context";

/** Exit status 1 when the trial does not reproduce. */
export async function reevalCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { db: { type: "string" }, actor: { type: "string", default: "cli" } }, allowPositionals: true });
  if (positionals.length !== 1) throw new UsageError("give the id of one trial");
  const db = openStore(values.db);
  try {
    const r = await reevaluateTrial(db, { trialId: positionals[0], actor: values.actor!, logTailChars: env().LINEAGE_LOG_TAIL_BYTES });
    const again = r.failure ? `failed (${r.failure}: ${r.failureDetail ?? ""})` : `scored ${r.score}`;
    const diff = r.difference === null ? "" : `, difference ${r.difference} (tolerance ${r.tolerance})`;
    stdio.out(`trial ${r.trialId}: originally ${r.originalScore ?? "no score"}, re-evaluated ${again}${diff}: ${r.withinTolerance ? "reproduces" : "does NOT reproduce"}\n`);
    return r.withinTolerance ? 0 : 1;
  } finally {
    db.$client.close();
  }
}
