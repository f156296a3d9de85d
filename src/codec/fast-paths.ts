/**
 * The switch for the compiled fast paths (`plan.ts`, `fast-encode.ts`, `fast-decode.ts`).
 * They are on by default; the equivalence check (`bench/equivalence.ts`) turns them off to get
 * the general path's answer for the same input and compare. Not re-exported by `index.ts`.
 */
export const fastPaths = {
  enabled: true,
  /** With `enabled`: use the generated codecs (`plan-gen.ts`) where they exist, else the plan interpreters. */
  generated: true,
};
