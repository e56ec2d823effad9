// The job child's entry point: a plain module outside the Next.js bundle, run with `node` by
// run-job.ts. It loads the TypeScript core through tsx, as bin/lineage.mjs does for the CLI.
import { register } from "tsx/esm/api";

register();
await import("./child.ts");
