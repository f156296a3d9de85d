/**
 * Encoding one layout: the one place that chooses between the compiled fast path (`fast/`) and
 * the general encoder (`encode.ts`). The fast path takes the plain case (a flat layout, valid
 * values, no extras) and gives the same bytes and spans; anything else runs the general encoder.
 */
import { encodeGeneral } from './encode.js';
import { fastPlan, encodeWithPlan } from './fast/index.js';
import type { CodecContext, EncodeResult, Span, TopExtras } from './limits.js';
import type { Layout } from './layout.js';
import type { StructInput } from './values.js';

/**
 * Encodes `values` over layout `L`: the fast path when it applies, else the general encoder.
 * Never throws on bad values: errors come back as issues (with no bytes), warnings beside the
 * bytes. Server-rule and ignored-field warnings are not included (`encodeRequest` adds them);
 * `clean` says the fast path showed there are none to look for (no rule the decoder checks is
 * broken, every ignored field is zero). The result names the layout.
 */
export function encodeLayout(
  ctx: CodecContext,
  L: Layout,
  values: StructInput,
  extras: TopExtras = {},
  options: { spans?: boolean } = {},
): EncodeResult & { clean: boolean; layout: Layout } {
  if (!extras.varData && extras.padTo === undefined) {
    const plan = fastPlan(L);
    const spans: Span[] | undefined = options.spans === true ? [] : undefined;
    const fast = plan && encodeWithPlan(plan, values, ctx.constant, spans);
    // One object, no wrapper: encodeRequest calls this once per packet (the library's hot path).
    if (fast) return spans ? { bytes: fast.bytes, issues: [], spans, clean: fast.clean, layout: L } : { bytes: fast.bytes, issues: [], clean: fast.clean, layout: L };
  }
  return encodeGeneral(ctx, L, values, extras, options);
}
