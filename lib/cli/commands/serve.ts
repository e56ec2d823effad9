// `lineage serve`: checks and migrates the database, then runs the built Next.js app on it. The
// web server is a child process so a crash of one part never takes the database with it; the loop
// runner is another (`lineage run --daemon`), driving the runs started here (never uploaded ones)
// and the re-evaluation queue. With --demo (npm start) a fresh database gets a demo run of the
// built-in task unless LINEAGE_NO_DEMO=1.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { env } from "../../env";
import { resolveTask } from "../../evaluator/task";
import { runCount } from "../../services/catalog";
import { createRun } from "../../services/run-control";
import { REPO_ROOT, UsageError, databasePath, openStore, stdio } from "../context";

export async function serveCommand(args: string[]): Promise<number> {
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
    const { runId } = createRun(db, resolveTask("golf-mini"), { task: "golf-mini", name: "golf-mini demo (builtin:mutate, lineage feedback)", trials: 60, parallel: 1, seed: 1 });
    stdio.err(`lineage: fresh database: started demo run ${runId} of golf-mini (LINEAGE_NO_DEMO=1 skips it)\n`);
  }
  db.$client.close();
  const nextBin = join(REPO_ROOT, "node_modules", "next", "dist", "bin", "next");
  const child = spawn(process.execPath, [nextBin, "start", "--port", port, "--hostname", host], {
    cwd: REPO_ROOT,
    env: { ...process.env, LINEAGE_DB: dbPath, PORT: port, LINEAGE_HOST: host },
    stdio: ["ignore", "inherit", "inherit"],
  });
  const runner = values["no-runner"]
    ? undefined
    : spawn(process.execPath, [join(REPO_ROOT, "bin", "lineage.mjs"), "run", "--daemon", "--db", dbPath], { cwd: REPO_ROOT, env: process.env, stdio: ["ignore", "inherit", "inherit"] });
  child.on("exit", () => runner?.kill("SIGTERM"));
  stdio.err(`lineage: serving http://${host.includes(":") ? `[${host}]` : host}:${port} on ${dbPath}\n`);
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => (child.kill(signal), runner?.kill(signal)));
  return await new Promise<number>((resolve) => child.on("exit", (code, signal) => resolve(code ?? (signal ? 0 : 1))));
}
