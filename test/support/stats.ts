/** Figures for the benchmarks. */

/** The middle value (for an even count, the upper of the two middle ones). */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}
