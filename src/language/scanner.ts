/**
 * The `.tapipkt` scanner. It never throws: every character becomes part of some token, and
 * malformed input becomes an `error` token that the parser reports once.
 */

/** Token kinds. */
export type TokenKind =
  | 'ident'
  | 'number'
  | 'string'
  | 'guid'
  | 'hexbody'
  | 'doc'
  | 'punct'
  | 'error'
  | 'eof';

/** One token; `start`/`end` are character offsets into the text. */
export interface Token {
  kind: TokenKind;
  text: string;
  start: number;
  end: number;
  /** For strings: the unescaped value. For errors: what is wrong. Always set (undefined
   * otherwise), so every token has one shape. */
  value: string | undefined;
}

/** A comment (kept for folding and highlighting; doc comments are tokens). */
export interface Comment {
  start: number;
  end: number;
  block: boolean;
}

/** The one-character punctuators by character code (`..` is the only two-character one). */
const PUNCT1: (string | undefined)[] = [];
for (const p of ['{', '}', '(', ')', '<', '>', ':', '=', '|', '?', '@', ',', '[', ']', '.', ';']) PUNCT1[p.charCodeAt(0)] = p;
const GUID_AT = /\{[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\}/y;

function isIdentStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}
function isIdentPart(c: number): boolean {
  return isIdentStart(c) || (c >= 48 && c <= 57);
}
function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** A hex digit or `_` (digit separator), by code unit: what follows `0x` in a number. */
function isHexPart(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102) || c === 95;
}

