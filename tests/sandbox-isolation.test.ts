// Attacks from inside a real evaluation, as a recipe that knows Lineage's code would try them
// (RELIABILITY 18, 26, 28): the database, the host's processes, a sibling evaluation's workspace,
// SysV IPC that outlives the trial, and a workspace the harness cannot measure.
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, statSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openDatabase } from "../db/client";
import { evaluateFiles } from "../lib/evaluator/evaluate";
import { probeIsolation } from "../lib/evaluator/isolation";
import { runSandboxed, SANDBOX_WORKDIR } from "../lib/evaluator/sandbox";
import { UID_LOCK_DIR } from "../lib/evaluator/uid-pool";
import { loadTask } from "../lib/evaluator/task";
import { scoringEvaluator, writeTask } from "./runner-fixtures";
import { MIGRATIONS, tempDir } from "./support/temp-db";

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));
const namespaces = probeIsolation().isolation === "namespaces";
const hasPython = spawnSync("python3", ["--version"]).status === 0;

function temp(prefix: string): string {
  const { dir, cleanup } = tempDir(prefix);
  cleanups.push(cleanup);
  chmodSync(dir, 0o711); // traversable, as a runner's work root is: the sandbox, not permissions, must keep it out
  return dir;
}

/** Evaluates a recipe whose evaluator is `evaluator` (the recipe's own code) in the real sandbox. */
async function evaluate(evaluator: string, opts: { manifest?: Record<string, unknown>; workspace?: string } = {}) {
  const dir = temp("lineage-attack-");
  const task = loadTask(writeTask(join(dir, "task"), { "evaluate.mjs": evaluator }, opts.manifest));
  return evaluateFiles(opts.workspace ?? join(dir, "work", "eval"), task.baseline, task.manifest, { taskDir: task.dir, logTailChars: 8192 });
}

