// Test helpers: independent byte builders (so vectors do not depend on the encoder), and a
// service over the built-in catalog.
import { builtinCatalog } from '../../src/catalog/index.js';
import { CatalogIndex } from '../../src/codec/index.js';
import { createLanguageServiceCore } from '../../src/language/index.js';

/** Little-endian u32s as hex. */
export function u32(...vs: number[]): string {
  return vs.map((v) => [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff].map((b) => b.toString(16).padStart(2, '0')).join('')).join('');
}

/** UTF-16LE of s plus a NUL, as hex. */
export function utf16z(s: string): string {
  let h = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h += (c & 0xff).toString(16).padStart(2, '0') + (c >>> 8).toString(16).padStart(2, '0');
  }
  return h + '0000';
}

/** Zero bytes as hex. */
export function zeros(n: number): string {
  return '00'.repeat(n);
}

/** Pads hex with zero bytes to a multiple of 4 bytes. */
export function pad4(hex: string): string {
  const n = hex.length / 2;
  return hex + zeros((4 - (n % 4)) % 4);
}

/** The worked example's GUID {6B29FC40-CA47-1067-B31D-00DD010662DA} in MS-DTYP 2.3.4.2 layout. */
export const GROUP_GUID_HEX = '40fc296b' + '47ca' + '6710' + 'b31d00dd010662da';

export const index = new CatalogIndex({ layouts: builtinCatalog.layouts, tables: builtinCatalog.tables });

/** A fresh language service core over the built-in catalog, with one document. */
export function serviceWith(text: string, uri = 'file:///w/test.tapipkt') {
  const s = createLanguageServiceCore({ catalog: builtinCatalog, host: { rootOf: () => 'file:///w' } });
  s.update(uri, text);
  return { s, uri };
}
