// `npm run bench [-- --sizes N,N,…] [--quick] [--keep] [--huge] [--only P7,…]`: measures the figures of BENCHMARKS.md (P1–P9,
// P11 and P12, and P13's million-trial run with --huge; P10 is `npm run bench:loop`'s) on the production build against same-run baselines, the
// pages in Debian's chromium; the last line of its output is one JSON object with them all.
import { parseArgs } from "node:util";
import { runBench, type BenchOptions } from "./runner";

const FIGURE_IDS = ["P1", "P2", "P3", "P4", "P5", "P6", "P7", "P8", "P9", "P11", "P12", "P13"];
const USAGE = "usage: npm run bench -- [--sizes N,N,…] [--quick] [--keep] [--huge] [--only P3,P7,…]\n";

function parseSizes(text: string): number[] {
  const sizes = text.split(",").map((s) => Number(s.trim()));
  if (sizes.length === 0 || sizes.some((n) => !Number.isInteger(n) || n < 100 || n > 1_000_000)) {
    throw new Error(`--sizes must be whole numbers of trials from 100 to 1,000,000, separated by commas, not ${JSON.stringify(text)}`);
  }
  return sizes;
}

/** The options, or "help"; throws a message naming the bad flag. */
function parseOptions(args: string[]): BenchOptions | "help" {
  const { values } = parseArgs({
    args,
    options: {
      sizes: { type: "string" },
      quick: { type: "boolean", default: false },
      keep: { type: "boolean", default: false },
      huge: { type: "boolean", default: false },
      only: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) return "help";
  const sizes = values.sizes ? parseSizes(values.sizes) : values.quick ? [1000, 5000] : [1000, 10_000, 100_000];
  const only = values.only?.split(",").map((s) => s.trim().toUpperCase());
  const unknown = only?.filter((id) => !FIGURE_IDS.includes(id));
  if (unknown?.length) throw new Error(`--only names figures this benchmark does not measure: ${unknown.join(", ")} (it measures ${FIGURE_IDS.join(", ")})`);
  if (only?.includes("P13") && !values.huge) throw new Error("P13 is the million-trial run: add --huge to measure it");
  return { sizes, quick: values.quick!, keep: values.keep!, huge: values.huge!, only };
}

async function main(args: string[]): Promise<number> {
  let options: BenchOptions | "help";
  try {
    options = parseOptions(args);
  } catch (e) {
    process.stderr.write(`bench: ${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  if (options === "help") {
    process.stdout.write(USAGE);
    return 0;
  }
  return runBench(options, { out: (s) => process.stdout.write(s), say: (s) => process.stderr.write(`bench: ${s}\n`) });
}

process.exitCode = await main(process.argv.slice(2));
