// The batch script of one evaluation job: the same argv and variables the local executor runs,
// in the staged workspace, with a scrubbed environment and the wall-clock budget enforced on the
// node by timeout(1) (Slurm's own --time, whole minutes, is the backstop). Pure: text in, text out.

/** Quotes one word for bash: single quotes, with embedded ones closed and reopened. */
export function shellWord(word: string): string {
  if (word.includes("\0")) throw new Error("a NUL byte cannot be passed to a command");
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

export interface JobScriptInput {
  workspace: string;
  command: readonly string[];
  env: Readonly<Record<string, string>>;
  wallclockSeconds: number;
  /** File the script writes "exit-code elapsed-ms timed-out" into when the command ends. */
  statusFile: string;
  /** Output (stdout + stderr) kept: past it the command's pipe closes and its next write kills it (SIGPIPE). */
  outputBytes?: number;
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function jobScript(input: JobScriptInput): string {
  if (input.command.length === 0) throw new Error("the job has no command");
  for (const name of Object.keys(input.env)) if (!ENV_NAME.test(name)) throw new Error(`'${name}' is not an environment variable name`);
  const env = [
    "PATH=/usr/local/bin:/usr/bin:/bin",
    "LANG=C.UTF-8",
    `HOME=${input.workspace}`,
    `TMPDIR=${input.workspace}`,
    ...Object.entries(input.env).map(([k, v]) => `${k}=${v}`),
  ];
  const seconds = Math.max(1, Math.ceil(input.wallclockSeconds));
  const run = `timeout --kill-after=5 ${seconds} env -i ${env.map(shellWord).join(" ")} ${input.command.map(shellWord).join(" ")}`;
  return [
    "#!/bin/bash",
    "# Written by Lineage's Slurm executor: one evaluation, nothing else.",
    `cd ${shellWord(input.workspace)} || exit 97`,
    "start=$(date +%s%N)",
    // timeout(1) puts the command in its own process group and kills the group at the budget.
    // Without an output cap the command writes straight into the job's output file.
    ...(input.outputBytes !== undefined ? [`${run} 2>&1 | head -c ${Math.floor(input.outputBytes) + 1}`, "rc=${PIPESTATUS[0]}"] : [run, "rc=$?"]),
    "elapsed=$(( ($(date +%s%N) - start) / 1000000 ))",
    `timed_out=0; if { [ $rc -eq 124 ] || [ $rc -eq 137 ]; } && [ $elapsed -ge ${seconds * 1000} ]; then timed_out=1; fi`,
    `echo "$rc $elapsed $timed_out" > ${shellWord(input.statusFile)}`,
    // The job's own exit is 0 unless the command ended it: Slurm's state then says what the
    // scheduler did (timeout, memory, node), the status file what the command did.
    "exit 0",
    "",
  ].join("\n");
}

/**
 * The batch script of a job whose evaluator runs on the node (a task with a trusted scorer): Lineage's
 * own `evaluate-job` in the job folder, with nothing of the submitter's environment; it runs the
 * command and the scorer in their sandboxes and writes result.json there.
 */
export function nodeJobScript(input: { folder: string; command: readonly string[] }): string {
  if (input.command.length === 0) throw new Error("the job has no command");
  const env = ["PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin", "LANG=C.UTF-8", `HOME=${input.folder}`, "TMPDIR=/tmp"];
  return [
    "#!/bin/bash",
    "# Written by Lineage's Slurm executor: one evaluation (the recipe and its trusted scorer, each in Lineage's sandbox).",
    `cd ${shellWord(input.folder)} || exit 97`,
    `exec env -i ${env.map(shellWord).join(" ")} ${input.command.map(shellWord).join(" ")}`,
    "",
  ].join("\n");
}

export interface CommandEnd {
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
}

const SIGNALS: Record<number, string> = { 1: "SIGHUP", 2: "SIGINT", 6: "SIGABRT", 9: "SIGKILL", 11: "SIGSEGV", 13: "SIGPIPE", 15: "SIGTERM" };

/** Reads the status file's line; null when the command never got to write it. */
export function parseStatusLine(text: string): CommandEnd | null {
  const m = /^(\d+) (\d+) ([01])\s*$/.exec(text);
  if (!m) return null;
  const rc = Number(m[1]);
  const timedOut = m[3] === "1";
  // bash reports a command killed by signal N as 128+N
  if (rc > 128 && rc < 160) return { exitCode: null, signal: SIGNALS[rc - 128] ?? `SIG${rc - 128}`, timedOut };
  return { exitCode: rc, signal: null, timedOut };
}
