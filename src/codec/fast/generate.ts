/**
 * Generated codecs: for each compiled plan (`plan.ts`), one straight-line encoder and one
 * straight-line decoder, generated once as JavaScript source and compiled by the engine. The
 * decoder has a second output for batch callers: the request's JSON text written as bytes
 * (`decodeJson`, with the writers of `json-out.ts`).
 *
 * They do exactly what the plan interpreters do (`encode.ts` fastEncode without spans,
 * `decode.ts` scanCanonical with values) and give up in exactly the same cases, but every
 * offset, width, default, limit and rule is a constant in the code and every field is a local
 * variable: no loop over steps, no switch, no scratch arrays. The profile of the interpreters
 * showed that walking the steps, not the byte work, was most of the time.
 *
 * Safety of the generated source: only numbers from the plan and field names quoted with
 * JSON.stringify reach it (names may come from a user's own `.tapipkt` definitions; quoted, a
 * name is only ever a string literal). Value lists too long to inline are passed in as data.
 * Where code generation is unavailable (a content security policy) or a name is `__proto__`,
 * there is no generated codec and the interpreters run instead.
 */
import { allocBytes, findNul, formatGuid, parseBracedGuid, readAscii, readUtf16, toHex, writeAsciiz, writeUtf16z } from '../bytes.js';
import { LIMITS } from '../limits.js';
import { digits, guidOut, hexOut, jsonLatin1, jsonUtf16, put } from './json-out.js';
import { TAPI_NO_DATA } from '../layout.js';
import { zeros } from './decode.js';
import { bytesOf } from './encode.js';
import { Op, type Plan, type Step, Target } from './plan.js';
import { roomToFill, ruleEntry } from '../rules.js';
import { type ConstLookup, isRawPin, type StructInput, toInt } from '../values.js';

/** A plan's generated encoder and decoder. */
export interface GeneratedCodec {
  /**
   * Encodes `values` (the fast encoder's plain case); undefined when the general encoder must
   * handle it. After a result, `clean` says whether the bytes break no rule the decoder checks
   * and leave every ignored field zero (no warnings at all).
   */
  readonly encode: (values: StructInput, constant: ConstLookup) => Uint8Array | undefined;
  /**
   * Decodes canonical bytes that break no rule into the request's fields (the plan's template
   * keys, in field order); undefined for anything else (the general path decides).
   */
  readonly decode: (b: Uint8Array) => StructInput | undefined;
  /**
   * `decode`, written straight to JSON: the UTF-8 bytes of `JSON.stringify({ packet, fields })`
   * (packet the layout's name, fields what `decode` gives) at `out[w]`; returns the end, or -1
   * where `decode` gives undefined. `out` must have room for `jsonRoom(b.length)` bytes from `w`.
   */
  readonly decodeJson: (b: Uint8Array, out: Uint8Array, w: number) => number;
  /** The most bytes `decodeJson` writes for a packet of `n` bytes. */
  readonly jsonRoom: (n: number) => number;
  /** Set by `encode`: true when its bytes break no rule the decoder checks. */
  clean: boolean;
}

/** What the generated source may call. */
const HELPERS = { allocBytes, bytesOf, digits, findNul, formatGuid, guidOut, hexOut, isRawPin, jsonLatin1, jsonUtf16, parseBracedGuid, put, readAscii, readUtf16, roomToFill, toHex, toInt, writeAsciiz, writeUtf16z, zeros };

/** The plan's generated codec (generated on first use), or undefined where there is none. */
export function codecOf(plan: Plan): GeneratedCodec | undefined {
  if (plan.codec === undefined) plan.codec = generateCodec(plan) ?? null;
  return plan.codec ?? undefined;
}

