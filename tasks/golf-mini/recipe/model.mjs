// golf-mini recipe, surface "model": how the next byte is predicted from the bytes before it.
// The evaluator calls train(bytes) once, then predict(model, bytes, i, out), which must fill
// out[0..255] with a probability distribution over the byte at position i.

export const ORDER = 1; // bytes of context the prediction conditions on
const ALPHA = 1; // add-alpha smoothing: every byte value gets this pseudo-count

/** Counts each byte after its contexts: tables[k] maps an order-k context (previous k bytes) to counts. */
export function train(bytes) {
  const tables = [];
  for (let k = 0; k <= ORDER; k++) tables.push(new Map());
  for (let i = 0; i < bytes.length; i++) {
    let key = 0;
    for (let k = 0; k <= ORDER && k <= i; k++) {
      if (k > 0) key = key * 256 + bytes[i - k];
      if (k !== ORDER) continue; // only the full-length context is counted
      let successors = tables[k].get(key);
      if (!successors) tables[k].set(key, (successors = new Map()));
      successors.set(bytes[i], (successors.get(bytes[i]) ?? 0) + 1);
    }
  }
  return { order: ORDER, tables };
}

// @predict-begin
export function predict(model, bytes, i, out) {
  let key = 0;
  for (let k = 1; k <= model.order && k <= i; k++) key = key * 256 + bytes[i - k];
  const successors = model.order <= i ? model.tables[model.order].get(key) : undefined;
  let total = 0;
  if (successors) for (const c of successors.values()) total += c;
  out.fill(ALPHA / (total + 256 * ALPHA));
  if (successors) for (const [b, c] of successors) out[b] = (c + ALPHA) / (total + 256 * ALPHA);
}
// @predict-end
