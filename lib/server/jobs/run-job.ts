// Heavy server work runs in a child process, never on the request thread: the event loop keeps
// answering (health, reads) while an import or an audit report is computed, and a job that runs
// past LINEAGE_JOB_TIMEOUT_MS is killed (SIGKILL reaches a child stuck inside SQLite, which a
// worker thread's terminate() cannot). At most MAX_RUNNING jobs run at once; the rest wait in turn.
import { fork } from "node:child_process";
import { join, resolve } from "node:path";
import { LineageError, type ErrorCode } from "../../domain/errors";
import { env } from "../../env";
import type { JobMessage } from "./child";
import { describeJob, type JobResult, type JobSpec, type JobStore } from "./specs";

const MAX_RUNNING = 2;
let running = 0;
const waiting: (() => void)[] = [];

async function slot(): Promise<() => void> {
  if (running >= MAX_RUNNING) await new Promise<void>((r) => waiting.push(r));
  running++;
  return () => {
    running--;
    waiting.shift()?.();
  };
}

/** Runs `spec` in a fresh child process on the server's store; throws the job's own error. */
export async function runJob<S extends JobSpec>(spec: S): Promise<JobResult<S>> {
  const e = env();
  const repoRoot = process.cwd();
  const store: JobStore = { dbPath: resolve(repoRoot, e.LINEAGE_DB), repoRoot, busyTimeoutMs: e.LINEAGE_BUSY_TIMEOUT_MS, maxBytes: e.LINEAGE_DB_MAX_BYTES };
  const release = await slot();
  try {
    return (await inChild(spec, store, e.LINEAGE_JOB_TIMEOUT_MS)) as JobResult<S>;
  } finally {
    release();
  }
}

function inChild(spec: JobSpec, store: JobStore, timeoutMs: number): Promise<unknown> {
  return new Promise((done, fail) => {
    // The entry is run by node at run time from the source tree, not bundled (Turbopack would try to).
    const child = fork(/* turbopackIgnore: true */ join(store.repoRoot, "lib", "server", "jobs", "entry.mjs"), [], {
      cwd: store.repoRoot,
      execArgv: [],
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
    };
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      settle(() =>
        fail(
          new LineageError(
            "time_limit",
            `${describeJob(spec)} did not finish within the server's time limit of ${formatSeconds(timeoutMs)} (LINEAGE_JOB_TIMEOUT_MS) and was stopped; nothing was written`,
            { timeoutMs },
          ),
        ),
      );
    }, timeoutMs);
    child.once("message", (m: JobMessage) =>
      settle(() => (m.ok ? done(m.value) : fail(new LineageError(m.error.code as ErrorCode, m.error.message, m.error.details)))),
    );
    child.once("error", (err) => settle(() => fail(new LineageError("internal", `the job process could not run: ${err.message}`))));
    child.once("close", (code, signal) =>
      settle(() => fail(new LineageError("internal", `the job process ended (${signal ?? `exit ${code}`}) before answering`))),
    );
    child.send({ spec, store });
  });
}

const formatSeconds = (ms: number) => (ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`);