/** Generates a plan's codec; undefined where code generation is unavailable. */
export function generateCodec(plan: Plan): GeneratedCodec | undefined {
  if (plan.steps.some((s) => s.name === '__proto__')) return undefined;
  const lists: number[][] = [];
  const K: Uint8Array[] = [];
  const body = [encoderSource(plan, lists), decoderSource(plan, lists, 'object', K), decoderSource(plan, lists, 'json', K)].join('\n');
  // Constants, then at most 10 digits per integer, 4 bytes of quotes or braces per field, and 6
  // output bytes per input byte (an escaped character; hex and GUIDs take less).
  const fixedRoom = K.reduce((n, k) => n + k.length, 0) + 14 * plan.steps.length + 2;
  // Function declarations are hoisted, so the object can name them first; `encode` sets its `clean`.
  const src = `"use strict";\nconst codec = { encode, decode, decodeJson, jsonRoom: (n) => ${fixedRoom} + 6 * n, clean: true };\n${body}\nreturn codec;`;
  try {
    const make = new Function('H', 'L', 'G', 'K', src) as (h: typeof HELPERS, l: number[][], g: Uint8Array, k: Uint8Array[]) => GeneratedCodec;
    return make(HELPERS, lists, new Uint8Array(16 * Math.max(1, plan.offsets.length)), K);
  } catch {
    return undefined;
  }
}

const q = (s: string): string => JSON.stringify(s);

/** `p` rounded up to a multiple of 4 counted from the constant `base`. */
const align4 = (p: string, base: number): string => (base === 0 ? `((${p} + 3) & ~3)` : `(${base} + ((${p} - ${base} + 3) & ~3))`);

/**
 * The condition under which value `x` breaks one of step `s`'s value rules, VarData being
 * `varLen` bytes, inlined from the rule table (`../rules.ts` condition); undefined when it has none.
 */
function ruleBreak(s: Step, x: string, varLen: string, lists: number[][]): string | undefined {
  const c = s.valueRules.map((r) => ruleEntry(r).condition!(r, x, varLen, lists));
  return c.length ? c.join(' || ') : undefined;
}

function writeU32(at: string, v: string): string {
  return `out[${at}] = ${v} & 255; out[${at} + 1] = (${v} >>> 8) & 255; out[${at} + 2] = (${v} >>> 16) & 255; out[${at} + 3] = ${v} >>> 24;`;
}

function readInt(s: Step, at: number = s.at): string {
  return s.size === 4
    ? `((b[${at}] | (b[${at + 1}] << 8) | (b[${at + 2}] << 16) | (b[${at + 3}] << 24)) >>> 0)`
    : s.size === 2
      ? `(b[${at}] | (b[${at + 1}] << 8))`
      : `b[${at}]`;
}

