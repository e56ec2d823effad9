// Counted nouns as people write them: "1 trial", "2 trials".
export const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;

/** A window of trials by seq: "trial 2" for one trial, "trials 2–5" for several. */
export const trialRange = (from: number, to: number) => (from === to ? `trial ${from}` : `trials ${from}–${to}`);
