/**
 * The field rows of a layout's fixed part, and from them the reply tables an exported client
 * embeds to print each ClientRequest reply with its fields named. One flattening, shared with
 * `tapipkt catalog --json`, so the names an exported script prints are the catalog's.
 */
import type { FieldDef, Layout } from '../codec/index.js';
import type { ReplyField, ReplyTables } from './session-plan.js';

/** One row of a layout's fixed part: a union's arms are listed flat, each row tagged with its arm. */
export interface FieldRow extends ReplyField {
  def: FieldDef;
  /** For a field inside a union arm: the selector and the arm's name. */
  arm?: { selector: string; name: string };
}

/** Every field of the fixed part in order, union arms flattened (VarData is not a field). */
export function layoutFieldRows(fields: readonly FieldDef[]): FieldRow[] {
  const rows: FieldRow[] = [];
  for (const f of fields) {
    if (f.type.kind === 'union') {
      for (const arm of f.type.variants) {
        for (const g of arm.fields) rows.push({ name: g.name, offset: g.offset, size: g.size, def: g, arm: { selector: f.type.selector, name: arm.name } });
      }
    } else rows.push({ name: f.name, offset: f.offset, size: f.size, def: f });
  }
  return rows;
}

/**
 * The name a reply gives byte 0 of a request buffer: ClientRequest returns the request's layout
 * with the result of the call written over Req_Func (MS-TRP 2.2.5.2, 3.1.4.2).
 */
export const ACK_FIELD = 'Ack_ReturnValue';

/**
 * Reply tables for the named layouts: each request's fixed-part fields, with the field at byte 0
 * renamed Ack_ReturnValue. Names the scope does not know are left out (the caller reports them).
 */
export function replyTables(scope: { layout(name: string): Layout | undefined }, packetNames: readonly string[]): ReplyTables {
  const tables: ReplyTables = {};
  for (const name of packetNames) {
    const L = scope.layout(name);
    if (!L || Object.prototype.hasOwnProperty.call(tables, name)) continue;
    tables[name] = layoutFieldRows(L.fields).map((r) => ({ name: r.offset === 0 && r.arm === undefined ? ACK_FIELD : r.name, offset: r.offset, size: r.size }));
  }
  return tables;
}
