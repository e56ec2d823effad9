// Dispatch and the one error printer: a clear message on stderr and a non-zero exit, never a stack.
// With --json (anywhere on the line) every answer is data and every error a JSON object; see output.ts.
import { toLineageError } from "../http/error-response";
import { LineageError } from "../domain/errors";
import { UsageError } from "./context";
import { createReply, takeJsonFlag, type Reply } from "./output";
import { auditCommand } from "./commands/audit";
import { backupCommand } from "./commands/backup";
import { bundleCommand } from "./commands/bundle";
import { evaluateJobCommand } from "./commands/evaluate-job";
import { exportCommand } from "./commands/export";
import { importCommand } from "./commands/import";
import { mcpCommand } from "./commands/mcp";
import { watchCommand } from "./commands/watch";
import { runCommand } from "./commands/run";
import { reevalCommand } from "./commands/reeval";
import { serveCommand } from "./commands/serve";
import { taskCommand } from "./commands/task";
import { tokenCommand } from "./commands/token";
import { userCommand } from "./commands/user";
import { verifyCommand } from "./commands/verify";

type Command = (args: string[], reply: Reply) => Promise<number> | number;

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
  bundle: {
    run: bundleCommand,
    help: "bundle RUN -o DIR [--db FILE]             write a run's pages and data as static files (DIR/index.html) that open with no server",
  },
  verify: { run: verifyCommand, help: "verify RUN [--db FILE]                    check a run's hash chain" },
  run: {
    run: runCommand,
    help:
      "run TASK [--agents S=P,…] [--trials N] [--parallel K] [--feedback lineage|none] [--seed N] [--db FILE]   run the loop to its budget; prints the run id\n" +
      "         [--executor local|slurm] [--partition P] [--account A] [--qos Q] [--gres gpu:1] [--cpus N] [--mem 16G] [--max-pending 1d]   where its evaluations run (slurm: LINEAGE_SHARED_DIR; --max-pending: how long a job may wait in the queue)",
  },
  backup: { run: backupCommand, help: "backup FILE [--db FILE]                   write a consistent copy of the database" },
  audit: { run: auditCommand, help: "audit RUN [--format md|json] [-o FILE] [--db FILE]   the run's audit report (exit 1 if its chain is broken)" },
  user: {
    run: userCommand,
    help: "user add NAME --role viewer|auditor|admin | token NAME [--label L] | tokens NAME | list | revoke NAME --token ID|--all | remove NAME | role NAME ROLE | password NAME [--db FILE]   local accounts (passwords on stdin)",
  },
  token: {
    run: tokenCommand,
    help: "token create --run RUN --agent NAME [--label L] | list --run RUN | revoke ID [--db FILE]   a token for one MCP agent of a run: it reads that run and submits as that agent over /api/mcp",
  },
  task: {
    run: taskCommand,
    help:
      "task set TASK [--noise-floor X] [--budget-wallclock S] [--budget-artifact-bytes N] [--budget-memory-bytes N]\n" +
      '         [--gate "metric>=0.96"]… [--direction minimize|maximize] [--actor NAME] [--db FILE]   revise a task\'s settings (an appended revision)\n' +
      "  lineage task show TASK [--db FILE]        the settings in force and their revisions",
  },
  watch: {
    run: watchCommand,
    help: "watch --from autoresearch|openevolve|aide FILE|DIR [--repo DIR] [--task-id ID] [--run-name NAME] [--metric NAME] [--maximize] [--interval S] [--db FILE]   follow a running loop, importing rows, checkpoints or journal nodes as they are written",
  },
  "evaluate-job": {
    run: evaluateJobCommand,
    help: "evaluate-job SPEC.json                    (on a compute node, inside a Slurm job) run a staged evaluation in Lineage's sandbox",
  },
  mcp: { run: mcpCommand, help: "mcp [--db FILE]                           the MCP server over stdio, for a coding agent on this machine" },
  reeval: {
    run: reevalCommand,
    help: "reeval TRIAL [--db FILE]                  re-run a trial's stored code with its task's evaluator; exit 1 if it does not reproduce",
  },
};

/** What --json prints, per command; the same table is in README.md (CLI). */
const JSON_HELP = [
  "--json (any command, anywhere on the line): stdout carries JSON only, one compact document per line;",
  'errors are {"error":{"code","message",…}} on stderr (code "usage" for usage errors); exit codes are',
  "unchanged (0 ok, 1 failure: a broken chain, a refused import, a trial that does not reproduce; 2 usage).",
  '  import      the report: {"created","unchanged","completed","runs"}, or with --from the import report',
  '  export      the lineage-trace/1 JSONL itself; with -o FILE {"runId","file","records","bytes"}',
  '  bundle      {"runId","dir","files","bytes"}',
  '  verify      {"runId","intact","checked","head"} or {"runId","intact":false,"checked","firstBreak"}',
  '  audit       the audit report (as --format json); with -o FILE {"runId","file","format","intact"}',
  '  backup      {"file","pages"}     reeval {"requestId","trialId","originalScore","score",…,"reproduces"}',
  '  user        add {"user","role","signInRequired"} · token {"user","role","id","label","token"} · list {"users"}',
  '              tokens {"user","tokens"} · revoke {"user","revoked"} · remove/role/password: what changed',
  '  token       create {"id","runId","agent","agentId","label","token"} · list {"runId","tokens"} · revoke {"id","revokedAt"}',
  '  task        show {"taskId","taskName","revision","settings","revisions"} · set {"taskId","revision","changes","settings"}',
  '  run         JSON lines: {"event":"started"}, {"event":"trial"}, … and last {"event":"done","runId","run",…}',
  '  serve       JSON lines: {"event":"serving","url",…}, then the web server\'s and runner\'s output as events',
  '  watch       JSON lines: {"event":"imported","runId","created","total","rows"}, "waiting", "rewritten", "problem", last {"event":"stopped","runId"}',
  "  mcp         stdout is MCP's JSON-RPC either way; --json makes errors before it starts JSON",
];

function usage(): string {
  return ["usage: lineage <command> [options] [--json]", "", ...Object.values(COMMANDS).map((c) => `  lineage ${c.help}`), "", ...JSON_HELP, ""].join("\n");
}

function helpData() {
  return {
    usage: "lineage <command> [options] [--json]",
    commands: Object.entries(COMMANDS).map(([name, c]) => ({ name, usage: `lineage ${c.help.replace(/\n\s*/g, "\n")}` })),
  };
}

export async function main(argv: string[]): Promise<number> {
  const { json, args } = takeJsonFlag(argv);
  const reply = createReply(json);
  const [name, ...rest] = args;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    if (!name && json) {
      reply.error(null, { code: "usage", message: "give a command (lineage --help lists them)" });
      return 2;
    }
    reply.result(helpData(), usage());
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    if (json) reply.error(null, { code: "usage", message: `unknown command ${JSON.stringify(name)}`, details: { commands: Object.keys(COMMANDS) } });
    else reply.note(`lineage: unknown command ${JSON.stringify(name)}\n\n${usage()}`);
    return 2;
  }
  try {
    return await command.run(rest, reply);
  } catch (e) {
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      reply.error(name, { code: "usage", message: (e as Error).message }, command.help);
      return 2;
    }
    const err = e instanceof LineageError ? e : toLineageError(e);
    const message = err.code === "internal" ? ((e as Error).message ?? String(e)) : err.message;
    reply.error(name, { code: err.code, message, details: err.details });
    return 1;
  }
}
