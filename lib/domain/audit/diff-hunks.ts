// A tolerant reader of unified diffs (plain or git format) into files and hunks. Diffs come from
// agents and imported files: nothing here throws, and whatever cannot be read is kept as text.

export type DiffHunk = {
  /** the `@@ … @@` line as written (may carry a function name after the ranges) */
  header: string;
  /** changed lines only, with their +/- mark */
  changed: string[];
  /** the whole hunk body as in the diff, for evidence */
  text: string;
};

export type DiffFile = {
  /** every path the file entry names (old and new differ for a rename); /dev/null left out */
  paths: string[];
  hunks: DiffHunk[];
  /** binary patches, mode changes, renames without content: touched but with no hunk to read */
  note?: string;
};

const stripPrefix = (p: string) => {
  const path = p
    .split("\t")[0]
    .trim()
    .replace(/^"(.*)"$/, "$1");
  if (path === "/dev/null") return null;
  return path.replace(/^[ab]\//, "");
};

function addPath(file: DiffFile, raw: string | undefined): void {
  if (raw === undefined) return;
  const p = stripPrefix(raw);
  if (p && !file.paths.includes(p)) file.paths.push(p);
}

export function parseDiff(diff: string | null | undefined): DiffFile[] {
  if (!diff) return [];
  const files: DiffFile[] = [];
  let file: DiffFile | null = null;
  let hunk: DiffHunk | null = null;
  // The current hunk's line ranges and the lines seen so far, counted as they come (re-reading the
  // hunk at each `--- ` line was quadratic in a crafted diff).
  let range = { old: 0, new: 0, seenOld: 0, seenNew: 0, known: false };
  const lines = diff.split(/\r?\n/);
  const newFile = () => {
    file = { paths: [], hunks: [] };
    files.push(file);
    hunk = null;
    return file;
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const git = /^diff --git (\S+) (\S+)$/.exec(line);
    if (git) {
      const f = newFile();
      addPath(f, git[1]);
      addPath(f, git[2]);
      continue;
    }
    if (line.startsWith("--- ") && lines[i + 1]?.startsWith("+++ ") && !(hunk && range.known && (range.seenOld < range.old || range.seenNew < range.new))) {
      const f: DiffFile = file && (file as DiffFile).hunks.length === 0 && !hunk ? file : newFile();
      addPath(f, line.slice(4));
      addPath(f, lines[i + 1].slice(4));
      hunk = null;
      i++;
      continue;
    }
    if (line.startsWith("@@")) {
      const f = file ?? newFile();
      hunk = { header: line, changed: [], text: line };
      range = hunkRange(line);
      f.hunks.push(hunk);
      continue;
    }
    if (hunk && /^[ +\-\\]/.test(line)) {
      (hunk as DiffHunk).text += "\n" + line;
      if (line[0] === " ") (range.seenOld++, range.seenNew++);
      else if (line[0] === "-") range.seenOld++;
      else if (line[0] === "+") range.seenNew++;
      if (line[0] === "+" || line[0] === "-") (hunk as DiffHunk).changed.push(line);
      continue;
    }
    if (file) {
      const f = file as DiffFile;
      const rename = /^rename (?:from|to) (.+)$/.exec(line);
      if (rename) addPath(f, rename[1]);
      if (/^(Binary files|GIT binary patch)/.test(line)) f.note = "binary change";
      else if (/^(old|new) mode /.test(line) && !f.note) f.note = "mode change";
      else if (/^rename from /.test(line) && !f.note) f.note = "rename";
    }
  }
  return files;
}

/**
 * A hunk's line counts from its header. Inside a hunk, `--- x` is a removed line that starts with
 * "-- ", unless the hunk's ranges are used up.
 */
function hunkRange(header: string) {
  const m = /^@@ -\d+(?:,(\d+))? \+\d+(?:,(\d+))? @@/.exec(header);
  if (!m) return { old: 0, new: 0, seenOld: 0, seenNew: 0, known: false };
  return { old: m[1] === undefined ? 1 : Number(m[1]), new: m[2] === undefined ? 1 : Number(m[2]), seenOld: 0, seenNew: 0, known: true };
}

/** Every path a diff touches, in order of first appearance. */
export const touchedPaths = (files: DiffFile[]) => [...new Set(files.flatMap((f) => f.paths))];
