// `lineage watch --json` as a real subprocess: its JSON events as they come, waiting for one, and
// stopping it with a signal (SIGTERM as a user's Ctrl-C would, or SIGKILL as a crash).
import { spawn } from "node:child_process";
import { join } from "node:path";

const BIN = join(import.meta.dirname, "..", "..", "bin", "lineage.mjs");

export function watchProcess(db: string, format: string, path: string) {
  const proc = spawn(process.execPath, [BIN, "watch", "--from", format, path, "--interval", "0.1", "--json", "--db", db], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  proc.stdout!.on("data", (d) => (out += d));
  proc.stderr!.on("data", (d) => (err += d));
  const events = () =>
    out
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, any>);
  /** trials the imports so far created */
  const created = () => events().reduce((n, e) => n + (e.event === "imported" ? e.created : 0), 0);
  const until = async (what: string, ok: () => boolean) => {
    const end = Date.now() + 30_000;
    while (!ok()) {
      if (Date.now() > end || proc.exitCode !== null) throw new Error(`no ${what}:\n${out}\n${err}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const stop = (signal: NodeJS.Signals = "SIGTERM") => new Promise<number | null>((resolve) => (proc.once("exit", (code) => resolve(code)), proc.kill(signal)));
  return { events, created, until, stop };
}
