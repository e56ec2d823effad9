// golf-mini's score belongs to its trusted scorer (RELIABILITY 27): the recipe's code runs in a
// process of its own, never the one that computes the bits, and never holds the held-out text.
// Each test is an attack a recipe that knows this code would make, through a real evaluation.
import { cpSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evaluateFiles } from "../lib/evaluator/evaluate";
import { heldOutSecretFile } from "../lib/evaluator/heldout-secret";
import { loadTask, resolveTask, type LoadedTask } from "../lib/evaluator/task";
import { runCli } from "./support/server";
import { tempDir } from "./support/temp-db";

let golf: LoadedTask;
let dir: string;
let cleanup: () => void;
let baseline: number;

beforeAll(async () => {
  ({ dir, cleanup } = tempDir("lineage-golf-"));
  golf = resolveTask("golf-mini");
  const o = await evaluate(golf.baseline.get("model.mjs")!);
  expect(o.failure, `${o.failureDetail}\n${o.log}`).toBeUndefined();
  baseline = o.score!;
});
afterAll(() => cleanup());

let n = 0;
function evaluate(model: string) {
  const files = new Map(golf.baseline);
  files.set("model.mjs", model);
  return evaluateFiles(join(dir, `t${n++}`, "eval"), files, golf.manifest, { taskDir: golf.dir, logTailChars: 8192 });
}

const withPrelude = (prelude: string) => `${prelude}\n${golf.baseline.get("model.mjs")}`;
// predict(model, bytes, i, out) of the baseline, with the body replaced
const withPredict = (body: string) =>
  golf.baseline.get("model.mjs")!.replace(/\/\/ @predict-begin[\s\S]*\/\/ @predict-end/, `export function predict(model, bytes, i, out) {\n${body}\n}`);

describe("golf-mini's trusted scorer", () => {
  it("scores the baseline as bits per byte of held-out text", () => {
    expect(baseline).toBeGreaterThan(2.5);
    expect(baseline).toBeLessThan(3.5);
  });

  it("patching Math.log2 in the recipe's process changes nothing: the bits are computed elsewhere", async () => {
    const o = await evaluate(withPrelude("Math.log2 = (x) => Math.log(x) / Math.LN2 * 0.5; Math.log = (x) => 0;"));
    expect(o.failure, o.failureDetail).toBeUndefined();
    expect(o.score).toBe(baseline);
  });

  it("the byte being predicted is never in the recipe's process: betting on bytes[i] scores nothing", async () => {
    const o = await evaluate(withPredict("out.fill(0); out[bytes[i]] = 1;"));
    expect(o.failure).toBe("invalid_result");
    expect(o.failureDetail).toMatch(/observed byte got probability 0/);
  });

  it("a distribution that is not one (sums to 2, negative, NaN) is refused, not scored", async () => {
    for (const [body, why] of [
      ["out.fill(2 / 256);", /sum to 2/],
      ["out.fill(1 / 255); out[0] = -1 / 255;", /got probability -/],
      ["out.fill(Number.NaN);", /got probability NaN/],
    ] as const) {
      const o = await evaluate(withPredict(body));
      expect(o.failure, body).toBe("invalid_result");
      expect(o.failureDetail).toMatch(why);
    }
  });

  it("the held-out secret is nowhere the recipe can look: its environment, /proc, the secret file", async () => {
    const o = await evaluate(
      withPrelude(`import { readFileSync, readdirSync } from "node:fs";
const leaks = [];
if (Object.keys(process.env).some((k) => k.includes("SECRET"))) leaks.push("env");
for (const p of readdirSync("/proc").filter((d) => /^\\d+$/.test(d))) { try { if (readFileSync("/proc/" + p + "/environ", "utf8").includes("HELDOUT")) leaks.push("proc " + p); } catch {} }
for (const f of [${JSON.stringify(heldOutSecretFile())}]) { try { readFileSync(f); leaks.push(f); } catch {} }
try { readdirSync("/evaluator"); leaks.push("/evaluator"); } catch {}
if (leaks.length) throw new Error("LEAKED " + leaks.join(", "));`),
    );
    expect(o.failure, o.log).toBeUndefined();
    expect(o.score).toBe(baseline);
  });
});

