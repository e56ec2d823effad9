// How a command answers: in words for a person, or as data for a program (--json). Commands say
// everything through a Reply, so where each kind of output goes is decided here, once:
//   words: the answer on stdout, progress and notes on stderr, errors as "lineage CMD: message [code]";
//   --json: stdout is JSON only, one compact document per line (the answer, or a stream's events and
//   its closing summary); notes are dropped (the data carries them); errors are
//   {"error":{"code","message",...}} on stderr, so a pipe on stdout never sees half an answer.

export type Event = { event: string } & Record<string, unknown>;

export type Reply = {
  readonly json: boolean;
  /**
   * The command's answer: `data` as the one JSON document on stdout, or `words` on stdout (on stderr
   * with "err", for a command whose stdout already holds what it wrote, such as export, or nothing).
   */
  result(data: unknown, words: string, wordsTo?: "out" | "err"): void;
  /** One step of a stream (run's progress, serve's log): `words` on stderr, or a JSON line on stdout. */
  event(data: Event, words?: string): void;
  /** For the person only: words on stderr, nothing under --json. */
  note(words: string): void;
  /** A failure: the words form or the JSON error object on stderr. */
  error(command: string | null, e: { code: string; message: string; details?: Record<string, unknown> }, usage?: string): void;
};

type Sink = { out: (s: string) => void; err: (s: string) => void };
const stdio: Sink = { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) };

const line = (data: unknown) => JSON.stringify(data) + "\n";

export function createReply(json: boolean, sink: Sink = stdio): Reply {
  if (json) {
    return {
      json,
      result: (data) => sink.out(line(data)),
      event: (data) => sink.out(line(data)),
      note: () => {},
      error: (_command, e, usage) =>
        sink.err(line({ error: { code: e.code, message: e.message, ...e.details, ...(usage ? { usage: `lineage ${usage.replace(/\s+/g, " ")}` } : {}) } })),
    };
  }
  return {
    json,
    result: (_data, words, wordsTo = "out") => (wordsTo === "err" ? sink.err(words) : sink.out(words)),
    event: (_data, words) => {
      if (words !== undefined) sink.err(words.endsWith("\n") ? words : words + "\n");
    },
    note: (words) => sink.err(words),
    error: (command, e, usage) => {
      const who = command ? `lineage ${command}` : "lineage";
      if (e.code === "usage") sink.err(usage ? `${who}: ${e.message}\n  usage: lineage ${usage}\n` : `${who}: ${e.message}\n`);
      else sink.err(`${who}: ${e.message} [${e.code}]\n`);
    },
  };
}

/**
 * Takes --json out of a command line (anywhere before a `--`), so each command parses its own
 * options as before and only learns how to answer.
 */
export function takeJsonFlag(argv: string[]): { json: boolean; args: string[] } {
  const end = argv.indexOf("--");
  const head = end === -1 ? argv : argv.slice(0, end);
  const tail = end === -1 ? [] : argv.slice(end);
  const args = head.filter((a) => a !== "--json");
  return { json: args.length !== head.length, args: [...args, ...tail] };
}
