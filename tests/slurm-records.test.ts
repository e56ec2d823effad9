// Reading what Slurm prints: squeue's separated fields, the completion log's key=value lines (names
// and folders with spaces), exit statuses and state words. Lines captured from Slurm 22.05.
import { describe, expect, test } from "vitest";
import { FIELD_SEPARATOR as S, parseCompletionLog, parseSqueue } from "@/lib/evaluator/slurm/records";
import { exitFromPair, exitFromWaitStatus, phaseOf, terminalReason } from "@/lib/evaluator/slurm/states";

const line = (fields: string[]) => fields.map((f) => f + S).join("");

describe("squeue lines", () => {
  test("a finished job: state, reason, node, Slurm's epoch times and the raw wait status", () => {
    const [s] = parseSqueue(line(["7", "FAILED", "NonZeroExitCode", "vm", "1796131047", "1796131050", "1796131052", "768"]) + "\n");
    expect(s).toMatchObject({ jobId: "7", phase: "ended", reason: "crash", exit: { code: 3, signal: null }, queueWaitMs: 3000, runMs: 2000, node: "vm" });
  });

  test("a running job's expected end is not taken for its end; a pending job keeps its reason", () => {
    const jobs = parseSqueue(
      [line(["8", "RUNNING", "None", "vm", "100", "103", "900", "0"]), line(["9", "PENDING", "JobHeldUser", "", "100", "0", "0", "0"])].join("\n"),
    );
    expect(jobs[0]).toMatchObject({ phase: "running", queueWaitMs: 3000 });
    expect(jobs[0]).not.toHaveProperty("endedAt");
    expect(jobs[1]).toMatchObject({ phase: "pending", reason: "JobHeldUser", submittedAt: new Date(100_000) });
  });

  test("a line this client cannot read is an error naming it, never a silently dropped job", () => {
    expect(() => parseSqueue("slurm_load_jobs error: something\n")).toThrow(/cannot read.*slurm_load_jobs/);
  });
});

describe("completion log", () => {
  const record = (id: number, name: string, state: string, exit: string, workDir = "/tmp/w") =>
    `JobId=${id} UserId=root(0) GroupId=root(0) Name=${name} JobState=${state} Partition=debug TimeLimit=1 StartTime=2026-12-01T13:14:35 ` +
    `EndTime=2026-12-01T13:14:40 NodeList=vm NodeCnt=1 ProcCnt=1 WorkDir=${workDir} ReservationName= Tres=cpu=1,mem=100M,node=1,billing=1 ` +
    `Account= QOS= WcKey= Cluster=unknown SubmitTime=2026-12-01T13:14:34 EligibleTime=2026-12-01T13:14:34 DerivedExitCode=0:0 ExitCode=${exit} `;

  test("names and folders with spaces and separators; only the wanted ids; the last record of a requeued job", () => {
    const text = [
      record(1, "my job | x", "COMPLETED", "0:0", "/tmp/a b"),
      record(2, "other", "FAILED", "3:0"),
      record(1, "my job | x", "TIMEOUT", "0:15"),
    ].join("\n");
    const found = parseCompletionLog(text, new Set(["1", "5"]));
    expect([...found.keys()]).toEqual(["1"]);
    expect(found.get("1")).toMatchObject({
      phase: "ended",
      reason: "timeout",
      exit: { code: null, signal: 15 },
      runMs: 5000,
      queueWaitMs: 1000,
      source: "completion-log",
    });
    expect(parseCompletionLog(text, new Set(["2"])).get("2")).toMatchObject({ reason: "crash", exit: { code: 3 } });
  });
});

describe("states and exit statuses", () => {
  test("Slurm's words map to why a job ended", () => {
    const ok = { code: 0, signal: null };
    expect(terminalReason("OUT_OF_MEMORY", ok)).toBe("out_of_memory");
    expect(terminalReason("NODE_FAIL", ok)).toBe("node_failure");
    expect(terminalReason("BOOT_FAIL", ok)).toBe("node_failure");
    expect(terminalReason("PREEMPTED", ok)).toBe("preempted");
    expect(terminalReason("CANCELLED by 0", ok)).toBe("cancelled");
    expect(terminalReason("TIMEOUT", ok)).toBe("timeout");
    expect(terminalReason("COMPLETED", { code: 2, signal: null })).toBe("crash");
    expect(() => terminalReason("RUNNING", ok)).toThrow(/not a terminal/);
    expect(phaseOf("COMPLETING")).toBe("running");
    expect(phaseOf("REQUEUE_HOLD")).toBe("pending");
    expect(phaseOf("SOMETHING_NEW")).toBe("unknown");
  });

  test("wait statuses and code:signal pairs", () => {
    expect(exitFromWaitStatus(768)).toEqual({ code: 3, signal: null });
    expect(exitFromWaitStatus(9)).toEqual({ code: null, signal: 9 });
    expect(exitFromPair("0:9")).toEqual({ code: null, signal: 9 });
    expect(exitFromPair("4:0")).toEqual({ code: 4, signal: null });
  });
});
