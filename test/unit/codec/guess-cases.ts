/**
 * Buffers aimed at decode's layout guess (issue 11): every Req_Func and Msg of the catalog at
 * several sizes, TotalSize/Req_Func collisions (bytes 0..3 equal to a Req_Func and to the
 * length), Msg 0x0C at every size from 40 to 300, wrong TotalSize, and truncations of encoded
 * catalog requests. Deterministic, so a failure names a buffer that can be replayed.
 */
import fc from 'fast-check';
import { encodeRequest, type Layout } from '../../../src/codec/index.js';
import { requestFor } from '../../fuzz/gen-values.js';
import { index } from '../helpers.js';

/** A buffer of n bytes: u32 words from `fill`, then the given words set at their byte offsets. */
export function words(n: number, set: Record<number, number>, fill: (i: number) => number = () => 0): Uint8Array {
  const b = new Uint8Array(n);
  const dv = new DataView(b.buffer);
  for (let o = 0; o + 4 <= n; o += 4) dv.setUint32(o, fill(o) >>> 0, true);
  for (const [o, v] of Object.entries(set)) if (Number(o) + 4 <= n) dv.setUint32(Number(o), v >>> 0, true);
  return b;
}

/** A small deterministic PRNG, so "random" words are the same on every run. */
function prng(seed: number): (i: number) => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s;
  };
}

const requests = index.catalog.layouts.filter((L) => L.kind === 'request' && L.reqFunc !== undefined);
const responses = index.catalog.layouts.filter((L) => L.kind === 'response' && L.msg !== undefined);
const reqFuncs = [...new Set(requests.map((L) => L.reqFunc!))];
const msgs = [...new Set(responses.map((L) => L.msg!))];

/** One named buffer. */
export interface GuessCase {
  what: string;
  bytes: Uint8Array;
}

/** Every Req_Func at the sizes that matter: 40, 44, its fixed size - 4, its fixed size, + 4. */
function byReqFunc(): GuessCase[] {
  const out: GuessCase[] = [];
  for (const L of requests) {
    for (const n of new Set([40, 44, 56, 60, L.fixedSize - 4, L.fixedSize, L.fixedSize + 4, L.fixedSize + 7])) {
      if (n < 40) continue;
      out.push({ what: `Req_Func ${L.reqFunc} (${L.name}), ${n} zero-filled bytes`, bytes: words(n, { 0: L.reqFunc! }) });
      out.push({ what: `Req_Func ${L.reqFunc} (${L.name}), ${n} random bytes`, bytes: words(n, { 0: L.reqFunc! }, prng(L.reqFunc! * 1000 + n)) });
    }
  }
  return out;
}

/** Every Msg, with TotalSize right and wrong, at 40, the fixed sizes of its layouts and a few more. */
function byMsg(): GuessCase[] {
  const out: GuessCase[] = [];
  for (const m of msgs) {
    const sizes = new Set([40, 44, 48, 52, 72]);
    for (const L of responses) if (L.msg === m) for (const d of [0, 4, 6]) sizes.add(L.fixedSize + d);
    for (const n of sizes) {
      for (const total of [n, 0, 0xff, n + 4, 0xffffffff]) out.push({ what: `Msg 0x${m.toString(16)}, TotalSize ${total}, ${n} bytes`, bytes: words(n, { 0: total, 16: m }) });
      out.push({ what: `Msg 0x${m.toString(16)}, ${n} random bytes`, bytes: words(n, { 0: n, 16: m }, prng(m * 7919 + n)) });
    }
  }
  return out;
}

/** Bytes 0..3 equal to a Req_Func and to the length, with and without a known Msg at 16. */
function collisions(): GuessCase[] {
  const out: GuessCase[] = [];
  for (const rf of reqFuncs) {
    if (rf < 40) continue;
    // LINE_REPLY and PHONE_REPLY (shared by completions), Msg 0 (what a zero Param3 reads as), a spare Msg, an unknown one.
    for (const m of [0x0c, 0x11, 0, msgs[(rf * 7) % msgs.length]!, 0xee]) out.push({ what: `TotalSize = Req_Func = ${rf}, Msg 0x${m.toString(16)}`, bytes: words(rf, { 0: rf, 16: m }) });
    out.push({ what: `TotalSize = Req_Func = ${rf}, random`, bytes: words(rf, { 0: rf }, prng(rf)) });
  }
  return out;
}

/** Msg 0x0C (LINE_REPLY and the completions) at every size from 40 to 300. */
function lineReplySizes(): GuessCase[] {
  const out: GuessCase[] = [];
  for (let n = 40; n <= 300; n++) {
    out.push({ what: `Msg 0x0C, ${n} zero bytes`, bytes: words(n, { 0: n, 16: 0x0c }) });
    out.push({ what: `Msg 0x0C, ${n} bytes, dwSize = VarData length`, bytes: words(n, { 0: n, 16: 0x0c, 24: 5, 36: Math.max(0, n - 40) }) });
    out.push({ what: `Msg 0x0C, ${n} random bytes`, bytes: words(n, { 0: n, 16: 0x0c }, prng(n)) });
  }
  return out;
}

/** Encoded catalog requests (a few random valid values each), cut at every length from 40. */
function truncations(): GuessCase[] {
  const out: GuessCase[] = [];
  for (const L of requests) {
    const [req] = fc.sample(requestFor([L as Layout]), { numRuns: 1, seed: L.reqFunc! });
    const full = req ? encodeRequest(index, req).bytes : undefined;
    if (!full) continue;
    // Every length around the template sizes (40, 60), then every 7th (aligned and not).
    for (let n = 40; n < full.length; n += n < 64 ? 1 : 7) out.push({ what: `${L.name} encoded (${full.length} bytes) cut to ${n}`, bytes: full.slice(0, n) });
  }
  return out;
}

/** The adversarial set. */
export function guessCases(): GuessCase[] {
  return [...byReqFunc(), ...byMsg(), ...collisions(), ...lineReplySizes(), ...truncations()];
}
