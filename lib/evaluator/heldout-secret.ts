// A secret of this installation that trusted scorers draw their held-out data from. Lineage's code is
// public, so held-out data drawn from a seed written in the repository would be known to any recipe;
// drawn from this secret (a root-only file, handed to the scorer's process alone) it is not. The same
// installation always uses the same secret, so re-evaluations reproduce.
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { env } from "../env";

let cached: string | undefined;

export function heldOutSecretFile(): string {
  return env().LINEAGE_HELDOUT_SECRET_FILE ?? join(homedir(), ".lineage", "heldout-secret");
}

export function heldOutSecret(): string {
  if (cached) return cached;
  const file = heldOutSecretFile();
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    try {
      writeFileSync(file, `${randomBytes(32).toString("hex")}\n`, { mode: 0o600, flag: "wx" });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e; // another runner made it first
    }
  }
  chmodSync(file, 0o600);
  const secret = readFileSync(file, "utf8").trim();
  if (!/^[0-9a-f]{64}$/.test(secret)) throw new Error(`${file} does not hold a held-out secret (64 hex characters); remove it to make a new one`);
  cached = secret;
  return secret;
}