describe("re-evaluation catches a score forged under an in-process evaluator", () => {
  it("a trial scored by an evaluator that imported the recipe does not reproduce, and the audit says so", async () => {
    const { dir: work, cleanup: done } = tempDir("lineage-forged-");
    try {
      // The task as it was before the scorer split: evaluate.mjs imported model.mjs and did the sums itself.
      const taskDir = join(work, "task");
      cpSync(golf.dir, taskDir, { recursive: true });
      rmSync(join(taskDir, "recipe", "run.mjs"));
      cpSync(join(golf.dir, "scorer", "corpus.mjs"), join(taskDir, "recipe", "corpus.mjs"));
      writeFileSync(join(taskDir, "recipe", "evaluate.mjs"), IN_PROCESS_EVALUATOR);
      const manifest = JSON.parse(readFileSync(join(golf.dir, "task.json"), "utf8"));
      writeFileSync(
        join(taskDir, "task.json"),
        JSON.stringify({
          ...manifest,
          protectedPaths: ["evaluate.mjs", "corpus.mjs", "out/**"],
          evaluator: { command: ["node", "evaluate.mjs"], resultFile: "result.json", scoreRange: [0, 8] },
        }),
      );
      loadTask(taskDir);
      const agent = join(work, "forge.sh");
      writeFileSync(
        agent,
        `#!/bin/sh\nprintf 'Math.log2 = (x) => Math.log(x) / Math.LN2 * 0.5;\\n' | cat - model.mjs > m && mv m model.mjs\necho "halve every logarithm" > "$LINEAGE_HYPOTHESIS_FILE"\n`,
        { mode: 0o755 },
      );
      const db = join(work, "lineage.db");
      const run = await runCli(["run", taskDir, "--agents", `model=command:${agent}`, "--trials", "2", "--db", db]);
      expect(run.code, run.stderr).toBe(0);
      const runId = run.stdout.trim().split(/\s+/).pop()!;
      const trace = (await runCli(["export", runId, "--db", db])).stdout
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l));
      const [base, forged] = trace.filter((r) => r.type === "trial").sort((a, b) => a.seq - b.seq);
      expect(forged.score).toBeLessThan(base.score * 0.6); // the old evaluator took the bait

      // The task now scores with its trusted scorer (as golf-mini does): re-evaluate the forged trial.
      rmSync(join(taskDir, "recipe", "evaluate.mjs"));
      cpSync(join(golf.dir, "recipe", "run.mjs"), join(taskDir, "recipe", "run.mjs"));
      cpSync(join(golf.dir, "task.json"), join(taskDir, "task.json"));
      const again = await runCli(["reeval", forged.id, "--db", db]);
      expect(again.stdout + again.stderr).toMatch(/does NOT reproduce/);
      expect(again.code).toBe(1);
      const audit = await runCli(["audit", runId, "--format", "json", "--db", db]);
      expect(audit.stdout).toContain("not_reproducible");
      expect(audit.stdout).toContain(forged.id);
    } finally {
      done();
    }
  }, 120_000);
});

// golf-mini's evaluator before the split, reduced: trains and scores in the recipe's process.
const IN_PROCESS_EVALUATOR = `import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { generateText } from "./corpus.mjs";
const { train, predict } = await import("./model.mjs");
const { encode, decode } = await import("./codec.mjs");
const model = train(generateText([1, 0, 0, 0], 2_000_000));
mkdirSync("out", { recursive: true });
writeFileSync("out/model.bin", encode(model));
const restored = decode(readFileSync("out/model.bin"));
const validation = generateText([2, 0, 0, 0], 100_000);
const out = new Float64Array(256);
let bits = 0;
for (let i = 0; i < validation.length; i++) { predict(restored, validation, i, out); bits -= Math.log2(out[validation[i]]); }
writeFileSync("result.json", JSON.stringify({ val_bpb: bits / validation.length }));
`;
