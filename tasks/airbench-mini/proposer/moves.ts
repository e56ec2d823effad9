// Program-level edits to the airbench-mini recipe that builtin:mutate chooses from: the schedule's
// length and shape, batch size, learning rate, momentum, label smoothing, weight decay, early stop,
// the network's width and initialisation, augmentation. Each knows when it applies, what it does to
// the code, and says why in its hypothesis. Some fail for real: a schedule too short ends below the
// gate (gate_miss), a learning rate too high diverges (crash), a network too wide overruns the
// wall-clock budget (budget_overrun).
import type { Files } from "../../../lib/evaluator/files";

export type Surface = "optimizer" | "architecture" | "data";
export const SURFACES: Surface[] = ["optimizer", "architecture", "data"];
export type Move = {
  key: string;
  surface: Surface;
  applies: (src: string) => boolean;
  apply: (src: string) => string;
  hypothesis: (src: string) => string;
};

const FILE: Record<Surface, string> = { optimizer: "optimizer.mjs", architecture: "model.mjs", data: "data.mjs" };
export const fileOfSurface = (surface: Surface) => FILE[surface];
/** The surface a diff edits, by the file it names. */
export function surfaceOfDiff(diff: string | null): Surface | undefined {
  const m = diff && /^diff --git a\/(\S+)/m.exec(diff);
  return m ? SURFACES.find((s) => FILE[s] === m[1]) : undefined;
}

export const num = (src: string, name: string): number | undefined => {
  const m = new RegExp(`^(?:export )?const ${name} = (-?[0-9.e-]+);`, "m").exec(src);
  return m ? Number(m[1]) : undefined;
};
const setNum = (src: string, name: string, v: number) =>
  src.replace(new RegExp(`^((?:export )?const ${name} = )(-?[0-9.e-]+);`, "m"), `$1${Number(v.toPrecision(4))};`);
const round = (v: number) => Number(v.toPrecision(4));

/** A move that scales (or sets) one constant of a surface's file. */
function scale(
  surface: Surface,
  name: string,
  key: string,
  f: (v: number) => number,
  when: (v: number) => boolean,
  why: (from: number, to: number) => string,
): Move {
  return {
    key,
    surface,
    applies: (s) => {
      const v = num(s, name);
      return v !== undefined && when(v) && round(f(v)) !== v;
    },
    apply: (s) => setNum(s, name, f(num(s, name)!)),
    hypothesis: (s) => why(num(s, name)!, round(f(num(s, name)!))),
  };
}

const WARMUP_SCHEDULE = `
// Warm up linearly over the first WARMUP of the schedule, then decay linearly to zero (one cycle):
// the weights settle before the full rate hits them, so the peak rate can be higher.
const WARMUP = 0.2;
export function learningRate(step, totalSteps) {
  const t = step / totalSteps;
  return LEARNING_RATE * (t < WARMUP ? t / WARMUP : (1 - t) / (1 - WARMUP));
}`;

