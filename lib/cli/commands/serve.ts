// `lineage serve`: checks and migrates the database, then runs the built Next.js app on it. The
// web server is a child process so a crash of one part never takes the database with it; the loop
// runner is another (`lineage run --daemon`), driving the runs started here (never uploaded ones)
// and the re-evaluation queue. With --demo (npm start) a fresh database gets a demo run of the
// built-in task unless LINEAGE_NO_DEMO=1.
// --json: stdout is JSON lines: {"event":"demo",runId,taskId}, {"event":"serving",url,host,port,db},
// the runner's own events (with source "runner"), every other line the web server or the runner prints
// as {"event":"log",source:"web"|"runner",stream,message}, and last {"event":"exit",code}.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { env } from "../../env";
import { resolveTask } from "../../evaluator/task";
import { runCount } from "../../services/catalog";
import { createRun } from "../../services/run-control";
import { REPO_ROOT, UsageError, databasePath, openStore } from "../context";
import type { Event, Reply } from "../output";

/** Under --json, a child's output becomes events: its own JSON lines as they are, any other line as a log event. */
function forward(child: ChildProcess, source: "web" | "runner", reply: Reply): Promise<void>[] {
  return (["stdout", "stderr"] as const).map((stream) => {
    const lines = createInterface({ input: child[stream]! }).on("line", (message) => reply.event(asEvent(message, source, stream)));
    return new Promise<void>((resolve) => lines.once("close", resolve));
  });
}

function asEvent(message: string, source: string, stream: string): Event {
  try {
    const data = JSON.parse(message) as unknown;
    if (data && typeof data === "object" && !Array.isArray(data)) {
      if (typeof (data as Event).event === "string") return { ...(data as Event), source };
      if ("error" in data) return { event: "error", source, error: (data as { error: unknown }).error };
    }
  } catch {
    // words, not JSON
  }
  return { event: "log", source, stream, message };
}

export async function serveCommand(args: string[], reply: Reply): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { db: { type: "string" }, port: { type: "string" }, host: { type: "string" }, demo: { type: "boolean" }, "no-runner": { type: "boolean" } },
  });
  const e = env();
  const port = values.port ?? String(e.PORT);
  const host = values.host ?? e.LINEAGE_HOST;
  if (!/^\d+$/.test(port)) throw new UsageError(`--port must be a number, not ${JSON.stringify(port)}`);
  if (!existsSync(join(REPO_ROOT, e.LINEAGE_NEXT_DIST, "BUILD_ID"))) {
    throw new UsageError("the app is not built yet: run `npm run build` first (npm start builds and serves)");
  }
  const dbPath = databasePath(values.db);
  const db = openStore(values.db); // refuse a bad database before anything listens
  if (values.demo && e.LINEAGE_NO_DEMO !== "1" && runCount(db) === 0) {
    const { runId } = createRun(db, resolveTask("golf-mini"), {
      task: "golf-mini",
      name: "golf-mini demo (builtin:mutate, lineage feedback)",
      trials: 60,
      parallel: 1,
      seed: 1,
    });
    reply.event(
      { event: "demo", runId, taskId: "golf-mini" },
      `lineage: fresh database: started demo run ${runId} of golf-mini (LINEAGE_NO_DEMO=1 skips it)\n`,
    );
  }
  db.$client.close();
  const nextBin = join(REPO_ROOT, "node_modules", "next", "dist", "bin", "next");
  const child = spawn(process.execPath, [nextBin, "start", "--port", port, "--hostname", host], {
    cwd: REPO_ROOT,
    env: { ...process.env, LINEAGE_DB: dbPath, PORT: port, LINEAGE_HOST: host },
    stdio: ["ignore", reply.json ? "pipe" : "inherit", reply.json ? "pipe" : "inherit"],
  });
  const runnerArgs = [join(REPO_ROOT, "bin", "lineage.mjs"), "run", "--daemon", "--db", dbPath, ...(reply.json ? ["--json"] : [])];
  const runner = values["no-runner"]
    ? undefined
    : spawn(process.execPath, runnerArgs, {
        cwd: REPO_ROOT,
        env: process.env,
        stdio: ["ignore", reply.json ? "pipe" : "inherit", reply.json ? "pipe" : "inherit"],
      });
  const forwarded = reply.json ? [...forward(child, "web", reply), ...(runner ? forward(runner, "runner", reply) : [])] : [];
  child.on("exit", () => runner?.kill("SIGTERM"));
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  reply.event({ event: "serving", url, host, port: Number(port), db: dbPath }, `lineage: serving ${url} on ${dbPath}\n`);
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => (child.kill(signal), runner?.kill(signal)));
  const code = await new Promise<number>((resolve) => child.on("exit", (code, signal) => resolve(code ?? (signal ? 0 : 1))));
  // every line is out before the last event (a grandchild holding a pipe open gets two seconds)
  await Promise.race([Promise.all(forwarded), new Promise((resolve) => setTimeout(resolve, 2000).unref())]);
  if (reply.json) reply.event({ event: "exit", code });
  return code;
}
