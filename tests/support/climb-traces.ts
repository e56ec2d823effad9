// Runs written for the ancestry story, the score curve and queue waits (issue 14): a climb from
// 1.081 to 1.0722 whose few failed-looking outliers at 2.7 would flatten it on a full y range, with
// failed siblings beside the steps of its best line, and a run whose trials ran as Slurm jobs.
const S = "lineage-trace/1";
const T0 = Date.parse("2026-03-01T08:00:00Z");
const iso = (ms: number) => new Date(ms).toISOString();

/** The scores of the climb's new bests, in order: the baseline first, the last is the run's best. */
export const CLIMB_BESTS = [1.081, 1.0797, 1.0785, 1.078, 1.0768, 1.0756, 1.0746, 1.074, 1.0731, 1.0722];
/** Seqs of the outliers (score 2.7, a recipe that trained on nothing) */
export const CLIMB_OUTLIERS = [31, 62, 93, 124];
export const CLIMB_TRIALS = 150;
export const CLIMB_NOISE_FLOOR = 0.0008;

function task(id: string) {
  return {
    schema: S,
    type: "task",
    id,
    name: "Climb golf",
    metric: { name: "val_bpb", direction: "minimize", unit: "bits/byte" },
    noiseFloor: CLIMB_NOISE_FLOOR,
  };
}

const diffOf = (n: number) => `--- a/train.py\n+++ b/train.py\n@@ -1 +1 @@\n-lr = ${n}\n+lr = ${n + 1}\n`;

/**
 * 150 trials: each new trial's parent is the best so far (the runner's rule); a new best every 15
 * trials, two of the gains (1.0785 → 1.078 and 1.0746 → 1.074) within the noise floor; the rest
 * scored a little worse than their parent, failed (crash, budget_overrun, gate_miss in turn), or
 * are one of the four outliers.
 */
export function climbRun(runId = "climb"): Record<string, unknown>[] {
  const taskId = `${runId}-task`;
  const out: Record<string, unknown>[] = [
    task(taskId),
    { schema: S, type: "run", id: runId, taskId, name: "Climb with outliers", kind: "headline", feedback: "lineage" },
    { schema: S, type: "agent", id: `${runId}-opt`, runId, name: "optimizer", surface: "optimizer" },
    { schema: S, type: "agent", id: `${runId}-arch`, runId, name: "architecture", surface: "architecture" },
  ];
  let best = { id: `${runId}-t1`, score: CLIMB_BESTS[0] };
  let next = 1;
  const failures = ["crash", "budget_overrun", "gate_miss"];
  for (let seq = 1; seq <= CLIMB_TRIALS; seq++) {
    const id = `${runId}-t${seq}`;
    const at = T0 + (seq - 1) * 60_000;
    const common = {
      schema: S,
      type: "trial",
      id,
      runId,
      seq,
      startedAt: iso(at),
      finishedAt: iso(at + 50_000),
      wallclockSeconds: 50,
    };
    if (seq === 1) {
      out.push({ ...common, parentIds: [], hypothesis: "", score: CLIMB_BESTS[0], kept: true });
      continue;
    }
    const agentId = seq % 2 ? `${runId}-opt` : `${runId}-arch`;
    const step = { ...common, parentIds: [best.id], agentId, diff: diffOf(seq) };
    if (seq % 15 === 0 && next < CLIMB_BESTS.length) {
      const score = CLIMB_BESTS[next++];
      out.push({ ...step, hypothesis: `step ${next - 1}: tune the schedule (from ${best.score} to ${score})`, score, kept: true });
      best = { id, score };
    } else if (CLIMB_OUTLIERS.includes(seq)) {
      out.push({ ...step, hypothesis: `outlier: a recipe that trained on nothing (#${seq})`, score: 2.7, kept: false });
    } else if (seq % 7 === 0) {
      const failure = failures[(seq / 7) % 3];
      out.push({ ...step, hypothesis: `a change that failed with ${failure} (#${seq})`, failure, failureDetail: `${failure} in trial ${seq}`, kept: false });
    } else {
      const worse = Number((best.score + 0.0006 + ((seq * 37) % 23) * 0.00022).toFixed(6));
      out.push({ ...step, hypothesis: `a change that did not help (#${seq})`, score: worse, kept: false });
    }
  }
  return out;
}