/** The encoder: encode.ts fastEncode, unrolled over the plan. */
function encoderSource(plan: Plan, lists: number[][]): string {
  const { steps, offsets } = plan;
  const F = plan.fixedSize;
  const MAX = LIMITS.maxPacketSize;
  const out: string[] = ['function encode(v, C) {', `let n = 0, len = ${F}, x;`];
  // Pass 1: resolve every value and measure VarData.
  steps.forEach((s, i) => {
    const name = q(s.name);
    switch (s.op) {
      case Op.Int:
        out.push(
          `let x${i} = v[${name}];`,
          `if (x${i} === undefined) x${i} = ${s.dflt};`,
          `else {`,
          `  n++;`,
          `  if (typeof x${i} === "number" && Number.isInteger(x${i})) { ${s.size === 4 ? `if (x${i} < 0 && x${i} >= -2147483648) x${i} = x${i} >>> 0;` : ''} }`,
          `  else if (typeof x${i} === "string" || Array.isArray(x${i})) { const r = H.toInt(x${i}, ${s.size}, C); if (!r.ok) return undefined; x${i} = r.value; }`,
          `  else return undefined;`,
          `}`,
          `if (x${i} < 0 || x${i} > ${s.max}) return undefined;`,
        );
        break;
      case Op.Bytes:
        out.push(
          `let x${i} = v[${name}];`,
          `if (x${i} !== undefined) n++;`,
          `if (x${i} === undefined || x${i} === null) x${i} = null;`,
          `else { x${i} = H.bytesOf(x${i}); if (x${i} === undefined || x${i}.length !== ${s.size}) return undefined; }`,
        );
        break;
      case Op.Offset: {
        const j = offsets.indexOf(i);
        const str =
          s.target === Target.Wstr
            ? `z${i} = x${i}.length * 2 + 2;`
            : s.target === Target.Str
              ? `for (let k = 0; k < x${i}.length; k++) if (x${i}.charCodeAt(k) > 255) return undefined; z${i} = x${i}.length + 1;`
              : s.target === Target.Guid
                ? `if (!H.parseBracedGuid(x${i}, G, ${16 * j})) return undefined; z${i} = 16;`
                : 'return undefined;';
        const other = s.target === Target.Guid ? 'return undefined;' : `x${i} = H.bytesOf(x${i}); if (x${i} === undefined) return undefined; z${i} = x${i}.length;`;
        out.push(
          `let x${i} = v[${name}], z${i} = 0;`,
          `if (x${i} !== undefined) n++;`,
          `if (x${i} === undefined || x${i} === null) { ${s.optional ? '' : `if (x${i} === undefined) return undefined; `}x${i} = null; }`,
          `else {`,
          `  if (H.isRawPin(x${i})) return undefined;`,
          `  len = ${align4('len', F)};`,
          `  if (typeof x${i} === "string") { ${str} }`,
          `  else { ${other} }`,
          `  len += z${i};`,
          `  if (len > ${MAX}) return undefined;`,
          `}`,
        );
        break;
      }
      default:
        // Computed fields: a raw pin needs the general encoder; any other value is ignored there too.
        out.push(`x = v[${name}];`, `if (x !== undefined) { n++; if (typeof x === "object" && x !== null) return undefined; }`);
    }
  });
  // Unknown names: the general encoder rejects them (the same count as encode.ts).
  out.push('if (Object.keys(v).length !== n || Object.getPrototypeOf(v) !== Object.prototype) return undefined;');
  // Room the encoder zero-fills (encode.ts: output buffer sizes add up; room no packet can give is not filled).
  const rooms = plan.roomSteps.map((i) => `x${i}`);
  if (rooms.length || plan.minVarData > 0) {
    out.push(
      `const room = H.roomToFill(${plan.minVarData}, ${rooms.length ? rooms.join(' + ') : '0'}, ${F});`,
      `if (len - ${F} < room) len = ${F} + room;`,
    );
  }
  const usesVarTrue = steps.some((s) => s.op === Op.VarSize);
  if (usesVarTrue) out.push(`const varTrue = len - ${F};`);
  out.push(`const total = ${align4('len', 0)};`, `if (total > ${MAX}) return undefined;`);
  // Pass 2: write, and check the value rules on what is written.
  out.push('const out = H.allocBytes(total);', `const varLen = total - ${F};`, 'let clean = true;');
  steps.forEach((s, i) => {
    const brk = (x: string): void => {
      const c = s.checked ? ruleBreak(s, x, 'varLen', lists) : undefined;
      if (c) out.push(`if (${c}) clean = false;`);
    };
    switch (s.op) {
      case Op.Int:
        brk(`x${i}`);
        if (s.ignored) out.push(`if (x${i} !== 0) clean = false;`);
        if (s.size === 4) out.push(writeU32(String(s.at), `x${i}`));
        else if (s.size === 2) out.push(`out[${s.at}] = x${i} & 255; out[${s.at + 1}] = x${i} >>> 8;`);
        else out.push(`out[${s.at}] = x${i};`);
        break;
      case Op.Bytes:
        out.push(`if (x${i} !== null) out.set(x${i}, ${s.at});`);
        break;
      case Op.Total:
        out.push(writeU32(String(s.at), 'total'));
        brk('total');
        break;
      case Op.VarSize:
        out.push(writeU32(String(s.at), 'varTrue'));
        brk('varTrue');
        break;
      case Op.Size: {
        // 0 unless an item sets it below.
        const item = offsets.find((o) => steps[o]!.sizeStep === i);
        brk(item === undefined ? '0' : `(x${item} !== null ? z${item} : 0)`);
        break;
      }
    }
  });
  out.push(`let p = ${F};`);
  offsets.forEach((i, j) => {
    const s = steps[i]!;
    const write =
      s.target === Target.Wstr
        ? `p = H.writeUtf16z(out, p, x${i});`
        : s.target === Target.Str
          ? `p = H.writeAsciiz(out, p, x${i});`
          : s.target === Target.Guid
            ? `for (let k = 0; k < 16; k++) out[p + k] = G[${16 * j} + k]; p += 16;`
            : '';
    out.push(
      `if (x${i} === null) { ${writeU32(String(s.at), String(TAPI_NO_DATA))}${s.optional ? '' : ' clean = false;'} }`,
      `else {`,
      `  if (z${i} === 0) clean = false;`,
      `  p = ${align4('p', F)};`,
      `  ${writeU32(String(s.at), `(p - ${F})`)}`,
      s.sizeStep >= 0 ? `  ${writeU32(String(steps[s.sizeStep]!.at), `z${i}`)}` : '',
      `  if (typeof x${i} === "string") { ${write} }`,
      `  else { out.set(x${i}, p); p += x${i}.length; }`,
      `}`,
    );
  });
  out.push('codec.clean = clean;', 'return out;', '}');
  return out.join('\n');
}

