/**
 * mulberry32: a tiny, fast, seedable PRNG. Deterministic device generation and seeded test
 * runs need the same numbers on every machine; Math.random cannot be seeded.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` random hex digits (upper case) from `random`. */
export function randomHex(random: () => number, count: number): string {
  let text = '';
  while (text.length < count) {
    text += Math.floor(random() * 0x100000000)
      .toString(16)
      .padStart(8, '0');
  }
  return text.slice(0, count).toUpperCase();
}
