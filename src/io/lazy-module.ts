/**
 * A module loaded the first time it is needed, not with the package: `load`
 * is a function around a literal `import('…')` (so bundlers still see it).
 * The load is shared by every caller; a failed one is not kept, so a later
 * call tries again (the platform's loader may still keep its own failure).
 */
export function lazyModule<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | null = null;
  return () =>
    (loading ??= load().catch((e: unknown) => {
      loading = null;
      throw e;
    }));
}
