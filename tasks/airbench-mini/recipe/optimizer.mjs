// airbench-mini recipe, surface "optimizer": how long to train, in batches of what size, and how each
// batch's gradients move the weights. run.mjs asks the scorer for BATCH_SIZE examples per step, for
// EPOCHS passes over the training set, and may stop sooner (EARLY_STOP); the scorer ends training as
// soon as the test accuracy reaches the gate, so a schedule that gets there in fewer examples wins.

export const EPOCHS = 16; // the schedule's length: the learning rate decays to zero over it
export const BATCH_SIZE = 32;
export const LEARNING_RATE = 0.02;
export const MOMENTUM = 0.9;
export const WEIGHT_DECAY = 0;
export const LABEL_SMOOTHING = 0; // share of each target spread over the other classes
export const EARLY_STOP = 0; // end the schedule once an epoch's training accuracy reaches this (0: never)

// @schedule-begin
export function learningRate(step, totalSteps) {
  return LEARNING_RATE * (1 - step / totalSteps); // linear decay to zero
}
// @schedule-end

/** SGD with heavy-ball momentum and decoupled weight decay; grads are sums over the batch. */
export function createOptimizer(params) {
  const velocity = params.map((p) => new Float32Array(p.length));
  return {
    step(grads, lr, batch) {
      for (let t = 0; t < params.length; t++) {
        const p = params[t];
        const g = grads[t];
        const v = velocity[t];
        for (let i = 0; i < p.length; i++) {
          v[i] = MOMENTUM * v[i] + g[i] / batch;
          p[i] -= lr * (v[i] + WEIGHT_DECAY * p[i]);
        }
      }
    },
  };
}
