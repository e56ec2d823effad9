// airbench-mini recipe, surface "data": what is done to each training batch before the network sees
// it (test images are never augmented). Images are side × side grey pixels, row by row.

export const SHIFT = 0; // random translation of each training image by up to this many pixels
export const NOISE = 0; // standard deviation of pixel noise added to training images
export const CONTRAST = 0; // each training image's contrast is scaled by 1 ± up to this

export function augment(images, n, side, rand) {
  const pixels = side * side;
  const copy = new Float32Array(pixels);
  for (let s = 0; s < n; s++) {
    const img = images.subarray(s * pixels, (s + 1) * pixels);
    if (SHIFT > 0) {
      copy.set(img);
      const dx = Math.floor(rand() * (2 * SHIFT + 1)) - SHIFT;
      const dy = Math.floor(rand() * (2 * SHIFT + 1)) - SHIFT;
      for (let y = 0; y < side; y++)
        for (let x = 0; x < side; x++) {
          const sx = Math.min(side - 1, Math.max(0, x - dx));
          const sy = Math.min(side - 1, Math.max(0, y - dy));
          img[y * side + x] = copy[sy * side + sx];
        }
    }
    const scale = CONTRAST > 0 ? 1 + (rand() * 2 - 1) * CONTRAST : 1;
    for (let i = 0; i < pixels; i++) img[i] = img[i] * scale + (NOISE > 0 ? NOISE * (rand() + rand() + rand() - 1.5) * 2 : 0);
  }
}