describe.runIf(namespaces)("what an evaluation can see of the host", () => {
  it("the database, its WAL and its folder are owner-only, and invisible from inside an evaluation", async () => {
    const dataDir = join(temp("lineage-data-"), "data");
    const dbPath = join(dataDir, "lineage.db");
    const db = openDatabase(dbPath, { migrationsFolder: MIGRATIONS });
    db.$client.prepare("SELECT count(*) FROM trials").get();
    try {
      for (const f of [dbPath, `${dbPath}-wal`, `${dbPath}-shm`]) expect((statSync(f).mode & 0o777).toString(8), f).toBe("600");
      expect((statSync(dataDir).mode & 0o777).toString(8)).toBe("700");
      const o = await evaluate(`import { readFileSync, readdirSync, existsSync, writeFileSync } from "node:fs";
        const probes = {};
        for (const f of ${JSON.stringify([dbPath, `${dbPath}-wal`, dataDir])}) probes[f] = existsSync(f);
        // every process the evaluator can see, and whether any of them names a database
        const pids = readdirSync("/proc").filter((d) => /^\\d+$/.test(d));
        const cmdlines = pids.map((p) => { try { return readFileSync("/proc/" + p + "/cmdline", "utf8"); } catch { return ""; } });
        writeFileSync("probe.json", JSON.stringify({ probes, pids: pids.length, foreign: cmdlines.filter((c) => /lineage|vitest|\\.db/.test(c)),
          root: readdirSync("/").sort(), shadow: (() => { try { readFileSync("/etc/shadow"); return "read"; } catch (e) { return e.code; } })(),
          uid: process.getuid(), hostname: readFileSync("/proc/sys/kernel/hostname", "utf8").trim() }));
        const { VALUE } = await import("./recipe.mjs");
        writeFileSync("result.json", JSON.stringify({ score: VALUE, seen: Object.values(probes).filter(Boolean).length, pids: pids.length }));`);
      expect(o.failure, o.failureDetail).toBeUndefined();
      // nothing of the data folder exists in its world; it sees only its own few processes
      expect(o.metrics).toMatchObject({ seen: 0 });
      expect(o.metrics!.pids).toBeLessThan(5);
    } finally {
      db.$client.close();
    }
  });

  it("sees its own root only: system folders read-only, a fresh /proc, no host files, a uid of its own", async () => {
    const hostSecret = join(temp("lineage-host-"), "private.txt");
    const o = await evaluate(`import { readFileSync, readdirSync, writeFileSync, existsSync } from "node:fs";
      const pids = readdirSync("/proc").filter((d) => /^\\d+$/.test(d));
      const cmdlines = pids.map((p) => { try { return readFileSync("/proc/" + p + "/cmdline", "utf8").replaceAll("\\0", " "); } catch { return ""; } });
      let usr = "writable"; try { writeFileSync("../usr/x", "x"); } catch (e) { usr = e.code; }
      let shadow = "read"; try { readFileSync("/etc/shadow"); } catch (e) { shadow = e.code; }
      writeFileSync("result.json", JSON.stringify({ score: 1, root: readdirSync("/").length, hostFile: existsSync(${JSON.stringify(hostSecret)}) ? 1 : 0,
        foreign: cmdlines.filter((c) => /vitest|lineage run|serve/.test(c)).length, usrRo: usr === "EROFS" ? 1 : 0, shadowDenied: shadow === "EACCES" ? 1 : 0,
        uid: process.getuid(), runRoot: existsSync(${JSON.stringify(UID_LOCK_DIR)}) ? 1 : 0, home: existsSync(${JSON.stringify(homedir())}) ? 1 : 0 }));`);
    expect(o.failure, o.failureDetail).toBeUndefined();
    expect(o.metrics).toMatchObject({ hostFile: 0, foreign: 0, usrRo: 1, shadowDenied: 1, runRoot: 0, home: 0 });
    expect(o.metrics!.uid).toBeGreaterThanOrEqual(61_000);
  });

  it("two evaluations at once cannot see or write each other's workspace or result", async () => {
    const base = temp("lineage-siblings-");
    const a = join(base, "a", "eval");
    const b = join(base, "b", "eval");
    // The attacker knows where the sibling's workspace is on the host and tries every way in: the path
    // itself, /proc/<pid>/cwd and /proc/<pid>/root of every process it can see, and the mount table.
    const attacker = (victim: string) => `import { readFileSync, readdirSync, writeFileSync, existsSync } from "node:fs";
      const tries = [${JSON.stringify(victim)}, ...readdirSync("/proc").filter((d) => /^\\d+$/.test(d)).flatMap((p) => ["/proc/" + p + "/cwd", "/proc/" + p + "/root" + ${JSON.stringify(SANDBOX_WORKDIR)}])];
      let reached = 0;
      for (const t of tries) { try { writeFileSync(t + "/result.json", JSON.stringify({ score: 0.0123 })); if (!t.startsWith("/proc/self") && !t.startsWith("/proc/1/")) reached++; } catch {} }
      const mounts = readFileSync("/proc/self/mounts", "utf8").split("\\n").filter((l) => l.includes("lineage-scratch")).length;
      await new Promise((r) => setTimeout(r, 1500)); // stay alive while the sibling runs
      writeFileSync("result.json", JSON.stringify({ score: 10, reached, mounts, uid: process.getuid() }));`;
    const dir = temp("lineage-attack-");
    const taskA = loadTask(writeTask(join(dir, "ta"), { "evaluate.mjs": attacker(b) }));
    const taskB = loadTask(writeTask(join(dir, "tb"), { "evaluate.mjs": attacker(a) }));
    const [oa, ob] = await Promise.all([
      evaluateFiles(a, taskA.baseline, taskA.manifest, { taskDir: taskA.dir, logTailChars: 4096 }),
      evaluateFiles(b, taskB.baseline, taskB.manifest, { taskDir: taskB.dir, logTailChars: 4096 }),
    ]);
    for (const o of [oa, ob]) {
      expect(o.failure, o.failureDetail).toBeUndefined();
      expect(o.score).toBe(10); // not the forged 0.0123
      expect(o.metrics).toMatchObject({ reached: 0, mounts: 1 });
    }
    expect(oa.metrics!.uid).not.toBe(ob.metrics!.uid);
  });

  it("fails closed: when a step of building its root fails, the command never runs", async () => {
    const ws = temp("lineage-closed-");
    const r = await runSandboxed({
      cwd: ws,
      command: ["sh", "-c", `echo ran > ${SANDBOX_WORKDIR}/ran`],
      wallclockMs: 10_000,
      logTailChars: 1000,
      readOnlyBinds: [{ host: join(ws, "missing"), at: "/x" }],
    });
    expect(r.exitCode).toBe(125);
    expect(existsSync(join(ws, "ran"))).toBe(false);
  });

  it.runIf(hasPython)("SysV shared memory made by an evaluation is gone with it", async () => {
    const key = 0x4c000000 + Math.floor(Math.random() * 0xffffff);
    const o = await evaluate(
      scoringEvaluator(`
      const { spawnSync } = await import("node:child_process");
      // shmget(key, 32 MiB, IPC_CREAT | 0666) through libc, then leave without removing it
      const r = spawnSync("python3", ["-c", "import ctypes; l = ctypes.CDLL(None); print(l.shmget(${key}, 32 << 20, 0o1666))"], { encoding: "utf8" });
      if (!(Number(r.stdout) >= 0)) throw new Error("shmget failed: " + r.stdout + r.stderr);`),
    );
    expect(o.failure, o.failureDetail).toBeUndefined();
    const hostKeys = spawnSync("ipcs", ["-m"], { encoding: "utf8" }).stdout;
    expect(hostKeys).not.toContain(`0x${key.toString(16)}`);
  });
});

describe("a workspace the harness cannot measure is the recipe's failure, not the harness's", () => {
  const weird = `const { mkdirSync, symlinkSync } = await import("node:fs");
    const { spawnSync } = await import("node:child_process");
    const { createServer } = await import("node:net");
    mkdirSync("out");
    symlinkSync("/etc/passwd", "out/passwd");
    symlinkSync("..", "out/up");
    spawnSync("mkfifo", ["out/fifo"]);
    const srv = createServer().listen("out/sock"); await new Promise((r) => srv.once("listening", r)); srv.unref();
    writeFileSync("out/" + "n".repeat(255), "x");`;

  it("a folder 2,000 levels deep under out/: size_failure naming the reason, no exception", async () => {
    const o = await evaluate(
      scoringEvaluator(`${weird}
      // build it relative to each level, as a recipe would to get past PATH_MAX
      const start = process.cwd();
      for (let i = 0; i < 2000; i++) { mkdirSync("d"); process.chdir("d"); }
      process.chdir(start);
      mkdirSync("out/x"); spawnSync("mv", ["d", "out/x/"]);`),
    );
    expect(o.failure).toBe("size_failure");
    expect(o.failureDetail).toMatch(/nested deeper than 64 levels|path longer than/);
    expect(o.metrics?.score).toBe(10);
  });

  it("links, a fifo, a socket and a 255-character name are measured without following or blocking", async () => {
    const o = await evaluate(scoringEvaluator(weird));
    expect(o.failure, o.log).toBeUndefined();
    // recipe.mjs and the one-byte file: links, the fifo and the socket count as nothing
    expect(o.artifactBytes).toBe("export const VALUE = 10;\n".length + 1);
  });
});
