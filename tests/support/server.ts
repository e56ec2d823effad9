// Starts the real server (the built app, through `lineage serve`) on a database of the test's choosing.
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { join } from "node:path";

const REPO = join(import.meta.dirname, "../..");
export const LINEAGE_BIN = join(REPO, "bin/lineage.mjs");

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

export type TestServer = { url: string; port: number; proc: ChildProcess; output: () => string; stop: () => Promise<void> };

export async function startServer(dbPath: string, env: Record<string, string> = {}): Promise<TestServer> {
  const port = await freePort();
  const proc = spawn(process.execPath, [LINEAGE_BIN, "serve", "--db", dbPath, "--port", String(port)], {
    cwd: REPO,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let out = "";
  proc.stdout!.on("data", (d) => (out += d));
  proc.stderr!.on("data", (d) => (out += d));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (proc.exitCode !== null) return;
    const exited = new Promise((r) => proc.once("exit", r));
    try {
      process.kill(-proc.pid!, "SIGTERM");
    } catch {
      return;
    }
    await exited;
  };
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) throw new Error(`server exited with ${proc.exitCode}:\n${out}`);
    try {
      if ((await fetch(`${url}/api/health`)).ok) return { url, port, proc, output: () => out, stop };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  await stop();
  throw new Error(`server did not come up:\n${out}`);
}

/** Runs `lineage ARGS` to completion and returns its exit code and output. */
export async function runCli(args: string[], opts: { env?: Record<string, string>; input?: string } = {}) {
  const proc = spawn(process.execPath, [LINEAGE_BIN, ...args], {
    cwd: REPO,
    env: { ...process.env, ...opts.env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  proc.stdout.on("data", (d) => (stdout += d));
  proc.stderr.on("data", (d) => (stderr += d));
  proc.stdin.end(opts.input ?? "");
  const code = await new Promise<number>((r) => proc.on("exit", (c) => r(c ?? 1)));
  return { code, stdout, stderr };
}

export async function postTrace(url: string, body: string | Uint8Array, headers: Record<string, string> = {}) {
  const res = await fetch(`${url}/api/trace`, {
    method: "POST",
    headers: { "Content-Type": "application/x-ndjson", ...headers },
    body: body as BodyInit,
  });
  return { status: res.status, body: (await res.json()) as any };
}
