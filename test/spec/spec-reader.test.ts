import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { defaultSpecPath, readSpec, readSpecDiscrepancies, type SpecLayout } from './spec-reader';

const haveSpec = existsSync(defaultSpecPath());
const skip = haveSpec ? false : `spec not found at ${defaultSpecPath()}`;

function layout(section: string): SpecLayout {
  const l = readSpec().layouts.find((x) => x.section === section);
  assert.ok(l, `layout ${section}`);
  return l;
}

function byTitle(title: string): SpecLayout {
  const ls = readSpec().layouts.filter((x) => x.title === title && (x.kind === 'structure' || x.kind === 'template'));
  assert.equal(ls.length, 1, title);
  const l = ls[0];
  assert.ok(l);
  return l;
}

test('layout counts per kind', { skip }, () => {
  const { layouts } = readSpec();
  const count = (k: SpecLayout['kind']): number => layouts.filter((l) => l.kind === k).length;
  assert.equal(count('request'), 132);
  assert.equal(count('response'), 58);
  assert.equal(count('template'), 2);
  // 49 in 2.2.6 plus FLOWSPEC (2.2.4.1.3.67.1, an anchor-only sub-section of SetCallQualityOfService).
  assert.equal(count('structure'), 50);
  assert.equal(layouts.filter((l) => l.section.startsWith('2.2.6.')).length, 49);
  assert.equal(layouts.filter((l) => l.section.startsWith('2.2.4.2.1.')).length, 32);
  assert.equal(layouts.filter((l) => l.section.startsWith('2.2.4.2.2.')).length, 25);
  assert.equal(layouts.filter((l) => l.section.startsWith('2.2.4.2.3.')).length, 1);
  const flow = layout('2.2.4.1.3.67.1');
  assert.equal(flow.title, 'FLOWSPEC');
  assert.equal(flow.kind, 'structure');
  assert.equal(flow.fixedSize, 32);
});

test('every request has a unique Req_Func and every response a Msg', { skip }, () => {
  const { layouts } = readSpec();
  const req = layouts.filter((l) => l.kind === 'request');
  assert.ok(req.every((l) => typeof l.reqFunc === 'number'));
  assert.equal(new Set(req.map((l) => l.reqFunc)).size, req.length);
  const resp = layouts.filter((l) => l.kind === 'response');
  assert.ok(resp.every((l) => typeof l.msg === 'number'));
  assert.equal(layouts.filter((l) => l.kind !== 'response' && l.msg !== undefined).length, 0);
  assert.equal(layouts.filter((l) => l.kind !== 'request' && l.reqFunc !== undefined).length, 0);
});

test('fields are contiguous from offset 0', { skip }, () => {
  for (const l of readSpec().layouts) {
    let at = 0;
    for (const f of l.fields) {
      assert.equal(f.offset, at, `${l.section} ${l.title}.${f.name}`);
      if (f.size === 'variable') break;
      at += f.size;
    }
    assert.ok(l.fields.every((f) => f.name.toLowerCase() !== 'vardata'), l.title);
  }
});

test('CreateAgentSession (2.2.4.1.3.11)', { skip }, () => {
  const l = layout('2.2.4.1.3.11');
  assert.equal(l.title, 'CreateAgentSession');
  assert.equal(l.kind, 'request');
  assert.equal(l.reqFunc, 147);
  assert.deepEqual(
    l.fields.map((f) => f.name),
    [
      'Req_Func',
      'Reserved1',
      'dwRequestID',
      'lpContext',
      'hLine',
      'hAgent',
      'lpszAgentPIN',
      'dwWorkingAddressID',
      'lpGroupID',
      'dwSize',
      'lphAgentSessionContext',
      'Reserved2',
      'Reserved3',
      'Reserved4',
      'Reserved5',
    ],
  );
  assert.ok(l.fields.every((f) => f.size === 4 && !f.optional));
  assert.deepEqual(
    l.fields.map((f) => f.offset),
    l.fields.map((_, i) => i * 4),
  );
  assert.equal(l.fixedSize, 60);
  assert.equal(l.hasVarData, true);
});

test('Initialize: line 47, phone 106', { skip }, () => {
  assert.equal(layout('2.2.4.1.1.1').reqFunc, 47);
  assert.equal(layout('2.2.4.1.4.1').reqFunc, 106);
  assert.equal(layout('2.2.4.1.1.1').title, 'Initialize');
  assert.equal(layout('2.2.4.1.4.1').title, 'Initialize');
});