export const MOVES: Move[] = [
  scale(
    "optimizer",
    "EPOCHS",
    "epochs*0.5",
    (v) => v * 0.5,
    (v) => v > 0.2,
    (a, b) =>
      `Halve the schedule, EPOCHS ${a}→${b}: the learning rate decays over the planned schedule, so a shorter one anneals sooner and should reach the gate in fewer examples — unless it ends before the network gets there.`,
  ),
  scale(
    "optimizer",
    "EPOCHS",
    "epochs*1.5",
    (v) => v * 1.5,
    (v) => v < 40,
    (a, b) =>
      `Lengthen the schedule, EPOCHS ${a}→${b}: the network needs more examples at a useful learning rate before it anneals, or it ends below the gate.`,
  ),
  scale(
    "optimizer",
    "LEARNING_RATE",
    "lr*2",
    (v) => v * 2,
    (v) => v < 10,
    (a, b) => `Double LEARNING_RATE ${a}→${b}: bigger steps cover the distance to a good solution in fewer examples (too big and training diverges).`,
  ),
  scale(
    "optimizer",
    "LEARNING_RATE",
    "lr*0.6",
    (v) => v * 0.6,
    (v) => v > 1e-4,
    (a, b) => `Lower LEARNING_RATE ${a}→${b}: the steps overshoot; a smaller rate keeps training stable and the gradient noise down.`,
  ),
  scale(
    "optimizer",
    "BATCH_SIZE",
    "batch*2",
    (v) => v * 2,
    (v) => v < 4096,
    (a, b) =>
      `Double BATCH_SIZE ${a}→${b}: averaged over more examples, each step's gradient is less noisy, so the same learning rate makes steadier progress (and half the steps).`,
  ),
  scale(
    "optimizer",
    "BATCH_SIZE",
    "batch/2",
    (v) => Math.max(1, Math.round(v / 2)),
    (v) => v > 1,
    (a, b) => `Halve BATCH_SIZE ${a}→${b}: twice the updates for the same examples; on a small problem more steps usually beat cleaner gradients.`,
  ),
  scale(
    "optimizer",
    "MOMENTUM",
    "momentum=0.95",
    () => 0.95,
    (v) => v < 0.95,
    (a, b) => `Raise MOMENTUM ${a}→${b}: a longer memory of past gradients speeds up travel along consistent directions.`,
  ),
  scale(
    "optimizer",
    "MOMENTUM",
    "momentum=0.8",
    () => 0.8,
    (v) => v > 0.8,
    (a, b) => `Lower MOMENTUM ${a}→${b}: the effective step is LR/(1-momentum); less momentum tames overshooting at a high rate.`,
  ),
  scale(
    "optimizer",
    "LABEL_SMOOTHING",
    "label-smoothing",
    () => 0.1,
    (v) => v === 0,
    () =>
      `Smooth the labels (LABEL_SMOOTHING 0→0.1): targets of 0.9 stop the logits from growing without bound on easy examples, which tends to generalise better on noisy images.`,
  ),
  scale(
    "optimizer",
    "WEIGHT_DECAY",
    "weight-decay",
    () => 5e-4,
    (v) => v === 0,
    () => `Add weight decay (WEIGHT_DECAY 0→0.0005): shrinking the weights a little each step keeps the network from fitting the pixel noise.`,
  ),
  scale(
    "optimizer",
    "EARLY_STOP",
    "early-stop",
    () => 0.85,
    (v) => v === 0,
    () =>
      `Stop the schedule early (EARLY_STOP 0→0.85): once an epoch's training accuracy reaches 85% the network is near the gate, and the rest of the schedule only spends examples.`,
  ),
  {
    key: "warmup",
    surface: "optimizer",
    applies: (s) => s.includes("// @schedule-begin") && !s.includes("const WARMUP"),
    apply: (s) => s.replace(/\/\/ @schedule-begin\n[\s\S]*?\/\/ @schedule-end\n?/, `// @schedule-begin\n${WARMUP_SCHEDULE.trim()}\n// @schedule-end\n`),
    hypothesis: () =>
      "Warm the learning rate up over the first 20% of the schedule, then decay it (one cycle, as airbench does): the early steps from random weights are the ones that blow up, so the peak rate can be higher.",
  },
  scale(
    "architecture",
    "WIDTH",
    "width*2",
    (v) => v * 2,
    (v) => v < 8192,
    (a, b) => `Double WIDTH ${a}→${b}: more hidden units learn more shift-tolerant features per example seen (each example costs twice the compute).`,
  ),
  scale(
    "architecture",
    "WIDTH",
    "width*0.5",
    (v) => Math.max(2, Math.round(v / 2)),
    (v) => v > 2,
    (a, b) => `Halve WIDTH ${a}→${b}: a smaller network trains in half the time per example; ten classes may not need this many units.`,
  ),
  scale(
    "architecture",
    "WIDTH",
    "width*8",
    (v) => v * 8,
    (v) => v < 8192,
    (a, b) => `Widen the network eightfold, WIDTH ${a}→${b}: wide shallow networks learn from far fewer examples, if the compute fits the budget.`,
  ),
  scale(
    "architecture",
    "INIT_SCALE",
    "init*0.5",
    (v) => v * 0.5,
    (v) => v > 0.05,
    (a, b) => `Halve INIT_SCALE ${a}→${b}: smaller initial weights start the network near linear, where the first large steps are safe.`,
  ),
  scale(
    "data",
    "SHIFT",
    "shift+1",
    (v) => v + 1,
    (v) => v < 4,
    (a, b) =>
      `Shift training images by up to ${b} pixels (SHIFT ${a}→${b}): the test images are the class patterns moved around, so shifted copies teach the same invariance from fewer real examples.`,
  ),
  scale(
    "data",
    "SHIFT",
    "shift-1",
    (v) => v - 1,
    (v) => v > 0,
    (a, b) => `Shift training images less (SHIFT ${a}→${b}): large shifts push strokes off the canvas and make examples harder than the test set.`,
  ),
  scale(
    "data",
    "NOISE",
    "noise+0.2",
    (v) => v + 0.2,
    (v) => v < 2,
    (a, b) => `Add pixel noise to training images (NOISE ${a}→${b}): it regularises the first layer against the test set's own noise.`,
  ),
  scale(
    "data",
    "CONTRAST",
    "contrast+0.3",
    (v) => v + 0.3,
    (v) => v < 0.9,
    (a, b) =>
      `Jitter training images' contrast by ±${b} (CONTRAST ${a}→${b}): the test patterns vary in strength, so the network should not key on absolute brightness.`,
  ),
];

/** Moves that answer a failure of this label, by surface: what a researcher would try on the failed code. */
export const FIXES: Partial<Record<string, Partial<Record<Surface, string[]>>>> = {
  gate_miss: { optimizer: ["epochs*1.5", "lr*2", "warmup"], architecture: ["width*2"], data: ["shift+1", "shift-1"] },
  budget_overrun: { optimizer: ["epochs*0.5", "batch*2"], architecture: ["width*0.5"] },
  crash: { optimizer: ["lr*0.6", "warmup", "momentum=0.8"], architecture: ["init*0.5"] },
  invalid_result: { optimizer: ["batch/2"] },
};

export function applicableMoves(files: Files, surface: Surface): Move[] {
  const src = files.get(fileOfSurface(surface));
  return src === undefined ? [] : MOVES.filter((m) => m.surface === surface && m.applies(src));
}

export const moveByKey = (key: string) => MOVES.find((m) => m.key === key);
