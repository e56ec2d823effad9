// Diffs from the experiment's own git repository (--repo), by commit id, when the commit survives.
import { execFileSync } from "node:child_process";

const COMMIT = /^[0-9a-f]{4,40}$/i;

export class GitDiffs {
  found = 0;
  missing = 0;
  constructor(private readonly repo: string | undefined) {}

  diffOf(commit: string): string | undefined {
    // Only a hex id reaches git: anything else could be read as an option or a revision expression.
    if (!this.repo || !COMMIT.test(commit)) return undefined;
    try {
      const out = execFileSync("git", ["-C", this.repo, "show", "--format=", "--patch", "--no-color", "--no-ext-diff", "--no-textconv", `${commit}^{commit}`], {
        encoding: "utf8",
        maxBuffer: 64 * 1024 * 1024,
        stdio: ["ignore", "pipe", "ignore"],
      });
      this.found++;
      return out || undefined;
    } catch {
      this.missing++;
      return undefined;
    }
  }
}
