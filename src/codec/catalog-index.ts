/**
 * Fast lookups over a catalog: layouts by name, section, Req_Func and Msg; constants by name.
 */
import type { CodecContext } from './limits.js';
import type { Catalog, ConstEntry, ConstTable, Layout } from './layout.js';

/** Msg of LINE_REPLY (MS-TRP 2.2.4.2.1.25): shared by the special-case completions of 2.2.4.2.2. */
export const LINE_REPLY_MSG = 0x0c;

/** An indexed catalog; implements the codec's name resolution. */
export class CatalogIndex implements CodecContext {
  readonly byName = new Map<string, Layout>();
  readonly bySection = new Map<string, Layout>();
  readonly byReqFunc = new Map<number, Layout>();
  /** The first response declared for each Msg (the generic event, e.g. LINE_REPLY). */
  readonly byMsg = new Map<number, Layout>();
  /** Every response per Msg (LINE_REPLY and the 25 completions of 2.2.4.2.2 share 0x0C). */
  readonly responsesByMsg = new Map<number, Layout[]>();
  readonly constants = new Map<string, { entry: ConstEntry; table: ConstTable }>();
  readonly tables = new Map<string, ConstTable>();

  constructor(readonly catalog: Catalog) {
    for (const L of catalog.layouts) this.addLayout(L);
    for (const t of catalog.tables) this.addTable(t);
  }

  addLayout(L: Layout): void {
    if (!this.byName.has(L.name)) this.byName.set(L.name, L);
    if (L.section && !this.bySection.has(L.section)) this.bySection.set(L.section, L);
    if (L.kind === 'request' && L.reqFunc !== undefined && !this.byReqFunc.has(L.reqFunc)) this.byReqFunc.set(L.reqFunc, L);
    if (L.kind === 'response' && L.msg !== undefined) {
      if (!this.byMsg.has(L.msg)) this.byMsg.set(L.msg, L);
      const all = this.responsesByMsg.get(L.msg);
      if (all) all.push(L);
      else this.responsesByMsg.set(L.msg, [L]);
    }
  }

  addTable(t: ConstTable): void {
    if (!this.tables.has(t.name)) this.tables.set(t.name, t);
    for (const e of t.entries) if (!this.constants.has(e.name)) this.constants.set(e.name, { entry: e, table: t });
  }

  layout(name: string): Layout | undefined {
    return this.byName.get(name) ?? this.bySection.get(name);
  }

  readonly constant = (name: string): number | undefined => this.constants.get(name)?.entry.value;

  /** Every layout of one kind, in catalog order. */
  ofKind(kind: Layout['kind']): Layout[] {
    return this.catalog.layouts.filter((l) => l.kind === kind);
  }
}
