// The importers speak of the CLI's flags; an upload's errors and report speak of the upload
// page's fields instead, so a user of the page is never told to pass a flag it does not have.
import { LineageError } from "../domain/errors";
import type { ImportReport } from "./report";

const PAGE_WORDS: [RegExp, string][] = [
  [/--maximize \/ --minimize|--maximize or --minimize|--maximize\/--minimize/g, "the Direction field"],
  [/--(?:maximize|minimize) given/g, "the Direction field says so"],
  [/--(?:maximize|minimize)\b/g, "the Direction field"],
  [/--task-id\b/g, "the Task id field"],
  [/--run-name\b/g, "the Run name field"],
  [/--metric\b/g, "the Score metric field"],
  [/--kind\b/g, "the Run kind field"],
  [/--feedback\b/g, "the Feedback field"],
  [/--strict\b/g, "strict"],
  [/no --repo given/g, "no git repository comes with an upload (the CLI's import can read one)"],
  [/--repo\b/g, "the git repository"],
];

function inPageWords(text: string): string {
  return PAGE_WORDS.reduce((t, [flag, field]) => t.replace(flag, field), text);
}

export function reportInPageWords(report: ImportReport): ImportReport {
  return {
    ...report,
    notes: report.notes.map(inPageWords),
    problems: report.problems.map((p) => ({ ...p, message: inPageWords(p.message) })),
  };
}

export function errorInPageWords(e: unknown): unknown {
  return e instanceof LineageError ? new LineageError(e.code, inPageWords(e.message), e.details) : e;
}
