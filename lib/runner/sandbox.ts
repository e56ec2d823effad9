// Runs an evaluator command as untrusted code: its own process group (and PID/network namespaces
// where possible), cwd in its workspace, a scrubbed environment, rlimits, a wall-clock limit that
// kills everything it started, and only the tail of its output kept.
import { spawn } from "node:child_process";
import { SANDBOX_UID, hasPrlimit, probeIsolation, type Isolation } from "./isolation";

export type SandboxOptions = {
  cwd: string;
  command: string[];
  env?: Record<string, string>;
  wallclockMs: number;
  memoryBytes?: number;
  logTailChars: number;
  /** output past this many bytes counts as a flood: the run is killed */
  maxOutputBytes?: number;
  signal?: AbortSignal;
  /** called with the process group id as soon as it exists (recorded for crash recovery) */
  onSpawn?: (pgid: number) => void;
  /**
   * the cwd is its own size-capped mount: make every other writable filesystem read-only inside the
   * sandbox's mount namespace, so /tmp, /var/tmp and /dev/shm cannot be filled either
   */
  readOnlyOutsideCwd?: boolean;
};

export type SandboxResult = {
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  flooded: boolean;
  aborted: boolean;
  log: string;
  outputBytes: number;
  wallclockSeconds: number;
  isolation: Isolation;
};

const MAX_PROCESSES = 256;
const MAX_FILE_BYTES = 512 * 1024 * 1024;
let prlimitAvailable: boolean | undefined;

// Run as root inside the new mount namespace, before the uid drop: only this namespace's copies of
// the mounts change. The cwd is a separate (tmpfs) mount, so it stays writable.
const READ_ONLY_MOUNTS = ["/", "/tmp", "/var/tmp", "/dev/shm", "/run", "/run/lock", "/var/lock"];
// (reads the mount table once instead of spawning a probe per path: this runs on every evaluation)
const READ_ONLY_SCRIPT = `while read -r _ m _; do case " ${READ_ONLY_MOUNTS.join(" ")} " in *" $m "*) mount -o remount,bind,ro "$m" || exit 125;; esac; done < /proc/self/mounts; exec "$@"`;

export function readOnlyWrapper(): string[] {
  return ["sh", "-c", READ_ONLY_SCRIPT, "lineage-sandbox"];
}

function wrap(command: string[], memoryBytes: number | undefined, readOnly: boolean): { argv: string[]; isolation: Isolation } {
  const { isolation } = probeIsolation();
  prlimitAvailable ??= hasPrlimit();
  const limits = prlimitAvailable
    ? ["prlimit", `--fsize=${MAX_FILE_BYTES}`, "--core=0", "--nofile=256", ...(memoryBytes ? [`--as=${memoryBytes}`] : []), ...(isolation === "namespaces" ? [`--nproc=${MAX_PROCESSES}`] : []), "--"]
    : [];
  if (isolation === "process-group") return { argv: [...limits, ...command], isolation };
  // setpriv --pdeathsig: if the runner dies, unshare dies; --kill-child then kills the namespace's
  // init, and with it every process inside. The uid drop makes RLIMIT_NPROC hold (root ignores it).
  return {
    argv: [
      "setpriv", "--pdeathsig", "KILL", "--",
      "unshare", "--pid", "--fork", "--kill-child", "--net", ...(readOnly ? ["--mount", "--propagation", "private"] : []), "--",
      ...(readOnly ? readOnlyWrapper() : []),
      ...limits,
      "setpriv", "--reuid", String(SANDBOX_UID), "--regid", String(SANDBOX_UID), "--clear-groups", "--",
      ...command,
    ],
    isolation,
  };
}

/** Keeps the last `max` characters of a stream without holding all of it. */
class Tail {
  private text = "";
  bytes = 0;
  constructor(private readonly max: number) {}
  push(chunk: Buffer): void {
    this.bytes += chunk.length;
    this.text += chunk.toString("utf8");
    if (this.text.length > this.max * 2) this.text = this.text.slice(-this.max);
  }
  value(): string {
    const cut = this.bytes > this.text.length ? `[lineage: output was ${this.bytes} bytes; only the tail is kept]\n` : "";
    return cut + this.text.slice(-this.max);
  }
}

export function killGroup(pgid: number): void {
  try {
    process.kill(-pgid, "SIGKILL");
  } catch {
    // already gone
  }
}

export function runSandboxed(o: SandboxOptions): Promise<SandboxResult> {
  const { argv, isolation } = wrap(o.command, o.memoryBytes, o.readOnlyOutsideCwd === true);
  const started = performance.now();
  const env: Record<string, string> = { PATH: "/usr/local/bin:/usr/bin:/bin", HOME: o.cwd, TMPDIR: o.cwd, LANG: "C.UTF-8", ...o.env };
  const child = spawn(argv[0], argv.slice(1), { cwd: o.cwd, env: env as NodeJS.ProcessEnv, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  const tail = new Tail(o.logTailChars);
  const maxOutput = o.maxOutputBytes ?? 256 * 1024 * 1024;
  let timedOut = false;
  let flooded = false;
  let aborted = false;
  const pgid = child.pid;
  const kill = () => pgid !== undefined && killGroup(pgid);
  if (pgid !== undefined) o.onSpawn?.(pgid);
  const onData = (d: Buffer) => {
    tail.push(d);
    if (tail.bytes > maxOutput && !flooded) {
      flooded = true;
      kill();
    }
  };
  child.stdout!.on("data", onData);
  child.stderr!.on("data", onData);
  const timer = setTimeout(() => {
    timedOut = true;
    kill();
  }, o.wallclockMs);
  const onAbort = () => {
    aborted = true;
    kill();
  };
  o.signal?.addEventListener("abort", onAbort, { once: true });
  if (o.signal?.aborted) onAbort();

  return new Promise((resolve) => {
    let spawnError: Error | undefined;
    child.once("error", (e) => (spawnError = e));
    child.once("close", (code, signal) => finish(code, signal));
    // A process that escaped the group may hold the pipes open: once the main process has exited,
    // kill what is left and stop waiting for the pipes shortly after.
    child.once("exit", () => {
      kill();
      setTimeout(() => {
        child.stdout!.destroy();
        child.stderr!.destroy();
        finish(child.exitCode, child.signalCode);
      }, 500).unref();
    });
    let done = false;
    function finish(code: number | null, signal: NodeJS.Signals | null) {
      if (done) return;
      done = true;
      clearTimeout(timer);
      o.signal?.removeEventListener("abort", onAbort);
      kill();
      resolve({
        exitCode: spawnError ? 127 : code,
        signal,
        timedOut,
        flooded,
        aborted,
        log: spawnError ? `could not start ${argv[0]}: ${spawnError.message}` : tail.value(),
        outputBytes: tail.bytes,
        wallclockSeconds: (performance.now() - started) / 1000,
        isolation,
      });
    }
  });
}
