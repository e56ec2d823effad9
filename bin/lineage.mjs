#!/usr/bin/env node
// The `lineage` command. The CLI shares the TypeScript core with the web app and runs it through tsx.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../lib/cli/main.ts");
process.exitCode = await main(process.argv.slice(2));
