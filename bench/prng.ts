import { mulberry32 as mulberry32Float } from "../lib/domain/random";
// A small seeded PRNG (mulberry32): the same seed gives the same data on every machine.
export type Rng = {
  /** a float in [0, 1) */
  next: () => number;
  /** an integer in [min, max] */
  int: (min: number, max: number) => number;
  chance: (p: number) => boolean;
  pick: <T>(items: readonly T[]) => T;
};

export function mulberry32(seed: number): Rng {
  const next = mulberry32Float(seed);
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  return { next, int, chance: (p) => next() < p, pick: (items) => items[Math.floor(next() * items.length)] };
}
