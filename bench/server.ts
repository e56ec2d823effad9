// Starting the app the way users do (`lineage serve --db … --port …`) and stopping it again. Each
// server runs in its own process group, so stopping it also ends the `next start` child it spawned.
import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, openSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { REPO_ROOT } from "./paths";
import { request } from "./http";
import { childPids } from "./procfs";

export type Server = {
  base: string;
  proc: ChildProcess;
  /** performance.now() when the serve process was spawned */
  spawnedAt: number;
  logPath: string;
  stop: () => Promise<void>;
};

const running = new Set<Server>();

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export async function startServer(dbPath: string, logPath: string): Promise<Server> {
  const port = await freePort();
  const log = openSync(logPath, "a");
  const spawnedAt = performance.now();
  // --no-runner: the figures measure the web server; the loop runner's own cost is bench:loop's (P10).
  const args = ["serve", "--db", dbPath, "--port", String(port), "--host", "127.0.0.1", "--no-runner"];
  const proc = spawn(process.execPath, [join(REPO_ROOT, "bin", "lineage.mjs"), ...args], {
    cwd: REPO_ROOT,
    detached: true,
    stdio: ["ignore", log, log],
  });
  closeSync(log);
  const exited = new Promise<void>((resolve) => proc.once("exit", () => resolve()));
  const server: Server = {
    base: `http://127.0.0.1:${port}`,
    proc,
    spawnedAt,
    logPath,
    stop: async () => {
      running.delete(server);
      await stopGroup(proc.pid!, exited);
    },
  };
  running.add(server);
  return server;
}

function signalGroup(pgid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false; // the group is gone
  }
}

async function stopGroup(pgid: number, exited: Promise<void>): Promise<void> {
  signalGroup(pgid, "SIGTERM");
  const deadline = performance.now() + 5000;
  await Promise.race([exited, sleep(5000)]);
  while (performance.now() < deadline && signalGroup(pgid, 0)) await sleep(50);
  signalGroup(pgid, "SIGKILL");
}

/** Stops every server still running (on the way out, also after an error). */
export async function stopAllServers(): Promise<void> {
  await Promise.all([...running].map((s) => s.stop()));
}

/** Polls `path` until it answers 200; returns performance.now() at that answer. */
export async function waitFor200(server: Server, path: string, timeoutMs = 60_000, everyMs = 20): Promise<number> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    if (server.proc.exitCode !== null || server.proc.signalCode !== null) {
      throw new Error(`the server exited before answering; its log:\n${logTail(server)}`);
    }
    try {
      const r = await request(server.base, path, { fresh: true, timeoutMs: 5000 });
      if (r.status === 200) return performance.now();
    } catch {
      // not listening yet
    }
    if (performance.now() > deadline) throw new Error(`no 200 from ${path} within ${timeoutMs} ms; server log:\n${logTail(server)}`);
    await sleep(everyMs);
  }
}

const commandOf = (pid: number) => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ");
  } catch {
    return ""; // ended while we looked
  }
};

/** The pid of the `next start` process serving (it calls itself next-server), a child of the serve process. */
export function nextServerPid(server: Server): number {
  // by its command: the serve process may have another child for a moment
  const kids = childPids(server.proc.pid!).filter((pid) => /\bnext(-server|\b)/.test(commandOf(pid)));
  if (kids.length !== 1) throw new Error(`expected one next-server child of serve (pid ${server.proc.pid}), found ${kids.length}`);
  return kids[0];
}

function logTail(server: Server, chars = 2000): string {
  try {
    return readFileSync(server.logPath, "utf8").slice(-chars);
  } catch {
    return "(no log)";
  }
}