/** The queue wait of each trial of queuedRun, seconds: trial n waited 40·n s. */
export const queueWaitOf = (seq: number) => 40 * seq;

/**
 * A run whose trials ran as Slurm jobs: each trial's extra.executor names its job id, node, queue
 * wait and run time, as the runner records them (lib/services/evaluate-submission.ts); its
 * timestamps span the wait, its wallclockSeconds only the run.
 */
export function queuedRun(runId = "queued"): Record<string, unknown>[] {
  const taskId = `${runId}-task`;
  const out: Record<string, unknown>[] = [
    task(taskId),
    { schema: S, type: "run", id: runId, taskId, name: "Slurm queue run", kind: "headline", feedback: "lineage" },
    { schema: S, type: "agent", id: `${runId}-opt`, runId, name: "optimizer", surface: "optimizer" },
  ];
  let start = T0;
  let parent: string | null = null;
  for (let seq = 1; seq <= 12; seq++) {
    const id = `${runId}-t${seq}`;
    const queueSeconds = queueWaitOf(seq);
    const runSeconds = 50;
    out.push({
      schema: S,
      type: "trial",
      id,
      runId,
      seq,
      parentIds: parent ? [parent] : [],
      agentId: parent ? `${runId}-opt` : undefined,
      hypothesis: parent ? `change ${seq}` : "",
      score: Number((1.081 - seq * 0.0005).toFixed(6)),
      kept: true,
      startedAt: iso(start),
      finishedAt: iso(start + (queueSeconds + runSeconds) * 1000),
      wallclockSeconds: runSeconds,
      extra: { queueSeconds, executor: { executor: "slurm", id: String(7000 + seq), node: `gpu-${seq % 3}`, queueSeconds, runSeconds } },
    });
    start += (queueSeconds + runSeconds) * 1000;
    parent = id;
  }
  return out;
}

/**
 * A wide run of 901 trials: a baseline, 75 children of it, each with 11 scored leaves (below the
 * fold of plain leaves, so every leaf is drawn: 825 columns). Each child saw the outcomes of the
 * three children before it (context refs), so showing every context edge would be a hairball.
 */
export function wideRun(runId = "wide"): Record<string, unknown>[] {
  const taskId = `${runId}-task`;
  const out: Record<string, unknown>[] = [
    task(taskId),
    { schema: S, type: "run", id: runId, taskId, name: "Wide run of 901 trials", kind: "headline", feedback: "lineage" },
    { schema: S, type: "trial", id: `${runId}-b`, runId, seq: 1, parentIds: [], hypothesis: "", score: 1.2, kept: true },
  ];
  let seq = 2;
  for (let c = 0; c < 75; c++) {
    const child = `${runId}-c${c}`;
    const refs = [1, 2, 3].filter((k) => c - k >= 0).map((k) => `${runId}-c${c - k}`);
    out.push({
      schema: S,
      type: "trial",
      id: child,
      runId,
      seq: seq++,
      parentIds: [`${runId}-b`],
      contextRefs: refs,
      hypothesis: `branch ${c}`,
      score: 1.19 - c * 1e-4,
    });
    for (let l = 0; l < 11; l++)
      out.push({
        schema: S,
        type: "trial",
        id: `${runId}-c${c}-l${l}`,
        runId,
        seq: seq++,
        parentIds: [child],
        contextRefs: [child],
        hypothesis: `leaf ${l} of ${c}`,
        score: 1.195 + l * 1e-4,
      });
  }
  return out;
}
