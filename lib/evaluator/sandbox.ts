// Runs an evaluator command as untrusted code. As root (the normal case) it gets a world of its
// own: PID, network, IPC, UTS and mount namespaces; a root filesystem built for it holding only
// read-only system folders (/usr, /etc), a minimal /dev, a fresh /proc of its own PID namespace,
// private /tmp and /dev/shm, and its workspace at /work; a uid no concurrent evaluation shares;
// rlimits; a scrubbed environment; a wall-clock limit that kills everything it started; and only the
// tail of its output kept. Nothing of the host (databases, other workspaces, the host's processes,
// SysV IPC) is visible or outlives it. Elsewhere it falls back to a process group with rlimits.
import { spawn } from "node:child_process";
import { chownSync, existsSync, lstatSync, mkdirSync, readlinkSync, realpathSync } from "node:fs";
import type { Socket } from "node:net";
import { dirname } from "node:path";
import { hasPrlimit, probeIsolation, type Isolation } from "./isolation";
import { acquireSandboxUid } from "./uid-pool";

export type ReadOnlyBind = { host: string; at: string };

export type SandboxOptions = {
  /** the evaluation's writable folder on the host; inside the sandbox it is /work, the cwd */
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
  /** the uid to run as (namespaces only; the caller chowned `cwd` to it); a fresh one when absent */
  uid?: number;
  /** host folders shown read-only inside at `at` (an absolute path), e.g. a trusted scorer's code */
  readOnlyBinds?: ReadOnlyBind[];
  /**
   * fd 3: "open" makes a socket pair and hands the harness's end to `onChannel` (synchronously, as
   * the process starts); a Socket is passed on as this process's fd 3 (the other end of a pair).
   */
  channel?: "open" | Socket;
  onChannel?: (socket: Socket) => void;
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

/** Where the sandbox's workspace appears inside its own root. */
export const SANDBOX_WORKDIR = "/work";
const MAX_PROCESSES = 256;
const MAX_FILE_BYTES = 512 * 1024 * 1024;
const PRIVATE_TMP_BYTES = 16 * 1024 * 1024;
// An empty folder each sandbox mounts its own root tmpfs on, inside its private mount namespace
// (so one folder serves every sandbox at once; the host never sees what is mounted there).
const ROOT_MOUNT_POINT = "/run/lineage-sandbox-root";
const DEVICES = ["null", "zero", "full", "random", "urandom"];
let prlimitAvailable: boolean | undefined;

const shq = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

const PIVOT_ROOT_CANDIDATES = ["/usr/sbin/pivot_root", "/sbin/pivot_root", "/usr/bin/pivot_root"];

/** util-linux's pivot_root lives in sbin, which the sandbox's PATH does not hold. */
export function pivotRootPath(): string {
  return PIVOT_ROOT_CANDIDATES.find((p) => existsSync(p)) ?? "pivot_root";
}

/** System folders the evaluator may read: /usr and /etc, plus Node's own prefix if it lives elsewhere. */
function systemBinds(): string[] {
  const binds = ["/usr", "/etc"];
  const nodePrefix = dirname(dirname(realpathSync(process.execPath)));
  if (!["/usr", "/"].some((p) => nodePrefix === p || nodePrefix.startsWith("/usr/"))) binds.push(nodePrefix);
  return binds;
}

/**
 * The script PID 1 of the new namespaces runs as root before dropping to the sandbox uid: it builds
 * the sandbox's root on a tmpfs, pivots into it and detaches the host's tree entirely.
 */
export function buildRootScript(workspace: string, binds: ReadOnlyBind[]): string {
  // (few processes: this runs before every evaluation, and each mount or mkdir is a fork and exec)
  const roBinds = [
    ...systemBinds().map((d) => ({ host: d, at: d })),
    ...hostRootDirs()
      .filter((d) => d.kind === "dir")
      .map((d) => ({ host: `/${d.name}`, at: `/${d.name}` })),
    ...binds,
  ];
  const links = hostRootDirs().filter((d) => d.kind === "link");
  const lines = [
    `mount -t tmpfs -o size=4m,mode=0755,nosuid lineage-root ${shq(ROOT_MOUNT_POINT)}`,
    `cd ${shq(ROOT_MOUNT_POINT)}`,
    `mkdir -p dev proc tmp work .host ${roBinds.map((b) => shq(`.${b.at}`)).join(" ")}`,
    // util-linux mount makes a read-only bind in one call (bind, then remount read-only)
    ...roBinds.map((b) => `mount --rbind -o ro,nosuid,nodev ${shq(b.host)} ${shq(`.${b.at}`)}`),
    // merged /usr: /bin, /lib… are links into usr/
    ...links.map((l) => `ln -s ${shq(l.target!)} ${shq(l.name)}`),
    "mount -t tmpfs -o size=64k,mode=0755,nosuid dev dev",
    ...DEVICES.map((d) => `: > dev/${d}`),
    ...DEVICES.map((d) => `mount --bind /dev/${d} dev/${d}`),
    `mkdir dev/shm`,
    `mount -t tmpfs -o size=${PRIVATE_TMP_BYTES},mode=1777,nosuid,nodev shm dev/shm`,
    `mount -t tmpfs -o size=${PRIVATE_TMP_BYTES},mode=1777,nosuid,nodev tmp tmp`,
    // this PID namespace's own procfs: the evaluator sees its own processes and nobody else's
    "mount -t proc -o nosuid,nodev,noexec proc proc",
    `mount --rbind ${shq(workspace)} work`,
    `${shq(pivotRootPath())} . .host`,
    "cd /",
    "umount -l /.host",
    "rmdir /.host",
  ];
  // every step must succeed, or nothing runs (125: the sandbox could not be built)
  return [
    ...lines.map((l) => `${l} || exit 125`),
    "ln -s /proc/self/fd /dev/fd 2>/dev/null; echo lineage-sandbox > /proc/sys/kernel/hostname 2>/dev/null", // nice to have
    `exec "$@"`,
  ].join("\n");
}

type RootEntry = { name: string; kind: "link" | "dir"; target?: string };
let rootEntries: RootEntry[] | undefined;

/** /bin, /lib… of the host: links (merged /usr) recreated as links, real folders bound read-only. */
function hostRootDirs(): RootEntry[] {
  rootEntries ??= ["bin", "sbin", "lib", "lib32", "lib64", "libx32"].flatMap((name): RootEntry[] => {
    const st = lstatSync(`/${name}`, { throwIfNoEntry: false });
    if (!st) return [];
    if (st.isSymbolicLink()) return [{ name, kind: "link", target: readlinkSync(`/${name}`) }];
    return st.isDirectory() ? [{ name, kind: "dir" }] : [];
  });
  return rootEntries;
}

function wrap(o: SandboxOptions, uid: number | undefined): { argv: string[]; isolation: Isolation } {
  const { isolation } = probeIsolation();
  prlimitAvailable ??= hasPrlimit();
  const limits = prlimitAvailable
    ? [
        "prlimit",
        `--fsize=${MAX_FILE_BYTES}`,
        "--core=0",
        "--nofile=256",
        ...(o.memoryBytes ? [`--as=${o.memoryBytes}`] : []),
        ...(isolation === "namespaces" ? [`--nproc=${MAX_PROCESSES}`] : []),
        "--",
      ]
    : [];
  if (isolation === "process-group" || uid === undefined) return { argv: [...limits, ...o.command], isolation };
  mkdirSync(ROOT_MOUNT_POINT, { recursive: true, mode: 0o700 });
  // setpriv --pdeathsig: if the runner dies, unshare dies; --kill-child then kills the namespace's
  // init, and with it every process inside. The uid drop makes RLIMIT_NPROC hold (root ignores it).
  return {
    argv: [
      "setpriv",
      "--pdeathsig",
      "KILL",
      "--",
      "unshare",
      "--pid",
      "--fork",
      "--kill-child",
      "--net",
      "--ipc",
      "--uts",
      "--mount",
      "--propagation",
      "private",
      "--",
      "sh",
      "-c",
      buildRootScript(o.cwd, o.readOnlyBinds ?? []),
      "lineage-sandbox",
      "setpriv",
      "--reuid",
      String(uid),
      "--regid",
      String(uid),
      "--clear-groups",
      "--inh-caps=-all",
      "--bounding-set=-all",
      "--no-new-privs",
      "--",
      ...limits,
      "env",
      "-C",
      SANDBOX_WORKDIR,
      "--",
      ...o.command,
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
  const namespaces = probeIsolation().isolation === "namespaces";
  const lease = namespaces && o.uid === undefined ? acquireSandboxUid() : undefined;
  if (lease) chownSync(o.cwd, lease.uid, lease.uid); // its own uid must be able to work in its folder
  const { argv, isolation } = wrap(o, o.uid ?? lease?.uid);
  const started = performance.now();
  const home = namespaces ? SANDBOX_WORKDIR : o.cwd;
  const env: Record<string, string> = { PATH: "/usr/local/bin:/usr/bin:/bin", HOME: home, TMPDIR: namespaces ? "/tmp" : o.cwd, LANG: "C.UTF-8", ...o.env };
  const stdio: ("ignore" | "pipe" | Socket)[] = ["ignore", "pipe", "pipe", ...(o.channel ? [o.channel === "open" ? ("pipe" as const) : o.channel] : [])];
  const child = spawn(argv[0], argv.slice(1), { cwd: o.cwd, env: env as NodeJS.ProcessEnv, detached: true, stdio });
  if (o.channel === "open") o.onChannel?.(child.stdio[3] as Socket);
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
      lease?.release();
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
