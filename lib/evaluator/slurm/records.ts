// Parsers for what Slurm prints about jobs: squeue's delimited lines, sacct's parsable lines and
// the completion log (jobcomp/filetxt). Pure functions over text.
import { lostJob, span, type SlurmJobStatus } from "./job-status";
import { exitFromPair, exitFromWaitStatus, phaseOf, stateWord, terminalReason, type ExitStatus } from "./states";

/** Unit separator: Slurm cannot put it in an id, state, reason, node list or time. */
export const FIELD_SEPARATOR = "\x1f";

const SQUEUE_FIELDS = ["JobID", "State", "Reason", "NodeList", "SubmitTime", "StartTime", "EndTime", "exit_code"] as const;

/** squeue --Format: each field followed by the separator (a suffix also turns off padding). */
export const SQUEUE_FORMAT = SQUEUE_FIELDS.map((f) => `${f}:${FIELD_SEPARATOR}`).join(",");

/** The client runs squeue with SLURM_TIME_FORMAT=%s: times are epoch seconds, free of time zones. */
function epochSeconds(text: string): Date | null {
  const t = text.trim();
  if (!/^\d+$/.test(t) || t === "0") return null;
  return new Date(Number(t) * 1000);
}

/** Slurm's local "2026-12-01T13:14:35" (sacct, completion log): read in this process's time zone. */
export function localTime(text: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})$/.exec(text.trim());
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number);
  return new Date(y, mo - 1, d, h, mi, s);
}

interface Fields {
  jobId: string;
  state: string;
  reason: string;
  node: string;
  submittedAt: Date | null;
  startedAt: Date | null;
  endedAt: Date | null;
  exit: ExitStatus;
}

function statusFrom(f: Fields, source: "squeue" | "completion-log" | "sacct"): SlurmJobStatus {
  const phase = phaseOf(f.state);
  const common = { jobId: f.jobId, slurmState: stateWord(f.state), submittedAt: f.submittedAt };
  // A state this client does not know is reported by whether the job has started, never dropped.
  if (phase === "pending" || (phase === "unknown" && !f.startedAt)) return { ...common, phase: "pending", reason: f.reason || common.slurmState };
  if (phase === "running" || phase === "unknown") {
    return { ...common, phase: "running", node: f.node, startedAt: f.startedAt, queueWaitMs: span(f.submittedAt, f.startedAt) };
  }
  return {
    ...common,
    phase: "ended",
    reason: terminalReason(f.state, f.exit),
    exit: f.exit,
    slurmReason: f.reason === "None" ? "" : f.reason,
    node: f.node,
    startedAt: f.startedAt,
    endedAt: f.endedAt,
    queueWaitMs: span(f.submittedAt, f.startedAt),
    runMs: span(f.startedAt, f.endedAt),
    source,
  };
}

/** One job per line of `squeue --noheader --Format=SQUEUE_FORMAT`; lines that do not parse are errors. */
export function parseSqueue(stdout: string): SlurmJobStatus[] {
  const out: SlurmJobStatus[] = [];
  for (const line of stdout.split("\n")) {
    if (!line.trim()) continue;
    const parts = line.split(FIELD_SEPARATOR).map((p) => p.trim());
    if (parts.length < SQUEUE_FIELDS.length || !/^\d+(_\d+)?$/.test(parts[0])) {
      throw new Error(`squeue printed a line this client cannot read: ${JSON.stringify(line.slice(0, 200))}`);
    }
    const [jobId, state, reason, node, submit, start, end, exitCode] = parts;
    const started = epochSeconds(start);
    out.push(
      statusFrom(
        {
          jobId,
          state,
          reason,
          node,
          submittedAt: epochSeconds(submit),
          startedAt: started,
          // squeue prints the expected end of a running job; only an ended job's is a fact.
          endedAt: phaseOf(state) === "ended" ? epochSeconds(end) : null,
          exit: /^\d+$/.test(exitCode) ? exitFromWaitStatus(Number(exitCode)) : { code: null, signal: null },
        },
        "squeue",
      ),
    );
  }
  return out;
}

export const SACCT_FIELDS = "JobIDRaw,State,Reason,NodeList,Submit,Start,End,ExitCode";

/** `sacct --noheader --parsable2 --delimiter=SEP -X --format=SACCT_FIELDS`, times as epoch seconds. */
export function parseSacct(stdout: string): SlurmJobStatus[] {
  const out: SlurmJobStatus[] = [];
  for (const line of stdout.split("\n")) {
    if (!line.trim()) continue;
    const [jobId, state, reason, node, submit, start, end, exitPair] = line.split(FIELD_SEPARATOR).map((p) => p.trim());
    if (!/^\d+$/.test(jobId ?? "") || exitPair === undefined) continue;
    out.push(
      statusFrom(
        {
          jobId,
          state,
          reason,
          node,
          submittedAt: epochSeconds(submit),
          startedAt: epochSeconds(start),
          endedAt: epochSeconds(end),
          exit: exitFromPair(exitPair),
        },
        "sacct",
      ),
    );
  }
  return out;
}

// jobcomp/filetxt writes one line per finished job: "JobId=N UserId=… Name=<any text> JobState=S
// Partition=… StartTime=… EndTime=… NodeList=… … WorkDir=<any text> … SubmitTime=… EligibleTime=…
// … ExitCode=c:s". Name and WorkDir may hold spaces, so the fixed runs around them anchor the match.
const COMPLETION_LINE =
  /^JobId=(\d+) UserId=\S* GroupId=\S* Name=.*? JobState=(\S+) Partition=\S* TimeLimit=\S* StartTime=(\S*) EndTime=(\S*) NodeList=(\S*) NodeCnt=/;
const COMPLETION_TAIL = / SubmitTime=(\S*) EligibleTime=\S*.* DerivedExitCode=\S* ExitCode=(\d+:\d+)\s*$/;

/** The last completion record of each wanted job (a requeued job has several). */
export function parseCompletionLog(text: string, wanted: ReadonlySet<string>): Map<string, SlurmJobStatus> {
  const found = new Map<string, SlurmJobStatus>();
  for (const line of text.split("\n")) {
    const head = COMPLETION_LINE.exec(line);
    if (!head || !wanted.has(head[1])) continue;
    const tail = COMPLETION_TAIL.exec(line);
    if (!tail) continue;
    const [, jobId, state, start, end, node] = head;
    const status = statusFrom(
      { jobId, state, reason: "", node, submittedAt: localTime(tail[1]), startedAt: localTime(start), endedAt: localTime(end), exit: exitFromPair(tail[2]) },
      "completion-log",
    );
    found.set(jobId, status);
  }
  return found;
}

export { lostJob };
