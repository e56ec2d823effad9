// A run driven by `lineage run` in its own process, and external agents reaching it through
// `lineage mcp` (stdio) with the MCP SDK's own client: the setup the MCP submission tests share.
import { spawn, type ChildProcess } from "node:child_process";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { LINEAGE_BIN } from "./server";

export type ToolData = Record<string, any>;
export type ToolAnswer = { isError: boolean; data: ToolData; text: string };

export type RunnerProcess = {
  proc: ChildProcess;
  runId: string;
  /** everything it printed so far (stdout and stderr) */
  output: () => string;
  /** waits for it to exit (its code), or null when it has not within `ms` */
  exited: (ms: number) => Promise<number | null>;
  kill: () => void;
};

/** Starts `lineage run <args> --json --db <db>` and waits for its baseline trial to be recorded. */
export async function startRunPastBaseline(args: string[], db: string): Promise<RunnerProcess> {
  const proc = spawn(process.execPath, [LINEAGE_BIN, "run", ...args, "--json", "--db", db], { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  proc.stdout!.on("data", (d) => (out += d));
  proc.stderr!.on("data", (d) => (out += d));
  const end = Date.now() + 60_000;
  while (!/"event":"trial".*"seq":1/.test(out)) {
    if (Date.now() > end || proc.exitCode !== null) {
      if (proc.exitCode === null) proc.kill("SIGTERM");
      throw new Error(`the baseline did not finish:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const runId = JSON.parse(out.split("\n").find((l) => l.includes('"event":"started"'))!).runId as string;
  return {
    proc,
    runId,
    output: () => out,
    exited: async (ms) => {
      const until = Date.now() + ms;
      while (proc.exitCode === null && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
      return proc.exitCode;
    },
    kill: () => {
      if (proc.exitCode === null) proc.kill("SIGTERM");
    },
  };
}

/** A client connected to its own `lineage mcp --db <db>` process. */
export async function connectMcp(db: string, name: string): Promise<Client> {
  const client = new Client({ name, version: "1.0.0" });
  await client.connect(new StdioClientTransport({ command: process.execPath, args: [LINEAGE_BIN, "mcp", "--db", db], stderr: "pipe" }));
  return client;
}

/** Calls a tool and returns its answer as data, error flag and first text. */
export async function callTool(client: Client, name: string, args: Record<string, unknown>): Promise<ToolAnswer> {
  const r = await client.callTool({ name, arguments: args }, undefined, { timeout: 120_000 });
  return { isError: Boolean(r.isError), data: r.structuredContent as ToolData, text: (r.content as { text: string }[])[0]?.text ?? "" };
}
