// Tab-separated logs as their writers produce them: a header row, one row per line, fields that
// Python's csv module quoted ("..." with "" inside) when they held a quote, a tab or a newline.
// A row whose field count does not match the header is returned as not ok, with its raw text.
import { readLinesSync } from "./read-lines";

export type TsvRow = { line: number; fields: string[]; raw: string; ok: boolean };
export type Tsv = { header: string[]; headerLine: number; rows: () => Generator<TsvRow> };

type Split = { fields: string[]; open: boolean };

/** Splits one record, honouring quoted fields; `open` says a quoted field runs past the end. */
function splitQuoted(text: string): Split {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    if (text[i] === '"') {
      let value = "";
      let j = i + 1;
      for (;;) {
        const q = text.indexOf('"', j);
        if (q === -1) return { fields: [...fields, value + text.slice(j)], open: true };
        value += text.slice(j, q);
        if (text[q + 1] === '"') {
          value += '"';
          j = q + 2;
          continue;
        }
        j = q + 1;
        break;
      }
      // Text after a closing quote (a stray quote in a field) stays part of the field.
      const tab = text.indexOf("\t", j);
      value += text.slice(j, tab === -1 ? undefined : tab);
      fields.push(value);
      if (tab === -1) return { fields, open: false };
      i = tab + 1;
    } else {
      const tab = text.indexOf("\t", i);
      fields.push(text.slice(i, tab === -1 ? undefined : tab));
      if (tab === -1) return { fields, open: false };
      i = tab + 1;
    }
  }
}

const MAX_CONTINUATION_LINES = 200;

export function openTsv(path: string): Tsv {
  let header: string[] | undefined;
  let headerLine = 0;
  for (const line of numberedLines(path)) {
    if (line.text.trim() === "") continue;
    header = line.text.split("\t").map((h) => h.trim());
    headerLine = line.n;
    break;
  }
  if (!header) return { header: [], headerLine: 0, rows: function* () {} };
  const width = header.length;
  return {
    header,
    headerLine,
    rows: function* () {
      const lines = numberedLines(path);
      let pending: { n: number; text: string } | undefined;
      let skip = headerLine;
      const take = () => {
        if (pending) {
          const p = pending;
          pending = undefined;
          return p;
        }
        const r = lines.next();
        return r.done ? undefined : r.value;
      };
      for (let cur = take(); cur; cur = take()) {
        if (cur.n <= skip || cur.text.trim() === "") continue;
        let text = cur.text;
        let split = splitQuoted(text);
        // A quoted field may hold newlines: join following lines while the quote stays open.
        if (split.open) {
          const joined: { n: number; text: string }[] = [];
          let candidate = text;
          let closed: Split | undefined;
          for (let k = 0; k < MAX_CONTINUATION_LINES; k++) {
            const next = lines.next();
            if (next.done) break;
            joined.push(next.value);
            candidate += "\n" + next.value.text;
            const s = splitQuoted(candidate);
            if (!s.open) {
              closed = s;
              break;
            }
          }
          if (closed && closed.fields.length === width) {
            text = candidate;
            split = closed;
            skip = joined[joined.length - 1].n;
          } else {
            // Not a multi-line field after all (a stray quote): read the lines again one by one.
            for (const j of joined.reverse()) lines.unshift(j);
          }
        }
        if (split.fields.length === width && !split.open) {
          yield { line: cur.n, fields: split.fields, raw: text, ok: true };
          continue;
        }
        const plain = text.split("\t");
        yield { line: cur.n, fields: plain, raw: text, ok: plain.length === width };
      }
    },
  };
}

type LineSource = Generator<{ n: number; text: string }> & { unshift: (l: { n: number; text: string }) => void };

function numberedLines(path: string): LineSource {
  const back: { n: number; text: string }[] = [];
  const gen = (function* () {
    let n = 0;
    for (const raw of readLinesSync(path)) {
      n++;
      while (back.length) yield back.pop()!;
      yield { n, text: raw.endsWith("\r") ? raw.slice(0, -1) : raw };
    }
    while (back.length) yield back.pop()!;
  })();
  return Object.assign(gen, { unshift: (l: { n: number; text: string }) => void back.push(l) });
}
