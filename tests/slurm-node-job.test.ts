// The node side of a Slurm job with a trusted scorer, without a cluster: `runNodeJob` on a staged
// job folder runs the recipe and the scorer as the local executor does, deletes the spec (it holds
// the scorer's secret) and leaves result.json for the harness.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { NODE_SPEC_FILE, readNodeResult, runNodeJob, type NodeJobSpec } from "@/lib/evaluator/slurm/node-job";

const folders: string[] = [];
afterAll(() => folders.forEach((f) => rmSync(f, { recursive: true, force: true })));

function stage(recipe: string, wallclockSeconds = 20): string {
  const folder = mkdtempSync(join(tmpdir(), "lineage-node-job-"));
  folders.push(folder);
  for (const d of ["workspace", "scorer", "scorer-out"]) mkdirSync(join(folder, d));
  // (the channel is a non-blocking socket: the shell cannot read it; golf-mini's scorer on Slurm, in slurm-runs.test.ts, talks over it)
  writeFileSync(join(folder, "scorer", "score.sh"), 'echo "{\\"score\\": 3}" > "$LINEAGE_RESULT_FILE"; echo "scorer has $LINEAGE_HELDOUT_SECRET"\n');
  const spec: NodeJobSpec = {
    version: 1,
    job: {
      name: "t",
      workspace: join(folder, "workspace"),
      command: ["/bin/sh", "-c", recipe],
      env: { LINEAGE_WALLCLOCK_SECONDS: String(wallclockSeconds) },
      limits: { wallclockSeconds },
      logTailChars: 4000,
      scorer: {
        command: ["/bin/sh", "{evaluator}/score.sh"],
        dir: join(folder, "scorer"),
        outDir: join(folder, "scorer-out"),
        env: { LINEAGE_RESULT_FILE: "{out}/result.json", LINEAGE_HELDOUT_SECRET: "only-for-the-scorer" },
        memoryBytes: 1e9,
      },
    },
  };
  writeFileSync(join(folder, NODE_SPEC_FILE), JSON.stringify(spec), { mode: 0o600 });
  return folder;
}

describe("the node side of a Slurm job", () => {
  test("runs the recipe and the scorer apart, the secret only in the scorer's; the spec is gone, the result is left", async () => {
    const folder = stage("env; echo made > made.txt");
    expect(await runNodeJob(join(folder, NODE_SPEC_FILE))).toBe(0);
    expect(existsSync(join(folder, NODE_SPEC_FILE))).toBe(false);
    const result = readNodeResult(folder)!;
    expect(result.status).toMatchObject({ state: "done", reason: "completed", exitCode: 0 });
    expect(result.output.scorer?.log).toContain("scorer has only-for-the-scorer");
    expect(result.output.command.log).not.toContain("only-for-the-scorer");
    expect(JSON.parse(readFileSync(join(folder, "scorer-out", "result.json"), "utf8"))).toEqual({ score: 3 });
    expect(readFileSync(join(folder, "workspace", "made.txt"), "utf8").trim()).toBe("made");
  });

  test("the wall-clock budget is enforced on the node to the second", async () => {
    const folder = stage("sleep 30", 1);
    const started = Date.now();
    await runNodeJob(join(folder, NODE_SPEC_FILE));
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(readNodeResult(folder)!.status.reason).toBe("timeout");
  });
});
