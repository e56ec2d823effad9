// What each format's upload takes, as the form explains it.
import type { ImportFormat } from "@/lib/domain/import-formats";

export const FORMAT_HELP: Record<ImportFormat, { label: string; files: string; accept: string; multiple: boolean }> = {
  recipes: {
    label: "Auto-Research-Recipes (blackboard)",
    files: "results.tsv, and tree.tsv, best.json, KNOWLEDGE.md and LEADERBOARD.md when you have them",
    accept: ".tsv,.json,.md",
    multiple: true,
  },
  autoresearch: { label: "autoresearch (results.tsv)", files: "one results.tsv", accept: ".tsv,.txt", multiple: false },
  aide: { label: "AIDE (journal.json)", files: "one journal.json", accept: ".json", multiple: false },
  openevolve: {
    label: "OpenEvolve (checkpoint)",
    files: "every programs/*.json of a checkpoint, with metadata.json and best_program_info.json",
    accept: ".json,.jsonl",
    multiple: true,
  },
  shinka: { label: "ShinkaEvolve (SQLite database)", files: "one programs.sqlite or evolution_db.sqlite", accept: ".sqlite,.sqlite3,.db", multiple: false },
};
