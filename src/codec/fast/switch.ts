/**
 * The switch for the compiled fast paths (this folder: `plan.ts`, `encode.ts`, `decode.ts`, `generate.ts`).
 * They are on by default; the equivalence check (`bench/equivalence.ts`) turns them off to get
 * the general path's answer for the same input and compare. Exported by `fast/index.ts`, not by the codec's `index.ts`.
 */
export const fastPaths = {
  enabled: true,
  /** With `enabled`: use the generated codecs (`generate.ts`) where they exist, else the plan interpreters. */
  generated: true,
};
