// command:<cmd> — an external agent CLI. It runs in a scratch copy of the parent's code with the
// context in a file; its edit is whatever it changed there (the workspace diff afterwards), its
// hypothesis what it wrote to $LINEAGE_HYPOTHESIS_FILE (or its last line of output). It gets a
// minimal environment and dies with the runner (agent-process.ts).
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { diffTrees as diffRecipes } from "../../domain/unified-diff";
import { readRecipe, writeRecipe } from "../../evaluator/files";
import { killGroup } from "../../evaluator/sandbox";
import { agentEnv, agentLaunch } from "./agent-process";
import { ProposalError, type Proposal, type ProposalRequest, type Proposer } from "./types";

const OUTPUT_TAIL = 16_000;

export class CommandProposer implements Proposer {
  readonly spec: string;
  constructor(
    private readonly command: string,
    private readonly timeoutMs = 600_000,
  ) {
    this.spec = `command:${command}`;
  }

  async propose(req: ProposalRequest): Promise<Proposal> {
    const work = join(req.scratchDir, "workspace");
    mkdirSync(work, { recursive: true });
    writeRecipe(work, req.parent.files);
    const contextFile = join(req.scratchDir, "context.md");
    const hypothesisFile = join(req.scratchDir, "hypothesis.txt");
    writeFileSync(contextFile, req.context);
    const launch = agentLaunch();
    const env = agentEnv(req.scratchDir, {
      LINEAGE_CONTEXT_FILE: contextFile,
      LINEAGE_HYPOTHESIS_FILE: hypothesisFile,
      LINEAGE_AGENT: req.agent.name,
      LINEAGE_SURFACE: req.agent.surface ?? "",
      LINEAGE_SURFACE_PATHS: (req.agent.surfacePaths ?? []).join(","),
    });
    const { code, output, timedOut } = await this.exec(launch.argv(this.command), work, env, req.signal);
    if (timedOut) throw new ProposalError(`the agent command ran over ${this.timeoutMs / 1000} s and was killed`);
    if (code !== 0) throw new ProposalError(`the agent command exited with code ${code}: ${output.trim().split("\n").pop()?.slice(0, 300) ?? ""}`);
    let after;
    try {
      after = readRecipe(work);
    } catch (e) {
      throw new ProposalError(`the agent left the workspace unusable: ${(e as Error).message}`);
    }
    const hypothesis = existsSync(hypothesisFile) ? readFileSync(hypothesisFile, "utf8").trim() : (output.trim().split("\n").pop() ?? "");
    return {
      hypothesis,
      diff: diffRecipes(req.parent.files, after),
      extra: { agentOutput: output.slice(-2000), agentContainment: launch.containment, agentContainmentNote: launch.note },
    };
  }

  private exec(
    argv: string[],
    cwd: string,
    env: Record<string, string>,
    signal: AbortSignal,
  ): Promise<{ code: number | null; output: string; timedOut: boolean }> {
    return new Promise((resolve) => {
      // detached: a process group of its own, so a kill reaches everything it started
      const child = spawn(argv[0], argv.slice(1), { cwd, env: env as NodeJS.ProcessEnv, detached: true, stdio: ["ignore", "pipe", "pipe"] });
      let output = "";
      const add = (d: Buffer) => {
        output += d.toString("utf8");
        if (output.length > OUTPUT_TAIL * 2) output = output.slice(-OUTPUT_TAIL);
      };
      child.stdout.on("data", add);
      child.stderr.on("data", add);
      let timedOut = false;
      const kill = () => child.pid && killGroup(child.pid);
      const timer = setTimeout(() => ((timedOut = true), kill()), this.timeoutMs);
      signal.addEventListener("abort", kill, { once: true });
      child.on("error", (e) => (output += `\n${e.message}`));
      child.on("close", (code) => {
        clearTimeout(timer);
        signal.removeEventListener("abort", kill);
        kill();
        resolve({ code, output, timedOut });
      });
    });
  }
}
