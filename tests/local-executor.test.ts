// The local executor through the Executor interface, with real sandboxed processes: submit returns
// at once, one poll reports many jobs, cancel kills a job's whole group, recover buries a leftover
// job of a previous runner, and queue wait and run time are reported apart.
import { spawn } from "node:child_process";
import { chmodSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { queueSeconds, runSeconds, waitForAll, type ExecutorJob } from "../lib/evaluator/executor";
import { LocalExecutor, processAlive } from "../lib/evaluator/local-executor";
import { tempDir } from "./support/temp-db";
import { processesWith } from "./runner-fixtures";

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function workspace(name: string): string {
  const { dir, cleanup } = tempDir("lineage-executor-");
  cleanups.push(cleanup);
  chmodSync(dir, 0o711);
  const ws = join(dir, name);
  mkdirSync(ws);
  return ws;
}

/** A process's command line, NUL-separated ("" once it is gone). */
function commandOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8");
  } catch {
    return "";
  }
}

const job = (ws: string, script: string, limits: Partial<ExecutorJob["limits"]> = {}): ExecutorJob => ({
  name: "test",
  workspace: ws,
  command: ["sh", "-c", script],
  env: {},
  limits: { wallclockSeconds: 20, ...limits },
  logTailChars: 2000,
});

describe("local executor", () => {
  it("runs many jobs at once and reports all of them in one poll, with their exit codes and output", async () => {
    const ex = new LocalExecutor();
    const started = Date.now();
    const ids = await Promise.all(
      [0, 3, 7].map(
        async (code) => (await ex.submit(job(workspace(`ws${code}`), `sleep 1.5; echo done-${code} >&2; echo wrote > out.txt; exit ${code}`))).jobId,
      ),
    );
    expect(Date.now() - started).toBeLessThan(1000); // submit does not wait for the 1.5 s job
    expect(new Set(ids).size).toBe(3);
    const first = await ex.poll(ids);
    expect([...first.keys()]).toEqual(ids);
    expect([...first.values()].every((s) => s.state === "running")).toBe(true);
    const done = await waitForAll(ex, ids);
    expect(ids.map((id) => done.get(id))).toMatchObject([0, 3, 7].map((code) => ({ state: "done", exitCode: code, reason: "completed" })));
    for (const [i, id] of ids.entries()) {
      const t = done.get(id)!.timings;
      expect(queueSeconds(t)).toBeGreaterThanOrEqual(0);
      expect(queueSeconds(t)).toBeLessThan(1);
      expect(runSeconds(t)).toBeGreaterThanOrEqual(1.4);
      const out = await ex.collect(id);
      expect(out.command.log).toContain(`done-${[0, 3, 7][i]}`);
    }
    // collected jobs are forgotten
    expect((await ex.poll([ids[0]])).get(ids[0])).toMatchObject({ state: "done", reason: "lost" });
  });

  it("cancel kills the job's whole process group, children that escaped included", { timeout: 60_000 }, async () => {
    const ex = new LocalExecutor();
    // The marker is the sleeps' own argument (a unique fraction of a second), so each sleep's
    // command line carries it; an extra argument would make sleep refuse to run at all.
    const marker = `300.${process.pid}${Date.now() % 1_000_000}`;
    const { jobId } = await ex.submit(job(workspace("ws"), `(setsid sleep ${marker} &) ; sleep ${marker}`));
    // Both sleeps (the job's own and the one that left its session) before the cancel, or the test
    // proves nothing; a loaded machine may take seconds to start a sandboxed job, so wait long, and
    // say how the job ended if it ended first.
    const until = Date.now() + 30_000;
    const sleeps = () => processesWith(marker).filter((pid) => commandOf(pid).startsWith("sleep\0"));
    while (sleeps().length < 2 && Date.now() < until) {
      const status = (await ex.poll([jobId])).get(jobId)!;
      if (status.state === "done") throw new Error(`the job ended before its sleeps were seen: ${JSON.stringify(status)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(sleeps()).toHaveLength(2);
    await ex.cancel(jobId);
    const status = (await ex.poll([jobId])).get(jobId)!;
    expect(status).toMatchObject({ state: "done", reason: "cancelled" });
    await new Promise((r) => setTimeout(r, 200));
    expect(processesWith(marker)).toEqual([]);
  });

  it("a job past its wall-clock limit ends as timeout; one that floods its output as output_limit", async () => {
    const ex = new LocalExecutor();
    const slow = (await ex.submit(job(workspace("slow"), "sleep 30", { wallclockSeconds: 1 }))).jobId;
    const loud = (await ex.submit(job(workspace("loud"), "yes lineage", { outputBytes: 100_000 }))).jobId;
    const done = await waitForAll(ex, [slow, loud]);
    expect(done.get(slow)).toMatchObject({ state: "done", reason: "timeout" });
    expect(runSeconds(done.get(slow)!.timings)).toBeLessThan(3);
    expect(done.get(loud)).toMatchObject({ state: "done", reason: "output_limit" });
  });

  it("recover buries a job a previous runner left running in its workspace, and never touches another folder's process", async () => {
    const ws = workspace("left");
    const other = workspace("other");
    // a previous runner's job: its own process group, working in the job's workspace
    const leftover = spawn("sleep", ["300"], { cwd: ws, detached: true, stdio: "ignore" });
    const stranger = spawn("sleep", ["300"], { cwd: other, detached: true, stdio: "ignore" });
    cleanups.push(() => [leftover, stranger].forEach((p) => p.pid && processAlive(p.pid) && process.kill(-p.pid, "SIGKILL")));
    await new Promise((r) => setTimeout(r, 100));
    expect(readFileSync(`/proc/${leftover.pid}/stat`, "utf8")).toBeTruthy();
    const ex = new LocalExecutor(); // a new runner process's executor knows nothing of it
    // the stranger's id given with this workspace: a reused id is never mistaken for the job
    expect(await ex.recover(String(stranger.pid), ws)).toMatchObject({ state: "done", reason: "lost" });
    expect(await ex.recover(String(leftover.pid), ws)).toMatchObject({ state: "done", reason: "lost" });
    await new Promise((r) => setTimeout(r, 200));
    expect(leftover.exitCode !== null || leftover.signalCode !== null).toBe(true);
    expect(stranger.exitCode === null && stranger.signalCode === null).toBe(true);
  });

  it("recover of a job this executor still runs reports it as running", async () => {
    const ex = new LocalExecutor();
    const { jobId } = await ex.submit(job(workspace("ws"), "sleep 5"));
    expect(await ex.recover(jobId)).toMatchObject({ state: "running" });
    await ex.cancel(jobId);
  });
});
