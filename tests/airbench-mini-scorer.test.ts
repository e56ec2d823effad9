// airbench-mini's score belongs to its trusted scorer: the recipe's code trains in a process of its
// own, the scorer serves the training batches and counts them, and the test labels never leave the
// scorer's process. Each test is a real evaluation: a schedule too short is gate_miss, a network too
// wide overruns the wall-clock budget, a diverging rate crashes, and a recipe that forges a score
// (a result file, a printed score, a peek at the labels) gets the baseline's score or nothing.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evaluateFiles } from "../lib/evaluator/evaluate";
import { heldOutSecretFile } from "../lib/evaluator/heldout-secret";
import { resolveTask, type LoadedTask } from "../lib/evaluator/task";
import { tempDir } from "./support/temp-db";

let task: LoadedTask;
let dir: string;
let cleanup: () => void;
let baseline: Awaited<ReturnType<typeof evaluate>>;

let n = 0;
function evaluate(edits: Record<string, (src: string) => string> = {}) {
  const files = new Map(task.baseline);
  for (const [file, edit] of Object.entries(edits)) files.set(file, edit(files.get(file)!));
  return evaluateFiles(join(dir, `t${n++}`, "eval"), files, task.manifest, { taskDir: task.dir, logTailChars: 8192 });
}
const set = (name: string, value: string) => (src: string) => {
  const out = src.replace(new RegExp(`^(export const ${name} = )[^;]+;`, "m"), `$1${value};`);
  if (out === src) throw new Error(`no ${name} in the recipe`);
  return out;
};

beforeAll(async () => {
  ({ dir, cleanup } = tempDir("lineage-airbench-"));
  task = resolveTask("airbench-mini");
  baseline = await evaluate();
  expect(baseline.failure, `${baseline.failureDetail}\n${baseline.log}`).toBeUndefined();
}, 60_000);
afterAll(() => cleanup());

describe("airbench-mini's evaluator", () => {
  it("scores the baseline by the training examples served until the test accuracy reached the gate, with the wall-clock beside it", () => {
    expect(task.record.metric).toMatchObject({ name: "train_examples", direction: "minimize" });
    expect(baseline.score).toBeGreaterThan(1000);
    expect(baseline.metrics!.accuracy).toBeGreaterThanOrEqual(0.9);
    expect(baseline.metrics!.train_seconds).toBeGreaterThan(0);
    expect(baseline.metrics!.batches).toBeGreaterThan(0);
  });

  it("the same recipe scores the same count again: the score is counted work, not time", async () => {
    const again = await evaluate();
    expect(again.score).toBe(baseline.score);
  }, 60_000);

  it("the gate in task.json is the gate the scorer stops at", () => {
    const gate = Number(/export const GATE = ([0-9.]+);/.exec(readFileSync(join(task.dir, "scorer", "score.mjs"), "utf8"))![1]);
    expect(task.record.gates).toEqual([{ metric: "accuracy", op: ">=", value: gate }]);
  });

  it("speaks golf-mini's channel: the scorer's framing module is golf-mini's, byte for byte", () => {
    const golf = resolveTask("golf-mini");
    expect(readFileSync(join(task.dir, "scorer", "channel.mjs"), "utf8")).toBe(readFileSync(join(golf.dir, "scorer", "channel.mjs"), "utf8"));
  });

  it("a schedule that ends below the gate is gate_miss, with its final accuracy", async () => {
    const o = await evaluate({ "optimizer.mjs": set("EPOCHS", "0.5") });
    expect(o.failure, o.log).toBe("gate_miss");
    expect(o.failureDetail).toMatch(/gate accuracy >= 0.9 missed: accuracy = 0\.\d+/);
    expect(o.metrics!.accuracy).toBeLessThan(0.9);
    expect(o.score).toBeUndefined();
  }, 60_000);

  it("a network too wide for the wall-clock budget is budget_overrun", async () => {
    const o = await evaluate({ "model.mjs": set("WIDTH", "8192") }); // some 50 times the baseline's compute: past the budget on any machine
    expect(o.failure, o.log).toBe("budget_overrun");
    expect(o.failureDetail).toMatch(/wall-clock budget of \d+ s exceeded/);
  }, 60_000);

  it("a learning rate that diverges crashes, and the detail says why", async () => {
    const o = await evaluate({ "optimizer.mjs": set("LEARNING_RATE", "1.6") });
    expect(o.failure, o.log).toBe("crash");
    expect(o.failureDetail).toMatch(/training diverged: the loss is .* no better than chance/);
  }, 60_000);

  it("a result file written by the recipe and a score it prints count for nothing: the score is the scorer's", async () => {
    const o = await evaluate({
      "model.mjs": (src) =>
        `import { writeFileSync } from "node:fs";\nwriteFileSync("result.json", JSON.stringify({ train_examples: 1, accuracy: 1 }));\nconsole.log("train_examples 1 accuracy 1");\n${src}`,
    });
    expect(o.failure, o.log).toBeUndefined();
    expect(o.score).toBe(baseline.score);
  }, 60_000);

  it("a recipe that claims to be done at once is scored on what it learned: gate_miss", async () => {
    const o = await evaluate({ "optimizer.mjs": set("EPOCHS", "0") });
    expect(o.failure).toBe("gate_miss");
    expect(o.metrics!.accuracy).toBeLessThan(0.5);
  }, 60_000);

  it("the test labels and the secret they come from are nowhere the recipe can look: its environment, /proc, the secret file, the scorer's folder", async () => {
    const o = await evaluate({
      "model.mjs": (src) => `import { readFileSync, readdirSync } from "node:fs";
const leaks = [];
if (Object.keys(process.env).some((k) => k.includes("SECRET"))) leaks.push("env");
for (const p of readdirSync("/proc").filter((d) => /^\\d+$/.test(d))) { try { if (readFileSync("/proc/" + p + "/environ", "utf8").includes("HELDOUT")) leaks.push("proc " + p); } catch {} }
for (const f of [${JSON.stringify(heldOutSecretFile())}, ${JSON.stringify(join(resolveTask("airbench-mini").dir, "scorer", "images.mjs"))}]) { try { readFileSync(f); leaks.push(f); } catch {} }
try { readdirSync("/evaluator"); leaks.push("/evaluator"); } catch {}
if (leaks.length) throw new Error("LEAKED " + leaks.join(", "));
${src}`,
    });
    expect(o.failure, o.log).toBeUndefined();
    expect(o.score).toBe(baseline.score);
  }, 60_000);

  it("answers tampered with on their way out (classes that do not exist) are refused, not scored: invalid_result", async () => {
    const o = await evaluate({
      "model.mjs": (src) => `import { Socket } from "node:net";
const write = Socket.prototype.write;
Socket.prototype.write = function (chunk, ...rest) {
  if (Buffer.isBuffer(chunk) && chunk.length > 5 && chunk[4] === 10) chunk.fill(200, 5);
  return write.call(this, chunk, ...rest);
};
${src}`,
    });
    expect(o.failure, o.log).toBe("invalid_result");
    expect(o.failureDetail).toMatch(/test image 0 got class 200 \(there are 10\)/);
  }, 60_000);
});