test('templates', { skip }, () => {
  const tapi = byTitle('TAPI32_MSG');
  assert.equal(tapi.kind, 'template');
  assert.equal(tapi.fixedSize, 60);
  assert.deepEqual(
    tapi.fields.map((f) => [f.name, f.size, f.offset]),
    [
      ['Req_Func/Ack_ReturnValue', 4, 0],
      ['Reserved1', 4, 4],
      ['PARAMETERS FOR REQUEST', 52, 8],
    ],
  );
  const ev = byTitle('ASYNCEVENTMSG');
  assert.equal(ev.kind, 'template');
  assert.equal(ev.fixedSize, 40);
  assert.equal(ev.fields.length, 10);
  assert.equal(ev.hasVarData, true);
});

test('LINECALLPARAMS uses stated sizes, not the drawing', { skip }, () => {
  const l = byTitle('LINECALLPARAMS');
  const f = (n: string) => l.fields.find((x) => x.name === n);
  assert.deepEqual([f('DialParams')?.offset, f('DialParams')?.size], [32, 16]);
  assert.equal(f('dwOrigAddressSize')?.offset, 48);
  assert.equal(f('dwAddressType')?.offset, 176);
  assert.equal(f('dwAddressType')?.optional, true);
  assert.equal(f('dwCallingPartyIDOffset')?.optional, false);
  assert.equal(l.fixedSize, 180);
  assert.equal(l.hasVarData, true);
});

test('other structures', { skip }, () => {
  const sl = byTitle('LINEAGENTSESSIONLIST');
  const lo = sl.fields.find((x) => x.name === 'dwListOffset');
  assert.deepEqual([lo?.offset, lo?.size], [20, 4]);
  assert.equal(sl.fixedSize, 24);
  assert.equal(byTitle('LINEAGENTSESSIONENTRY').fixedSize, 28);
  assert.equal(byTitle('LINEDIALPARAMS').fixedSize, 16);
  assert.equal(byTitle('LINECALLSTATUS').fixedSize, 56);
  const fl = byTitle('LINEFORWARDLIST');
  assert.deepEqual(
    fl.fields.map((x) => [x.name, x.size, x.offset]),
    [
      ['dwTotalSize', 4, 0],
      ['dwNumEntries', 4, 4],
      ['ForwardList', 'variable', 8],
    ],
  );
  assert.equal(fl.fixedSize, 8);
});

test('LINEPROXYREQUEST is a union on dwRequestType', { skip }, () => {
  const { constants } = readSpec();
  const l = byTitle('LINEPROXYREQUEST');
  assert.equal(l.fields.length, 7);
  assert.equal(l.fields[6]?.name, 'dwRequestType');
  assert.equal(l.fixedSize, 28);
  const variants = l.variants ?? [];
  const kinds = constants.filter((c) => c.table === 'LINEPROXYREQUEST_Constants').map((c) => c.name);
  assert.equal(variants.length, 20);
  assert.deepEqual([...variants.map((v) => v.name)].sort(), [...kinds].sort());
  for (const v of variants) assert.equal(v.fields[0]?.offset, 28, v.name);
  const cas = variants.find((v) => v.name === 'LINEPROXYREQUEST_CREATEAGENTSESSION');
  assert.deepEqual(
    cas?.fields.map((x) => [x.name, x.size, x.offset]),
    [
      ['hAgentSessionCREATEAGENTSESSION', 4, 28],
      ['dwAgentPINSizeCREATEAGENTSESSION', 4, 32],
      ['dwAgentPINOffsetCREATEAGENTSESSION', 4, 36],
      ['hAgentCREATEAGENTSESSION', 4, 40],
      ['GroupIDCREATEAGENTSESSION', 16, 44],
      ['dwWorkingAddressIDCREATEAGENTSESSION', 4, 60],
    ],
  );
  const caps = variants.find((v) => v.name === 'LINEPROXYREQUEST_GETAGENTCAPS');
  assert.deepEqual(caps?.fields.map((x) => x.size), [4, 72]);
  assert.equal(layouts().filter((x) => x.variants !== undefined).length, 1);
});

function layouts(): SpecLayout[] {
  return readSpec().layouts;
}

test('responses and Msg values', { skip }, () => {
  const reply = layout('2.2.4.2.1.25');
  assert.equal(reply.title, 'LINE_REPLY');
  assert.equal(reply.msg, 12);
  assert.equal(layout('2.2.4.2.1.31').msg, 0x11); // PHONE_REPLY
  assert.equal(layout('2.2.4.2.1.11').msg, 0x1f7); // LINE_CREATEDIALOGINSTANCE
  // Special-case completions are LINE_REPLY / PHONE_REPLY.
  for (const l of layouts().filter((x) => x.section.startsWith('2.2.4.2.2.'))) assert.equal(l.msg, 12, l.title);
  assert.equal(layout('2.2.4.2.3.1').msg, 0x11);
  const completion = layouts().filter((x) => x.section.startsWith('2.2.4.2.1.'));
  assert.equal(new Set(completion.map((x) => x.msg)).size, 32);
  assert.equal(layout('2.2.4.2.1.1').fixedSize, 40);
  assert.equal(layout('2.2.4.2.2.23').fixedSize, 72); // SetUpConference
});

