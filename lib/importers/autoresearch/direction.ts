// Which way an autoresearch metric improves (issue 10 §4): a results.tsv never says. The name
// tells for the common ones (throughput, AUC, accuracy, *_score up; loss, bpb, perplexity,
// latency down); otherwise the keep rows tell, since a keep is the agent's "this improved".
// --maximize / --minimize override both.
export type Direction = "minimize" | "maximize";
type DirectionChoice = { direction: Direction; why: string };

const UP = [
  /tok(en)?s?_?(per_?)?s(ec)?$/,
  /throughput/,
  /roc_?auc|(^|_)auc($|_)/,
  /accuracy|(^|_)acc($|_)/,
  /_score$/,
  /(^|_)f1($|_)/,
  /precision|recall/,
  /reward/,
  /win_?rate/,
  /sharpe/,
  /bleu|rouge/,
  /core_metric/,
  /(^|_)mfu($|_)/,
  /speedup/,
  /hit_?rate/,
  /per_?sec(ond)?$/,
  /(^|_)(qps|fps|ops)($|_)/,
];
const DOWN = [
  /loss/,
  /bpb|bits_per/,
  /perplexity|(^|_)ppl($|_)/,
  /error|(^|_)err($|_)/,
  /latency/,
  /(^|_)(time|seconds|secs?|ms|wall(clock)?)($|_)/,
  /_(s|ms|sec)$/,
  /(^|_)(mse|mae|rmse|wer|cer)($|_)/,
  /bytes|(^|_)size($|_)|memory|vram|(^|_)mem($|_)/,
];

function directionFromName(metric: string): Direction | undefined {
  const n = metric.trim().toLowerCase();
  if (UP.some((re) => re.test(n))) return "maximize";
  if (DOWN.some((re) => re.test(n))) return "minimize";
  return undefined;
}

/** Steps between consecutive keep scores: how many went up and how many down. */
function keepSteps(keepScores: number[]): { up: number; down: number } {
  let up = 0;
  let down = 0;
  for (let i = 1; i < keepScores.length; i++) {
    if (keepScores[i] > keepScores[i - 1]) up++;
    else if (keepScores[i] < keepScores[i - 1]) down++;
  }
  return { up, down };
}

export function chooseDirection(metric: string, keepScores: number[], flag: boolean | undefined): DirectionChoice {
  const { up, down } = keepSteps(keepScores);
  const steps = `${up} of ${up + down} steps between keep rows go up, ${down} down`;
  if (flag !== undefined) return { direction: flag ? "maximize" : "minimize", why: `${flag ? "--maximize" : "--minimize"} given (${steps})` };
  const byName = directionFromName(metric);
  // The keeps speak when they lean clearly one way: at least two steps and twice as many one way.
  const byKeeps: Direction | undefined = up + down >= 2 && up >= 2 * down ? "maximize" : up + down >= 2 && down >= 2 * up ? "minimize" : undefined;
  if (byName) {
    const against = byKeeps && byKeeps !== byName ? `; but the keeps lean the other way (${steps}): pass --${byKeeps} if that is right` : ` (${steps})`;
    return { direction: byName, why: `the name ${JSON.stringify(metric)} says ${byName === "maximize" ? "higher" : "lower"} is better${against}` };
  }
  if (byKeeps) return { direction: byKeeps, why: `the name ${JSON.stringify(metric)} does not say; the keep rows do: ${steps}` };
  return {
    direction: "minimize",
    why: `neither the name ${JSON.stringify(metric)} nor the keep rows (${steps}) say; minimized as in autoresearch's program.md (val_bpb, lower is better); pass --maximize if higher is better`,
  };
}
