// `lineage bench`: measures the figures of BENCHMARKS.md (P1–P9, P11 and P12; P10 is
// `npm run bench:loop`'s) on the production build against same-run baselines, the pages in Debian's
// chromium; the last line of its output is one JSON object with them all.
import { parseArgs } from "node:util";
import { runBench } from "../../bench/runner";
import { UsageError, stdio } from "../context";

function parseSizes(text: string): number[] {
  const sizes = text.split(",").map((s) => Number(s.trim()));
  if (sizes.length === 0 || sizes.some((n) => !Number.isInteger(n) || n < 100 || n > 1_000_000)) {
    throw new UsageError(`--sizes must be whole numbers of trials from 100 to 1,000,000, separated by commas, not ${JSON.stringify(text)}`);
  }
  return sizes;
}

export async function benchCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { sizes: { type: "string" }, quick: { type: "boolean", default: false }, keep: { type: "boolean", default: false } },
  });
  const sizes = values.sizes ? parseSizes(values.sizes) : values.quick ? [1000, 5000] : [1000, 10_000, 100_000];
  return runBench({ sizes, quick: values.quick!, keep: values.keep! }, { out: stdio.out, say: (s) => stdio.err(`bench: ${s}\n`) });
}
