/**
 * Bytes for the decoder: random bytes, valid encodings with hostile edits (truncated, offsets
 * past the end, overlapping and circular offsets, sizes of 0xFFFFFFFF, nested structures that
 * point at themselves), and headers of every catalog layout over random bodies.
 */
import fc from 'fast-check';
import { encodeRequest } from '../../src/codec/index.js';
import { index, packetLayouts } from './env.js';
import { requestFor } from './gen-values.js';

/** u32 values that break offset and size arithmetic. */
const EVIL = [0, 1, 2, 3, 4, 0x10, 0x28, 0x3c, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff, 0xffff, 0x10000];

/** A valid encoding of a random catalog packet. */
export const validPacket: fc.Arbitrary<Uint8Array> = requestFor(packetLayouts).map((req) => encodeRequest(index, req).bytes ?? new Uint8Array(0));

/** One hostile edit. */
const byteEdit = fc.oneof(
  fc.record({ op: fc.constant('u32' as const), at: fc.nat(), v: fc.oneof(fc.constantFrom(...EVIL), fc.nat({ max: 400 }), fc.integer({ min: 0, max: 0xffffffff })) }),
  fc.record({ op: fc.constant('self' as const), at: fc.nat(), back: fc.nat({ max: 64 }) }),
  fc.record({ op: fc.constant('byte' as const), at: fc.nat(), v: fc.nat({ max: 255 }) }),
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('extend' as const), tail: fc.uint8Array({ maxLength: 64 }) }),
  fc.record({ op: fc.constant('total' as const), delta: fc.integer({ min: -8, max: 8 }) }),
);
type ByteEdit = typeof byteEdit extends fc.Arbitrary<infer T> ? T : never;

function applyByteEdit(b: Uint8Array, e: ByteEdit): Uint8Array {
  const n = b.length;
  const at4 = (at: number): number => (n >= 4 ? (at % Math.floor(n / 4)) * 4 : 0);
  const put = (out: Uint8Array, o: number, v: number): void => {
    if (o + 4 > out.length) return;
    out[o] = v & 0xff;
    out[o + 1] = (v >>> 8) & 0xff;
    out[o + 2] = (v >>> 16) & 0xff;
    out[o + 3] = (v >>> 24) & 0xff;
  };
  switch (e.op) {
    case 'u32': {
      const out = b.slice();
      put(out, at4(e.at), e.v >>> 0);
      return out;
    }
    case 'self': {
      // An offset that points back at (or just before) its own field: circular references.
      const out = b.slice();
      const o = at4(e.at);
      put(out, o, Math.max(0, o - e.back));
      return out;
    }
    case 'byte': {
      if (n === 0) return b;
      const out = b.slice();
      out[e.at % n] = e.v;
      return out;
    }
    case 'truncate':
      return b.slice(0, n ? e.at % n : 0);
    case 'extend': {
      const out = new Uint8Array(n + e.tail.length);
      out.set(b);
      out.set(e.tail, n);
      return out;
    }
    case 'total': {
      const out = b.slice();
      put(out, 0, Math.max(0, n + e.delta));
      return out;
    }
  }
}

/** A valid packet with 1-6 hostile edits. */
export const mutatedPacket: fc.Arbitrary<Uint8Array> = fc
  .tuple(validPacket, fc.array(byteEdit, { minLength: 1, maxLength: 6 }))
  .map(([b, edits]) => edits.reduce(applyByteEdit, b));

/** The header of a random catalog layout (Req_Func, or TotalSize + Msg) over evil u32s. */
export const headerPacket: fc.Arbitrary<Uint8Array> = fc
  .tuple(fc.nat({ max: packetLayouts.length - 1 }), fc.array(fc.oneof(fc.constantFrom(...EVIL), fc.nat({ max: 300 })), { minLength: 10, maxLength: 80 }))
  .map(([i, words]) => {
    const L = packetLayouts[i]!;
    const out = new Uint8Array(words.length * 4);
    const dv = new DataView(out.buffer);
    words.forEach((w, k) => dv.setUint32(k * 4, w >>> 0, true));
    if (L.kind === 'request' && L.reqFunc !== undefined) dv.setUint32(0, L.reqFunc, true);
    if (L.kind === 'response') {
      dv.setUint32(0, out.length, true);
      if (L.msg !== undefined && out.length >= 20) dv.setUint32(16, L.msg, true);
    }
    return out;
  });

const reqFuncs = [...index.byReqFunc.keys()];
const msgs = [...index.byMsg.keys()];

/**
 * Bytes aimed at the layout guess (issue 11): bytes 0..3 a Req_Func, the length, both at once
 * (a collision), or neither; a known Msg at 16 or not; any length from 40 (Msg 0x0C has 26
 * layouts); random words or zeros after.
 */
export const guessPacket: fc.Arbitrary<Uint8Array> = fc
  .record({
    n: fc.integer({ min: 40, max: 320 }),
    first: fc.oneof(fc.constantFrom('length', 'collision', 'wrong'), fc.constantFrom(...reqFuncs)),
    msg: fc.oneof(fc.constantFrom(0x0c, 0x11), fc.constantFrom(...msgs), fc.nat({ max: 0xffffffff })),
    body: fc.oneof(fc.constant(undefined), fc.array(fc.oneof(fc.constantFrom(...EVIL), fc.nat({ max: 300 })), { minLength: 1, maxLength: 80 })),
  })
  .map(({ n, first, msg, body }) => {
    const collide = reqFuncs.filter((r) => r >= 40);
    const len = first === 'collision' ? collide[n % collide.length]! : n;
    const out = new Uint8Array(len);
    const dv = new DataView(out.buffer);
    if (body) for (let o = 0; o + 4 <= len; o += 4) dv.setUint32(o, body[(o / 4) % body.length]! >>> 0, true);
    dv.setUint32(0, first === 'length' || first === 'collision' ? len : first === 'wrong' ? (len * 7 + 1) >>> 0 : first, true);
    dv.setUint32(16, msg >>> 0, true);
    return out;
  });

/** Any bytes the decoder may be handed. */
export const anyBytes: fc.Arbitrary<Uint8Array> = fc.oneof(
  { weight: 2, arbitrary: fc.uint8Array({ maxLength: 200 }) },
  { weight: 3, arbitrary: validPacket },
  { weight: 8, arbitrary: mutatedPacket },
  { weight: 5, arbitrary: headerPacket },
  { weight: 4, arbitrary: guessPacket },
);
