// Dispatch and the one error printer: a clear message on stderr and a non-zero exit, never a stack.
import { toLineageError } from "../http/error-response";
import { LineageError } from "../domain/errors";
import { UsageError, stdio } from "./context";
import { auditCommand } from "./commands/audit";
import { backupCommand } from "./commands/backup";
import { exportCommand } from "./commands/export";
import { importCommand } from "./commands/import";
import { mcpCommand } from "./commands/mcp";
import { runCommand } from "./commands/run";
import { reevalCommand } from "./commands/reeval";
import { serveCommand } from "./commands/serve";
import { taskCommand } from "./commands/task";
import { userCommand } from "./commands/user";
import { verifyCommand } from "./commands/verify";

type Command = (args: string[]) => Promise<number> | number;

const COMMANDS: Record<string, { run: Command; help: string }> = {
  serve: { run: serveCommand, help: "serve [--port N] [--host H] [--db FILE]   start the dashboard (migrates the database first)" },
  import: {
    run: importCommand,
    help:
      "import FILE|- [--db FILE]                 store a lineage-trace/1 JSONL trace, all or nothing\n" +
      "  lineage import --from recipes|autoresearch|aide|openevolve|shinka PATH [--task-id ID] [--run-name NAME]\n" +
      "         [--metric NAME] [--maximize] [--repo DIR] [--strict] [--noise-floor X] [--db FILE]   import another tool's trace as one run",
  },
  export: { run: exportCommand, help: "export RUN [-o FILE] [--db FILE]          write a run as lineage-trace/1 JSONL" },
  verify: { run: verifyCommand, help: "verify RUN [--db FILE]                    check a run's hash chain" },
  run: { run: runCommand, help: "run TASK [--agents S=P,…] [--trials N] [--parallel K] [--feedback lineage|none] [--seed N] [--db FILE]   run the loop to its budget; prints the run id" },
  backup: { run: backupCommand, help: "backup FILE [--db FILE]                   write a consistent copy of the database" },
  audit: { run: auditCommand, help: "audit RUN [--format md|json] [-o FILE] [--db FILE]   the run's audit report (exit 1 if its chain is broken)" },
  user: { run: userCommand, help: "user add NAME --role viewer|auditor|admin | token NAME [--label L] | tokens NAME | list | revoke NAME --token ID|--all | remove NAME | role NAME ROLE | password NAME [--db FILE]   local accounts (passwords on stdin)" },
  task: {
    run: taskCommand,
    help:
      "task set TASK [--noise-floor X] [--budget-wallclock S] [--budget-artifact-bytes N] [--budget-memory-bytes N]\n" +
      "         [--gate \"metric>=0.96\"]… [--direction minimize|maximize] [--actor NAME] [--db FILE]   revise a task's settings (an appended revision)\n" +
      "  lineage task show TASK [--db FILE]        the settings in force and their revisions",
  },
  mcp: { run: mcpCommand, help: "mcp [--db FILE]                           the MCP server over stdio, for a coding agent on this machine" },
  reeval: { run: reevalCommand, help: "reeval TRIAL [--db FILE]                  re-run a trial's stored code with its task's evaluator; exit 1 if it does not reproduce" },
};

function usage(): string {
  return ["usage: lineage <command> [options]", "", ...Object.values(COMMANDS).map((c) => `  lineage ${c.help}`), ""].join("\n");
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    stdio.out(usage());
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    stdio.err(`lineage: unknown command ${JSON.stringify(name)}\n\n${usage()}`);
    return 2;
  }
  try {
    return await command.run(rest);
  } catch (e) {
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      stdio.err(`lineage ${name}: ${(e as Error).message}\n  usage: lineage ${command.help}\n`);
      return 2;
    }
    const err = e instanceof LineageError ? e : toLineageError(e);
    const message = err.code === "internal" ? (e as Error).message ?? String(e) : err.message;
    stdio.err(`lineage ${name}: ${message} [${err.code}]\n`);
    return 1;
  }
}
