// Each failure label proved by a real misbehaving recipe, run through the real sandbox.
import { mkdirSync, writeFileSync, chmodSync } from "node:fs";
import { createServer } from "node:http";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { evaluateWorkspace } from "../lib/evaluator/evaluate";
import { writeRecipe } from "../lib/evaluator/files";
import { probeIsolation } from "../lib/evaluator/isolation";
import { loadTask } from "../lib/evaluator/task";
import { tempDir } from "./support/temp-db";
import { escapingChild, processesWith, scoringEvaluator, writeTask } from "./runner-fixtures";

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

async function evaluate(evaluator: string, manifest: Record<string, unknown> = {}, extraFiles: Record<string, string> = {}) {
  const { dir, cleanup } = tempDir("lineage-sandbox-");
  cleanups.push(cleanup);
  const task = loadTask(writeTask(join(dir, "task"), { "evaluate.mjs": evaluator, ...extraFiles }, manifest));
  const ws = join(dir, "ws");
  mkdirSync(ws);
  chmodSync(dir, 0o711);
  writeRecipe(ws, task.baseline);
  return evaluateWorkspace(ws, task.manifest, { logTailChars: 4096 });
}

describe("evaluator sandbox", () => {
  it("scores a well-behaved recipe, measuring the artifact itself", async () => {
    const o = await evaluate(scoringEvaluator());
    expect(o.failure).toBeUndefined();
    expect(o.score).toBe(10);
    expect(o.artifactBytes).toBe("export const VALUE = 10;\n".length);
  });

  it("crash: a non-zero exit, with the last line of output as the detail", async () => {
    const o = await evaluate(`console.error("Traceback: boom"); process.exit(3);`);
    expect(o.failure).toBe("crash");
    expect(o.failureDetail).toContain("exited with code 3");
    expect(o.failureDetail).toContain("boom");
  });

  it("crash: exit 0 without a result file", async () => {
    const o = await evaluate(`console.log("done");`);
    expect(o.failure).toBe("crash");
    expect(o.failureDetail).toContain("without writing its result file");
  });

  it("budget_overrun: an infinite loop is killed at the wall-clock budget", async () => {
    const o = await evaluate(`for (;;) {}`, { budgets: { wallclockSeconds: 1 } });
    expect(o.failure).toBe("budget_overrun");
    expect(o.failureDetail).toContain("wall-clock");
    expect(o.wallclockSeconds).toBeLessThan(3);
  });

  it("budget_overrun: endless printing is cut off and only a bounded tail is kept", async () => {
    const o = await evaluate(`const line = "spam ".repeat(2000) + "\\n"; for (;;) process.stdout.write(line);`, { budgets: { wallclockSeconds: 1 } });
    expect(o.failure).toBe("budget_overrun");
    expect(o.log.length).toBeLessThan(4096 + 200);
    expect(o.log).toContain("only the tail is kept");
  });

  it("budget_overrun: a memory bomb hits the memory limit", async () => {
    const o = await evaluate(`const hog = []; for (;;) hog.push(new Array(1e6).fill(Math.random()));`, {
      budgets: { wallclockSeconds: 20, memoryBytes: 1536 * 1024 ** 2 },
    });
    expect(o.failure).toBe("budget_overrun");
    expect(o.failureDetail).toContain("memory");
  });

  it("children that escape with setsid and outlive the evaluator are all killed", async () => {
    const marker = `lineage-escapee-${process.pid}-${Date.now()}`;
    const o = await evaluate(scoringEvaluator(`${escapingChild(marker)}\n${escapingChild(marker)}\nawait new Promise((r) => setTimeout(r, 200));`));
    expect(o.score).toBe(10);
    await new Promise((r) => setTimeout(r, 300));
    expect(processesWith(marker)).toEqual([]);
  });

  it("a fork bomb is contained and leaves no survivors", async () => {
    const marker = `lineage-forkbomb-${process.pid}-${Date.now()}`;
    const bomb = `import { spawn } from "node:child_process";
      const again = () => { try { spawn(process.execPath, ["evaluate.mjs", ${JSON.stringify(marker)}], { detached: true, stdio: "ignore" }).on("error", () => {}).unref(); } catch {} };
      again(); again(); setInterval(() => {}, 1000);`;
    const o = await evaluate(bomb, { budgets: { wallclockSeconds: 2, memoryBytes: 2 * 1024 ** 3 } });
    expect(o.failure).toBe("budget_overrun");
    await new Promise((r) => setTimeout(r, 500));
    expect(processesWith(marker)).toEqual([]);
  });

  it("invalid_result: NaN text, Infinity, two numbers, out of range, a missing metric", async () => {
    const cases = [
      `"{\\"score\\": NaN}"`,
      `"{\\"score\\": 1e999}"`,
      `"1.5 2.5"`,
      `JSON.stringify({ score: 1000 })`,
      `JSON.stringify({ other: 1 })`,
      `JSON.stringify({ score: [1, 2] })`,
    ];
    for (const c of cases) {
      const o = await evaluate(`import { writeFileSync } from "node:fs"; writeFileSync("result.json", ${c});`);
      expect(o.failure, c).toBe("invalid_result");
      expect(o.score).toBeUndefined();
    }
  });

  it("a result written by a child after the evaluator exited is never read", async () => {
    const late = `import { spawn } from "node:child_process";
      spawn(process.execPath, ["-e", "setTimeout(() => require('fs').writeFileSync('result.json', '{\\"score\\": 1}'), 400)"], { detached: true, stdio: "ignore" }).unref();`;
    const o = await evaluate(late);
    expect(o.failure).toBe("crash");
    expect(o.score).toBeUndefined();
  });

  it("gate_miss: a gate on a reported metric is enforced", async () => {
    const o = await evaluate(`import { writeFileSync } from "node:fs"; writeFileSync("result.json", JSON.stringify({ score: 1, accuracy: 0.9 }));`, {
      gates: [{ metric: "accuracy", op: ">=", value: 0.96 }],
    });
    expect(o.failure).toBe("gate_miss");
    expect(o.failureDetail).toContain("accuracy >= 0.96");
    expect(o.metrics?.accuracy).toBe(0.9);
  });

  it("size_failure: the artifact the harness measures is over budget", async () => {
    const o = await evaluate(
      scoringEvaluator(`(await import("node:fs")).mkdirSync("out"); (await import("node:fs")).writeFileSync("out/model.bin", Buffer.alloc(5000));`),
      { budgets: { wallclockSeconds: 5, artifactBytes: 1000 } },
    );
    expect(o.failure).toBe("size_failure");
    expect(o.artifactBytes).toBe(5000 + 25);
    expect(o.metrics?.score).toBe(10);
  });

  it.runIf(probeIsolation().isolation === "namespaces")("no network, no tokens in the environment, no reading root's private files", async () => {
    const server = createServer((_req, res) => res.end("reachable")).listen(0, "127.0.0.1");
    await new Promise((r) => server.once("listening", r));
    const port = (server.address() as { port: number }).port;
    const { dir, cleanup } = tempDir("lineage-secret-");
    cleanups.push(cleanup);
    writeFileSync(join(dir, "lineage.db"), "secret");
    process.env.LINEAGE_TOKEN = "a-secret-token-for-the-test";
    try {
      const o = await evaluate(`import { writeFileSync, readFileSync } from "node:fs"; globalThis.__net = await import("node:net");
        const net = await new Promise((r) => { const s = (globalThis.__net).connect(${port}, "127.0.0.1", () => r("open")); s.on("error", () => r("blocked")); });
        let db = "blocked"; try { readFileSync(${JSON.stringify(join(dir, "lineage.db"))}); db = "open"; } catch {}
        writeFileSync("result.json", JSON.stringify({ score: 1, net: net === "open" ? 1 : 0, db: db === "open" ? 1 : 0, token: process.env.LINEAGE_TOKEN ? 1 : 0 }));`);
      expect(o.metrics, `${o.failure}: ${o.failureDetail}`).toMatchObject({ net: 0, db: 0, token: 0 });
    } finally {
      delete process.env.LINEAGE_TOKEN;
      server.close();
    }
  });
});
