// Runs Slurm's own commands (sbatch, squeue, scancel, sacct, scontrol): execFile, never a shell, with
// a timeout, and an error that names the command line and what it printed on stderr.
import { execFile } from "node:child_process";

export type SlurmCommand = "sbatch" | "squeue" | "scancel" | "sacct" | "scontrol";

export class SlurmCommandError extends Error {
  constructor(
    readonly command: string,
    readonly stderr: string,
    readonly exitCode: number | null,
    detail: string,
  ) {
    super(`${command} failed: ${detail}${stderr.trim() ? `: ${stderr.trim()}` : ""}`);
    this.name = "SlurmCommandError";
  }
}

export interface CommandRunnerOptions {
  /** The environment the commands run in (PATH, SLURM_CONF…); the client adds its own settings. */
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
}

/** Calls made so far, by command: the cost of polling is counted, not assumed. */
export type CallCounts = Record<SlurmCommand, number>;

export class CommandRunner {
  readonly calls: CallCounts = { sbatch: 0, squeue: 0, scancel: 0, sacct: 0, scontrol: 0 };

  constructor(private readonly options: CommandRunnerOptions) {}

  run(command: SlurmCommand, args: string[]): Promise<{ stdout: string; stderr: string }> {
    this.calls[command] += 1;
    const line = [command, ...args].map((a) => (/^[\w@%:,.=/+-]+$/.test(a) ? a : JSON.stringify(a))).join(" ");
    return new Promise((resolve, reject) => {
      execFile(
        command,
        args,
        { env: this.options.env, timeout: this.options.timeoutMs, killSignal: "SIGKILL", maxBuffer: 64 * 1024 * 1024, encoding: "utf8" },
        (error, stdout, stderr) => {
          if (!error) return resolve({ stdout, stderr });
          const err = error as NodeJS.ErrnoException & { killed?: boolean; code?: number | string };
          if (err.code === "ENOENT") return reject(new SlurmCommandError(line, "", null, `'${command}' not found on PATH (is Slurm's client installed?)`));
          if (err.killed) return reject(new SlurmCommandError(line, stderr, null, `no answer within ${this.options.timeoutMs} ms`));
          const code = typeof err.code === "number" ? err.code : null;
          reject(new SlurmCommandError(line, stderr, code, `exit code ${code ?? err.code}`));
        },
      );
    });
  }
}