/** Scans the whole text into tokens (ending with `eof`) and comments. */
export function scan(text: string): { tokens: Token[]; comments: Comment[] } {
  const tokens: Token[] = [];
  const comments: Comment[] = [];
  const n = text.length;
  let i = 0;
  /** Set when the next `{` opens a hex body (after `hex`, `decode` or `decode Name`). */
  let hexNext = false;
  let prevIdent = '';
  let prev2Ident = '';
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13 || c === 0xfeff) {
      i++;
      continue;
    }
    const start = i;
    if (c === 47 /* / */ && text.charCodeAt(i + 1) === 47) {
      let e = text.indexOf('\n', i);
      if (e < 0) e = n;
      if (text.charCodeAt(i + 2) === 47 && text.charCodeAt(i + 3) !== 47) {
        tokens.push({ kind: 'doc', text: text.slice(i, e), start, end: e, value: text.slice(i + 3, e).replace(/\r$/, '').trim() });
      } else comments.push({ start, end: e, block: false });
      i = e;
      continue;
    }
    if (c === 47 && text.charCodeAt(i + 1) === 42 /* * */) {
      const e = text.indexOf('*/', i + 2);
      if (e < 0) {
        tokens.push({ kind: 'error', text: text.slice(i), start, end: n, value: 'unterminated block comment' });
        i = n;
      } else {
        comments.push({ start, end: e + 2, block: true });
        i = e + 2;
      }
      continue;
    }
    if (c === 123 /* { */) {
      if (hexNext) {
        hexNext = false;
        const e = text.indexOf('}', i + 1);
        const end = e < 0 ? n : e;
        tokens.push({ kind: 'punct', text: '{', start, end: start + 1, value: undefined });
        tokens.push({ kind: 'hexbody', text: text.slice(i + 1, end), start: i + 1, end, value: undefined });
        if (e < 0) tokens.push({ kind: 'error', text: '', start: n, end: n, value: "hex block is not closed with '}'" });
        else tokens.push({ kind: 'punct', text: '}', start: e, end: e + 1, value: undefined });
        i = e < 0 ? n : e + 1;
        continue;
      }
      GUID_AT.lastIndex = i;
      if (GUID_AT.test(text)) {
        const end = GUID_AT.lastIndex;
        tokens.push({ kind: 'guid', text: text.slice(i, end), start, end, value: undefined });
        i = end;
        continue;
      }
    }
    if (isIdentStart(c)) {
      let e = i + 1;
      while (e < n && isIdentPart(text.charCodeAt(e))) e++;
      const word = text.slice(i, e);
      tokens.push({ kind: 'ident', text: word, start, end: e, value: undefined });
      if (word === 'hex' || word === 'decode') hexNext = true;
      // `decode Name {`, and `decode reply Name {` (a session step's reply): the brace opens hex.
      else if (!(hexNext && (prevIdent === 'decode' || (prevIdent === 'reply' && prev2Ident === 'decode')))) hexNext = false;
      prev2Ident = prevIdent;
      prevIdent = word;
      i = e;
      continue;
    }
    prevIdent = '';
    prev2Ident = '';
    if (isDigit(c) || (c === 45 /* - */ && isDigit(text.charCodeAt(i + 1)))) {
      let e = i + 1;
      if (c === 48 && (text.charCodeAt(i + 1) === 120 || text.charCodeAt(i + 1) === 88)) {
        e = i + 2;
        while (e < n && isHexPart(text.charCodeAt(e))) e++;
      } else while (e < n && (isDigit(text.charCodeAt(e)) || text.charCodeAt(e) === 95)) e++;
      // A number glued to letters (`12ab`) is one bad token, reported once.
      let bad = false;
      while (e < n && isIdentPart(text.charCodeAt(e))) {
        e++;
        bad = true;
      }
      const t = text.slice(i, e);
      if (bad || t === '0x' || t === '-0x') tokens.push({ kind: 'error', text: t, start, end: e, value: `'${t}' is not a number` });
      else tokens.push({ kind: 'number', text: t, start, end: e, value: undefined });
      hexNext = false;
      i = e;
      continue;
    }
    if (c === 34 /* " */) {
      let e = i + 1;
      let value = '';
      let closed = false;
      let bad: string | undefined;
      while (e < n) {
        const d = text.charCodeAt(e);
        if (d === 34) {
          closed = true;
          e++;
          break;
        }
        if (d === 10) break;
        if (d === 92 /* \ */) {
          const x = text[e + 1];
          if (x === 'n') value += '\n';
          else if (x === 't') value += '\t';
          else if (x === 'r') value += '\r';
          else if (x === '0') value += '\0';
          else if (x === '"' || x === '\\') value += x;
          else if (x === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(e + 2, e + 6))) {
            value += String.fromCharCode(parseInt(text.slice(e + 2, e + 6), 16));
            e += 6;
            continue;
          } else if (x === 'x' && /^[0-9a-fA-F]{2}$/.test(text.slice(e + 2, e + 4))) {
            value += String.fromCharCode(parseInt(text.slice(e + 2, e + 4), 16));
            e += 4;
            continue;
          } else bad ??= `unknown escape '\\${x ?? ''}'`;
          e += 2;
          continue;
        }
        value += text[e];
        e++;
      }
      if (!closed) tokens.push({ kind: 'error', text: text.slice(i, e), start, end: e, value: 'unterminated string' });
      else if (bad) tokens.push({ kind: 'error', text: text.slice(i, e), start, end: e, value: bad });
      else tokens.push({ kind: 'string', text: text.slice(i, e), start, end: e, value });
      hexNext = false;
      i = e;
      continue;
    }
    if (c === 46 && text.charCodeAt(i + 1) === 46) {
      tokens.push({ kind: 'punct', text: '..', start, end: i + 2, value: undefined });
      i += 2;
      continue;
    }
    const one = c < 128 ? PUNCT1[c] : undefined;
    if (one !== undefined) {
      tokens.push({ kind: 'punct', text: one, start, end: i + 1, value: undefined });
      if (c !== 123) hexNext = false;
      i++;
      continue;
    }
    // Anything else: one error token for the run of unexpected characters.
    let e = i + 1;
    while (e < n && !/[\s{}()<>:=|?@,\[\].;"\/A-Za-z0-9_-]/.test(text[e]!)) e++;
    tokens.push({ kind: 'error', text: text.slice(i, e), start, end: e, value: `unexpected character '${text.slice(i, e)}'` });
    hexNext = false;
    i = e;
  }
  tokens.push({ kind: 'eof', text: '', start: n, end: n, value: undefined });
  return { tokens, comments };
}