test('constants', { skip }, () => {
  const { constants } = readSpec();
  assert.equal(constants.length, 748);
  const tables = new Set(constants.map((c) => c.table));
  assert.equal(tables.size, 72);
  assert.equal(constants.filter((c) => c.section.startsWith('2.2.3.1.')).length, 570);
  assert.equal(new Set(constants.filter((c) => c.section.startsWith('2.2.3.1.')).map((c) => c.table)).size, 58);
  assert.equal(constants.filter((c) => c.section.startsWith('2.2.3.2.')).length, 170);
  assert.equal(new Set(constants.filter((c) => c.section.startsWith('2.2.3.2.')).map((c) => c.table)).size, 12);
  assert.equal(new Set(constants.map((c) => c.name)).size, constants.length);
  const get = (n: string) => constants.find((c) => c.name === n);
  assert.equal(get('LINEERR_INVALPARAM')?.value, 0x80000032);
  assert.equal(get('LINEERR_INVALPARAM')?.table, 'LINEERR_Constants');
  assert.equal(get('LINEERR_INVALPARAM')?.section, '2.2.3.1.38');
  assert.equal(get('LINEERR_SERVICE_not_RUNNING')?.value, 0x80000061);
  assert.equal(get('LINEMEDIAMODE_INTERACTIVEVOICE')?.table, 'LINEMEDIAMODE_Constants');
  assert.equal(get('STRINGFORMAT_UNICODE')?.value, 3);
  assert.equal(get('TUISPIDLL_OBJECT_DIALOGINSTANCE')?.value, 4);
  assert.equal(constants.filter((c) => c.table === 'STRINGFORMAT_Constants').length, 4);
  assert.equal(constants.filter((c) => c.table === 'TUISPIDLL_OBJECT_Constants').length, 4);
  // Return-value tables inside packet sections are not constants.
  assert.ok(constants.every((c) => c.section.startsWith('2.2.3.') || c.section === '2.2.1.8' || c.section === '2.2.1.9'));
});

test('rules (3.1.4.2)', { skip }, () => {
  const { rules, layouts: ls } = readSpec();
  assert.equal(rules.length, 132);
  assert.equal(new Set(rules.map((r) => r.reqFunc)).size, 132);
  assert.ok(rules.every((r) => r.text.length > 0));
  const init = rules.find((r) => r.reqFunc === 47);
  assert.equal(init?.name, 'Initialize');
  assert.equal(rules.find((r) => r.reqFunc === 106)?.name, 'Initialize');
  assert.equal(rules.find((r) => r.reqFunc === 49)?.name, 'MonitorDigits'); // written "( MonitorDigits)"
  // Every rule belongs to a request packet with the same name, ignoring case ("Shutdown" vs "ShutDown").
  for (const r of rules) {
    const l = ls.find((x) => x.kind === 'request' && x.reqFunc === r.reqFunc);
    assert.equal(l?.title.toLowerCase(), r.name.toLowerCase(), String(r.reqFunc));
  }
});

test('drawing/text disagreements are recorded', { skip }, () => {
  const ds = readSpecDiscrepancies();
  const has = (section: string, field: string) => ds.some((d) => d.section === section && d.field === field);
  assert.ok(has('2.2.5.2', 'PARAMETERS FOR REQUEST'));
  assert.ok(has('2.2.6.20', 'DialParams'));
  assert.ok(has('2.2.6.15', 'dwListOffset'));
  assert.equal(ds.filter((d) => d.kind === 'name').length, 0);
  assert.equal(ds.filter((d) => d.kind === 'count').length, 0);
  assert.equal(ds.filter((d) => d.kind === 'msg').length, 0);
  assert.equal(ds.filter((d) => d.kind === 'size' && d.field.toLowerCase() !== 'vardata').length, 18);
  assert.equal(ds.filter((d) => d.kind === 'size' && d.field.toLowerCase() === 'vardata').length, 11);
});

test('readSpec accepts an explicit path and returns fresh copies', { skip }, () => {
  const a = readSpec(defaultSpecPath());
  const b = readSpec();
  assert.notEqual(a, b);
  assert.deepEqual(a.constants.length, b.constants.length);
});
