// golf-mini recipe, surface "codec": how the trained model is stored in the artifact. The evaluator
// scores the model that decode(encode(model)) gives back, so only what is stored counts.

const MIN_COUNT = 1; // counts below this are dropped when stored

// @codec-begin
export function encode(model) {
  const tables = model.tables.map((table) => {
    const rows = [];
    for (const [key, successors] of table) {
      const kept = [...successors].filter(([, c]) => c >= MIN_COUNT);
      if (kept.length > 0) rows.push([key, kept]);
    }
    return rows;
  });
  return Buffer.from(JSON.stringify({ order: model.order, tables }));
}

export function decode(buffer) {
  const stored = JSON.parse(buffer.toString());
  return {
    order: stored.order,
    tables: stored.tables.map((rows) => new Map(rows.map(([key, kept]) => [key, new Map(kept)]))),
  };
}
// @codec-end
