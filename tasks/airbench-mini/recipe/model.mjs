// airbench-mini recipe, surface "architecture": the network. run.mjs calls createModel once, then per
// batch forward(x, n) (logits for n images) and backward(dlogits, n) (gradients into grads, which
// run.mjs clears), and hands params and grads to the optimizer.

export const WIDTH = 16; // hidden units
const INIT_SCALE = 1; // multiplies the He-uniform initial weights

export function createModel(inputs, classes, rand) {
  const w1 = new Float32Array(WIDTH * inputs).map(() => (rand() * 2 - 1) * INIT_SCALE * Math.sqrt(6 / inputs));
  const b1 = new Float32Array(WIDTH);
  const w2 = new Float32Array(classes * WIDTH).map(() => (rand() * 2 - 1) * INIT_SCALE * Math.sqrt(6 / WIDTH));
  const b2 = new Float32Array(classes);
  const params = [w1, b1, w2, b2];
  const grads = params.map((p) => new Float32Array(p.length));
  let x;
  let hidden = new Float32Array(0);
  let logits = new Float32Array(0);

  // @forward-begin
  function forward(input, n) {
    x = input;
    if (hidden.length < n * WIDTH) (hidden = new Float32Array(n * WIDTH)), (logits = new Float32Array(n * classes));
    for (let s = 0; s < n; s++) {
      const xo = s * inputs;
      for (let j = 0; j < WIDTH; j++) {
        let a = b1[j];
        const wo = j * inputs;
        for (let i = 0; i < inputs; i++) a += w1[wo + i] * x[xo + i];
        hidden[s * WIDTH + j] = a > 0 ? a : 0; // ReLU
      }
      for (let k = 0; k < classes; k++) {
        let a = b2[k];
        const wo = k * WIDTH;
        for (let j = 0; j < WIDTH; j++) a += w2[wo + j] * hidden[s * WIDTH + j];
        logits[s * classes + k] = a;
      }
    }
    return logits;
  }
  // @forward-end

  function backward(dlogits, n) {
    const [g1, gb1, g2, gb2] = grads;
    const dh = new Float32Array(WIDTH);
    for (let s = 0; s < n; s++) {
      dh.fill(0);
      for (let k = 0; k < classes; k++) {
        const d = dlogits[s * classes + k];
        if (d === 0) continue;
        gb2[k] += d;
        const wo = k * WIDTH;
        for (let j = 0; j < WIDTH; j++) {
          g2[wo + j] += d * hidden[s * WIDTH + j];
          dh[j] += d * w2[wo + j];
        }
      }
      const xo = s * inputs;
      for (let j = 0; j < WIDTH; j++) {
        if (hidden[s * WIDTH + j] <= 0) continue;
        const d = dh[j];
        gb1[j] += d;
        const wo = j * inputs;
        for (let i = 0; i < inputs; i++) g1[wo + i] += d * x[xo + i];
      }
    }
  }

  return { params, grads, forward, backward };
}
