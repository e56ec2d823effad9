// A `command:` agent run through the real CLI (`lineage run`): it is handed a minimal environment
// (none of the runner's tokens, keys or paths) and it dies with the runner, children included,
// when the runner is SIGKILLed.
import { spawn } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openDatabase } from "../db/client";
import { agentLaunch } from "../lib/runner/proposers/agent-process";
import { CommandProposer } from "../lib/runner/proposers/command";
import type { ProposalRequest } from "../lib/runner/proposers/types";
import { getTrial, listTrials } from "../lib/services/trials";
import { processesWith, scoringEvaluator, writeTask } from "./runner-fixtures";
import { LINEAGE_BIN, runCli } from "./support/server";
import { MIGRATIONS, tempDir } from "./support/temp-db";

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function setup() {
  const d = tempDir("lineage-cmd-agent-");
  cleanups.push(d.cleanup);
  const task = writeTask(join(d.dir, "task"), { "evaluate.mjs": scoringEvaluator() });
  return { dir: d.dir, task, db: join(d.dir, "lineage.db") };
}

const SECRET_TOKEN = "tok-runner-secret-0123456789";
const SECRET_KEY = "sk-runner-llm-key-0123456789";

describe("command agents", () => {
  it("get a minimal environment: none of the runner's tokens, keys or paths", async () => {
    const { dir, task, db } = setup();
    const envFile = join(dir, "agent-env.txt");
    const script = join(dir, "agent.sh");
    writeFileSync(script, `env > ${envFile}\nsed -i 's/VALUE = 10/VALUE = 7/' recipe.mjs\necho "seven beats ten" > "$LINEAGE_HYPOTHESIS_FILE"\n`);
    const r = await runCli(["run", task, "--agents", `main=command:sh ${script}`, "--trials", "2", "--db", db, "--quiet"], {
      env: { LINEAGE_TOKEN: SECRET_TOKEN, LINEAGE_LLM_API_KEY: SECRET_KEY, LINEAGE_DB: join(dir, "elsewhere.db"), HOME: "/root", LINEAGE_TEST_LEAK: "leaked" },
    });
    expect(r.code, r.stderr).toBe(0);
    const seen = readFileSync(envFile, "utf8");
    const vars = Object.fromEntries(
      seen
        .split("\n")
        .filter(Boolean)
        .map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]),
    );
    expect(seen).not.toContain(SECRET_TOKEN);
    expect(seen).not.toContain(SECRET_KEY);
    expect(seen).not.toContain("leaked");
    expect(vars.LINEAGE_DB).toBeUndefined();
    expect(vars.HOME).not.toBe("/root");
    // HOME and TMPDIR are folders of its own, beside its workspace
    expect(vars.HOME).toMatch(/agent-home$/);
    expect(vars.TMPDIR).toBe(join(vars.HOME, "tmp"));
    expect(vars.PATH).toBe("/usr/local/bin:/usr/bin:/bin");
    expect(vars.LANG).toBe("C.UTF-8");
    expect(vars.LINEAGE_CONTEXT_FILE).toMatch(/context\.md$/);
    expect(vars.LINEAGE_HYPOTHESIS_FILE).toMatch(/hypothesis\.txt$/);
    expect(vars.LINEAGE_SURFACE).toBe("main");
    // Only what the shell adds itself (PWD, SHLVL, _, OLDPWD) beyond what it was given.
    const given = [
      "PATH",
      "HOME",
      "TMPDIR",
      "LANG",
      "LINEAGE_CONTEXT_FILE",
      "LINEAGE_HYPOTHESIS_FILE",
      "LINEAGE_AGENT",
      "LINEAGE_SURFACE",
      "LINEAGE_SURFACE_PATHS",
    ];
    expect(Object.keys(vars).filter((k) => !given.includes(k) && !["PWD", "SHLVL", "_", "OLDPWD"].includes(k))).toEqual([]);

    // The trial says how the agent's life was tied to the runner's.
    const store = openDatabase(db, { migrationsFolder: MIGRATIONS });
    try {
      const runId = r.stdout.trim();
      const trials = listTrials(store, runId, { limit: 10, sort: "seq" }).items.map((t) => getTrial(store, t.id));
      const proposed = trials.find((t) => t.seq === 2)!;
      expect(proposed.failure ?? null).toBeNull();
      expect(proposed.score).toBe(7);
      expect((proposed.extra as Record<string, unknown>).agentContainment).toBe(agentLaunch().containment);
    } finally {
      store.$client.close();
    }
  }, 120_000);

  it("die with the runner when it is SIGKILLed, children that left its process group included", async () => {
    const { dir, task, db } = setup();
    const marker = `lineage-agent-marker-${process.pid}-${Date.now()}`;
    const ready = join(dir, "ready");
    const forever = (tag: string) => `node -e 'setInterval(() => {}, 1000)' ${marker}-${tag}`;
    const script = join(dir, "agent.sh");
    // a child in its process group, a child that leaves it (setsid), then the agent itself waits
    writeFileSync(script, `${forever("child")} &\nsetsid ${forever("escapee")} &\necho started > ${ready}\nexec ${forever("agent")}\n`);
    const runner = spawn(process.execPath, [LINEAGE_BIN, "run", task, "--agents", `main=command:sh ${script}`, "--trials", "3", "--db", db, "--quiet"], {
      cwd: join(import.meta.dirname, ".."),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    runner.stdout.on("data", (d) => (out += d));
    runner.stderr.on("data", (d) => (out += d));
    // Whatever happens, no process of this test outlives it.
    cleanups.unshift(() => {
      for (const pid of processesWith(marker)) process.kill(pid, "SIGKILL");
      if (runner.exitCode === null) runner.kill("SIGKILL");
    });
    const until = async (what: string, ok: () => boolean, ms: number) => {
      const end = Date.now() + ms;
      while (!ok()) {
        if (Date.now() > end) throw new Error(`timed out waiting for ${what}\n${out}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    await until("the agent to start", () => existsSync(ready), 60_000);
    await until("all three of the agent's processes", () => ["child", "escapee", "agent"].every((t) => processesWith(`${marker}-${t}`).length > 0), 10_000);

    const exited = new Promise((r) => runner.once("exit", r));
    runner.kill("SIGKILL");
    await exited;
    const alive = (tag: string) => processesWith(`${marker}-${tag}`).filter((pid) => !isZombie(pid));
    const mustDie = agentLaunch().containment === "pid-namespace" ? ["agent", "child", "escapee"] : ["agent", "child"];
    if (process.getuid?.() === 0) expect(agentLaunch().containment).toBe("pid-namespace");
    await until(`the agent's processes to die with the runner (${mustDie.join(", ")})`, () => mustDie.every((t) => alive(t).length === 0), 5_000);
  }, 120_000);

  it("are killed at their time limit with everything they started", async () => {
    const { dir } = setup();
    const marker = `lineage-agent-timeout-${process.pid}-${Date.now()}`;
    cleanups.unshift(() => processesWith(marker).forEach((pid) => process.kill(pid, "SIGKILL")));
    const forever = (tag: string) => `node -e 'setInterval(() => {}, 1000)' ${marker}-${tag}`;
    const proposer = new CommandProposer(`${forever("child")} & setsid ${forever("escapee")} & exec ${forever("agent")}`, 1_500);
    // Only the fields the command proposer reads; the rest of a request is the loop's business.
    const req = {
      agent: { id: "a", name: "main", surface: "main" },
      context: "ctx",
      parent: { id: "p", files: new Map([["recipe.mjs", "x"]]) },
      scratchDir: join(dir, "scratch"),
      signal: new AbortController().signal,
    } as unknown as ProposalRequest;
    const started = Date.now();
    await expect(proposer.propose(req)).rejects.toThrow(/ran over 1.5 s and was killed/);
    expect(Date.now() - started).toBeLessThan(8_000);
    const mustDie = agentLaunch().containment === "pid-namespace" ? ["agent", "child", "escapee"] : ["agent", "child"];
    const end = Date.now() + 3_000;
    while (mustDie.some((t) => processesWith(`${marker}-${t}`).some((pid) => !isZombie(pid))) && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
    for (const t of mustDie)
      expect(
        processesWith(`${marker}-${t}`).filter((pid) => !isZombie(pid)),
        t,
      ).toEqual([]);
  }, 30_000);
});

function isZombie(pid: number): boolean {
  try {
    return /^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, "utf8"));
  } catch {
    return true;
  }
}
