import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync, createWriteStream } from "node:fs";
import { once } from "node:events";
import { basename, dirname, join, resolve, sep } from "node:path";
import { parseArgs } from "node:util";
import { assertRunExists } from "../../services/export-run";
import { runBundleFiles } from "../../services/run-bundle";
import { UsageError, openStore } from "../context";
import type { Reply } from "../output";

/** Left in every bundle, so writing a bundle again may replace a folder only when it holds one. */
const MARKER = ".lineage-bundle";

/** `lineage bundle RUN -o DIR`: the run's pages and data as static files that open with no server. */
export async function bundleCommand(args: string[], reply: Reply): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { db: { type: "string" }, output: { type: "string", short: "o" } },
    allowPositionals: true,
  });
  if (positionals.length !== 1) throw new UsageError("give the id of one run");
  if (!values.output) throw new UsageError("give the folder to write with -o DIR");
  const target = resolve(values.output);
  if (existsSync(target) && readdirSync(target).length > 0 && !existsSync(join(target, MARKER)))
    throw new UsageError(`${values.output} is not empty and holds no Lineage bundle: give a new or empty folder`);
  const db = openStore(values.db);
  try {
    assertRunExists(db, positionals[0]);
    // Written beside the target and moved into place at the end: a failed bundle leaves the old one whole.
    mkdirSync(dirname(target), { recursive: true });
    const staging = mkdtempSync(join(dirname(target), `.${basename(target)}-`));
    let files = 0;
    let bytes = 0;
    try {
      for (const f of runBundleFiles(db, positionals[0])) {
        const path = resolve(staging, f.path);
        if (!path.startsWith(staging + sep)) throw new Error(`bundle path ${f.path} leaves the folder`); // paths are ours; a guard all the same
        mkdirSync(dirname(path), { recursive: true });
        bytes += await writeContent(path, f.content);
        files++;
      }
      writeFileSync(join(staging, MARKER), `lineage bundle of run ${positionals[0]}\n`);
      chmodSync(staging, 0o755); // mkdtemp makes it private; a bundle is meant to be served and shared
      rmSync(target, { recursive: true, force: true });
      renameSync(staging, target);
    } catch (e) {
      rmSync(staging, { recursive: true, force: true });
      throw e;
    }
    reply.result(
      { runId: positionals[0], dir: values.output, files, bytes },
      `wrote run ${positionals[0]} to ${join(values.output, "index.html")} (${files} files)\n`,
    );
    return 0;
  } finally {
    db.$client.close();
  }
}

async function writeContent(path: string, content: string | Iterable<string>): Promise<number> {
  if (typeof content === "string") {
    writeFileSync(path, content);
    return Buffer.byteLength(content);
  }
  const sink = createWriteStream(path);
  let bytes = 0;
  for (const chunk of content) {
    bytes += Buffer.byteLength(chunk);
    if (!sink.write(chunk)) await once(sink, "drain");
  }
  sink.end();
  await once(sink, "finish");
  return bytes;
}
