// Inside the job child: one job in, one answer out over the IPC channel, then exit. Errors travel
// as { code, message, details } so the server answers exactly what it would have answered itself.
import { LineageError } from "../../domain/errors";
import { toLineageError } from "../../http/error-response";
import { executeJob, type JobSpec, type JobStore } from "./specs";

export type JobMessage = { ok: true; value: unknown } | { ok: false; error: { code: string; message: string; details?: Record<string, unknown> } };

function answer(message: JobMessage): void {
  process.send!(message, () => process.exit(0));
}

// A server that went away takes its jobs with it.
process.on("disconnect", () => process.exit(1));
process.once("message", (msg: { spec: JobSpec; store: JobStore }) => {
  try {
    answer({ ok: true, value: executeJob(msg.spec, msg.store) });
  } catch (e) {
    const err = e instanceof LineageError ? e : toLineageError(e);
    if (err.code === "internal") console.error("lineage job: internal error:", e);
    answer({ ok: false, error: { code: err.code, message: err.message, details: err.details } });
  }
});
