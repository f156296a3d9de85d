/**
 * What to say when a name or a value is not what the codec expects: closest names ("did you
 * mean"), packet names that are not in MS-TRP, and numbers written on offset fields. Shared by
 * the JSON path (codec) and the `.tapipkt` checker (language), so both say the same thing.
 */
import type { ItemType } from './layout.js';
import { clipText } from './values.js';

/** Edit distance between two strings, case-insensitive, capped at `max + 1`. */
export function distance(a: string, b: string, max = 8): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  if (Math.abs(s.length - t.length) > max) return max + 1;
  let prev = Array.from({ length: t.length + 1 }, (_, i) => i);
  for (let i = 1; i <= s.length; i++) {
    const cur = [i];
    let best = i;
    for (let j = 1; j <= t.length; j++) {
      const v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (s[i - 1] === t[j - 1] ? 0 : 1));
      cur.push(v);
      if (v < best) best = v;
    }
    if (best > max) return max + 1;
    prev = cur;
  }
  return prev[t.length]!;
}

/**
 * Up to `n` names from `pool` closest to `name`, nearest first; only plausible ones. A name
 * that differs only in case is always the first suggestion (`GetUIDLLName` -> `GetUIDllName`).
 */
export function closest(name: string, pool: Iterable<string>, n = 3): string[] {
  const limit = Math.max(2, Math.floor(name.length / 3));
  const lower = name.toLowerCase();
  return [...pool]
    .map((p) => ({ p, d: p.toLowerCase() === lower ? -1 : distance(name, p, limit) }))
    .filter((x) => x.d <= limit)
    .sort((a, b) => a.d - b.d || a.p.localeCompare(b.p))
    .slice(0, n)
    .map((x) => x.p);
}

/**
 * Requests that public proofs of concept send to tapsrv but MS-TRP does not define, with the
 * Req_Func those PoCs use. Only numbers a public write-up states are listed: the tapsrv
 * "arbitrary DWORD write" chain (HackTricks, Windows local privilege escalation, Telephony
 * tapsrv) registers with LRegisterRequestRecipient (Req_Func 61) and triggers TRequestMakeCall
 * (Req_Func 121). Any other such request is sent the same way with its own number.
 */
export const REQUESTS_OUTSIDE_MS_TRP: ReadonlyMap<string, number> = new Map([
  ['lregisterrequestrecipient', 61],
  ['trequestmakecall', 121],
]);

/** Where a name is written: `.tapipkt` text, a JSON request, or `decode --as`. */
export type HintForm = 'text' | 'json' | 'as';

/** How an author sends (or decodes) a request that has no layout in the catalog. */
export function templateHint(reqFunc: number | undefined, form: HintForm): string {
  const n = reqFunc === undefined ? 'N' : String(reqFunc);
  if (form === 'as') return 'decode it as the bare template: --as TAPI32_MSG';
  return form === 'text'
    ? `send it as the bare template: packet p: TAPI32_MSG { Req_Func = ${n}  Param1 = ... }`
    : `send it as the bare template: {"request": ${n}, "fields": {"Param1": ...}}`;
}

/**
 * The message for a packet name the catalog does not have: the closest names (case-insensitive),
 * or for a request MS-TRP does not define, how to send it with its Req_Func.
 * @param names every layout name of the catalog
 */
export function unknownPacketMessage(name: string, names: Iterable<string>, form: HintForm, what = 'packet type'): { message: string; suggestions: string[] } {
  const shown = clipText(name);
  const known = REQUESTS_OUTSIDE_MS_TRP.get(name.toLowerCase());
  if (known !== undefined) return { message: `unknown ${what} '${shown}': MS-TRP does not define ${shown} (public PoCs send it as Req_Func ${known}); ${templateHint(known, form)}`, suggestions: [] };
  const suggestions = closest(name, names);
  if (suggestions.length) return { message: `unknown ${what} '${shown}'; did you mean ${suggestions[0]}?`, suggestions };
  if (/^[A-Za-z]\w*$/.test(name)) return { message: `unknown ${what} '${shown}' (\`tapipkt catalog\` lists them); for a request MS-TRP does not define, ${templateHint(undefined, form)}`, suggestions: [] };
  return { message: `unknown ${what} '${shown}'`, suggestions: [] };
}

/**
 * Why a number cannot stand for an offset field's value, and the two ways to write what a
 * number usually means there: `null` (an absent item: TAPI_NO_DATA in a request) or a pin
 * (`raw N` in text, `{"raw": N}` in JSON) that writes N into the offset field as is.
 */
export function offsetNumberMessage(field: string, target: ItemType, text: string, form: 'text' | 'json'): string {
  const item =
    target.kind === 'wstr' || target.kind === 'str' ? 'a string in quotes'
      : target.kind === 'guid' ? 'a GUID'
        : target.kind === 'bytes' ? (form === 'text' ? 'hex { ... }' : '{"hex": "..."}')
          : `the ${target.layout} fields in { ... }`;
  const pin = form === 'text' ? `raw ${text}` : `{"raw": ${text}}`;
  const noData = /^(0x0*ffffffff|4294967295|-1)$/i.test(text.replace(/_/g, ''));
  return `${field} is an offset the encoder computes from its item: give the item (${item}), null for an absent item (TAPI_NO_DATA${noData ? `, which is what ${text} means` : ''}), or ${pin} to write ${text} into the offset field as is`;
}