/**
 * The decoder: decode.ts scanCanonical with values, unrolled over the plan. To the fields
 * object (`decode(b)`), or (`decodeJson(b, out, w)`) straight to the bytes of
 * `JSON.stringify({ packet, fields })` at `out[w]`, returning the end, or -1 where `decode`
 * gives undefined. `K` collects the JSON output's constant byte strings.
 */
function decoderSource(plan: Plan, lists: number[][], to: 'object' | 'json', K: Uint8Array[]): string {
  const { steps, offsets } = plan;
  const F = plan.fixedSize;
  const json = to === 'json';
  const out: string[] = [json ? 'function decodeJson(b, out, w) {' : 'function decode(b) {', 'const len = b.length;', `if (len < ${F}) return undefined;`, `const varLen = len - ${F};`];
  // Fixed part: value rules.
  steps.forEach((s, i) => {
    if (s.op === Op.Bytes) {
      if (!json) out.push(`const x${i} = { hex: H.toHex(b.subarray(${s.at}, ${s.at + s.size})) };`);
    }
    else if (s.op !== Op.Offset) {
      out.push(`const x${i} = ${readInt(s)};`);
      const c = s.checked ? ruleBreak(s, `x${i}`, 'varLen', lists) : undefined;
      if (c) out.push(`if (${c}) return undefined;`);
    }
  });
  if (plan.minVarData > 0) out.push(`if (varLen < ${plan.minVarData}) return undefined;`);
  // VarData: every item where the encoder would put it.
  out.push(`let exp = ${F};`);
  const seen = new Map<number, string>();
  for (const i of offsets) {
    const s = steps[i]!;
    if (s.sizeStep >= 0) {
      seen.set(s.sizeStep, `s${s.sizeStep}`);
      out.push(`let s${s.sizeStep} = 0;`);
    }
  }
  for (const i of offsets) {
    const s = steps[i]!;
    const sv = s.sizeStep >= 0 ? `x${s.sizeStep}` : undefined;
    const limit = sv ? `Math.min(len, pos + ${sv})` : 'len';
    // The item's value; for JSON, only where it lies (a${i}, e${i}: start and end, a${i} < 0 for none).
    let item: string;
    switch (s.target) {
      case Target.Wstr:
        item = `const q = H.findNul(b, pos, ${limit}, 2); if (q < 0) return undefined; ${json ? `a${i} = pos; e${i} = q;` : `x${i} = H.readUtf16(b, pos, q);`} end = q + 2;`;
        break;
      case Target.Str:
        item = `const q = H.findNul(b, pos, ${limit}, 1); if (q < 0) return undefined; ${json ? `a${i} = pos; e${i} = q;` : `x${i} = H.readAscii(b, pos, q);`} end = q + 1;`;
        break;
      case Target.Guid:
        item = `if (pos + 16 > len) return undefined; ${json ? `a${i} = pos;` : `x${i} = H.formatGuid(b, pos);`} end = pos + 16;`;
        break;
      default:
        item = `end = Math.min(len, pos + ${sv ?? '0'}); ${json ? `a${i} = pos; e${i} = end;` : `x${i} = { hex: H.toHex(b.subarray(pos, end)) };`}`;
    }
    out.push(
      json ? `let a${i} = -1, e${i} = 0;` : `let x${i} = null;`,
      `{`,
      `  const o = ${readInt(s)};`,
      `  if (o === ${TAPI_NO_DATA}) { ${s.optional ? '' : 'return undefined;'} }`,
      `  else {`,
      s.align !== 0 ? `    if (o % ${s.align} !== 0) return undefined;` : '',
      `    if (o >= varLen) return undefined;`,
      `    const pos = ${F} + o;`,
      sv ? `    if (pos + ${sv} > len) return undefined;` : '',
      `    const at = ${align4('exp', F)};`,
      `    if (pos !== at || !H.zeros(b, exp, at)) return undefined;`,
      `    let end;`,
      `    ${item}`,
      sv ? `    if (${sv} !== end - pos) return undefined; s${s.sizeStep} = ${sv};` : '',
      `    exp = end;`,
      `  }`,
      `}`,
    );
  }
  // Room the encoder zero-fills, then the final padding to a multiple of 4.
  const rooms = plan.roomSteps.map((i) => `x${i}`);
  if (rooms.length || plan.minVarData > 0) {
    out.push(
      `const room = H.roomToFill(${plan.minVarData}, ${rooms.length ? rooms.join(' + ') : '0'}, ${F});`,
      `if (exp - ${F} < room) { if (${F} + room > len || !H.zeros(b, exp, ${F} + room)) return undefined; exp = ${F} + room; }`,
    );
  }
  out.push(`const total = ${align4('exp', 0)};`, 'if (len !== total || !H.zeros(b, exp, total)) return undefined;');
  // Computed fields hold what the encoder computes.
  steps.forEach((s, i) => {
    if (s.op === Op.Size) out.push(`if (x${i} !== ${seen.get(i) ?? '0'}) return undefined;`);
    else if (s.op === Op.Total) out.push(`if (x${i} !== total) return undefined;`);
    else if (s.op === Op.VarSize) out.push(`if (x${i} !== exp - ${F}) return undefined;`);
  });
  if (!json) {
    const kept = steps.flatMap((s, i) => (s.name in plan.template ? [`${q(s.name)}: x${i}`] : []));
    out.push(`return { ${kept.join(', ')} };`, '}');
    return out.join('\n');
  }
  // JSON.stringify({ packet, fields }): the fields in the template's order. Constant text is
  // written by unrolled stores (a copy loop per piece cost more than the rest of the line).
  const put = (text: string): string => {
    const bytes = utf8(text);
    K.push(bytes); // counted in jsonRoom
    if (bytes.length > 64) return `w = H.put(out, w, K[${K.length - 1}]);`;
    return Array.from(bytes, (v, i) => `out[w + ${i}] = ${v};`).join(' ') + ` w += ${bytes.length};`;
  };
  out.push(put(`{"packet":${q(plan.layout.name)},"fields":{`));
  let first = true;
  steps.forEach((s, i) => {
    if (!(s.name in plan.template)) return;
    const key = `${first ? '' : ','}${q(s.name)}:`;
    first = false;
    const hex = (from: string, to: string): string => `${put(`${key}{"hex":"`)} w = H.hexOut(out, w, b, ${from}, ${to}); out[w++] = 34; out[w++] = 125;`;
    if (s.op === Op.Int) out.push(`${put(key)} w = H.digits(out, w, x${i});`);
    else if (s.op === Op.Bytes) out.push(hex(String(s.at), String(s.at + s.size)));
    else if (s.target === Target.Bytes) out.push(`if (a${i} < 0) { ${put(key + 'null')} } else { ${hex(`a${i}`, `e${i}`)} }`);
    else {
      const text =
        s.target === Target.Wstr ? `H.jsonUtf16(out, w, b, a${i}, e${i})` : s.target === Target.Str ? `H.jsonLatin1(out, w, b, a${i}, e${i})` : `H.guidOut(out, w, b, a${i})`;
      out.push(put(key), `if (a${i} < 0) { ${put('null')} } else { out[w++] = 34; w = ${text}; out[w++] = 34; }`);
    }
  });
  out.push('out[w++] = 125; out[w++] = 125;', 'return w;', '}');
  return out.join('\n').replaceAll('return undefined;', 'return -1;');
}

/** UTF-8 bytes of a well-formed string (JSON.stringify output: lone surrogates are escaped). */
function utf8(text: string): Uint8Array {
  const bytes: number[] = [];
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) bytes.push(c);
    else if (c < 0x800) bytes.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) bytes.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else bytes.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return Uint8Array.from(bytes);
}
