// `tapipkt dissector`: the generated Wireshark plugin, loaded by a real tshark (Debian's tshark,
// which .ci/run installs) over a real capture of a tapsrv exchange (test/fixtures/dissector).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { builtinScope } from '../../../src/catalog/index.js';
import { wiresharkDissector } from '../../../src/language/index.js';

const root = join(__dirname, '..', '..', '..');
const cli = join(root, 'dist', 'cli.js');
const CAPTURE = join(root, 'test', 'fixtures', 'dissector', 'agent-session.pcap');
const EVENTS = join(root, 'test', 'fixtures', 'dissector', 'async-events.pcap');

function tsharkMissing(): string | undefined {
  const r = spawnSync('tshark', ['--version'], { encoding: 'utf8' });
  return r.error || r.status !== 0 ? 'tshark is not installed (apt install tshark)' : undefined;
}

/** tshark over the fixture with the plugin: one row per frame the plugin shows, fields tab-separated. */
function fields(plugin: string, names: string[], capture = CAPTURE, port = 35529): string[][] {
  const r = spawnSync('tshark', ['-X', `lua_script:${plugin}`, '--disable-protocol', 'tapi', '-d', `tcp.port==${port},dcerpc`, '-r', capture, '-T', 'fields', ...names.flatMap((n) => ['-e', n])], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.split('\n').filter((l) => l.trim() !== '').map((l) => l.split('\t')).filter((row) => row.slice(1).some((c) => c !== ''));
}

describe('tapipkt dissector', () => {
  it('has a field table for every request layout of the catalog, by Req_Func', () => {
    const idx = builtinScope();
    const lua = wiresharkDissector({ layouts: idx.catalog.layouts, tables: idx.tables, byMsg: idx.byMsg }, 'test');
    const requests = idx.catalog.layouts.filter((L) => L.kind === 'request' && L.reqFunc !== undefined);
    for (const L of requests) assert.ok(lua.includes(`layouts[${L.reqFunc}] = {name="${L.name}"`), L.name);
    assert.match(lua, /register_postdissector\(tapsrv\)/);
    // A field that takes one constant of a table shows its name (SetCallTreatment.dwTreatment).
    const t = idx.tables.get('LINECALLTREATMENT_Constants')!;
    assert.ok(lua.includes(`vs["LINECALLTREATMENT_Constants"] = {[${t.entries[0]!.value}]="${t.entries[0]!.name}"`));
    assert.ok(lua.includes('ProtoField.uint32("tapsrv.SetCallTreatment.dwTreatment", "dwTreatment", base.HEX, vs["LINECALLTREATMENT_Constants"])'));
  });

  // Skipped without tshark, except under CI=true (.ci/run installs it): there a missing tshark fails.
  const missing = tsharkMissing();
  const skip = (missing && process.env.CI !== 'true' ? missing : false) || (!existsSync(cli) && 'dist/cli.js is not built (npm run build)');
  it('shows every call of a captured exchange, requests and replies field by field', { skip }, () => {
    const plugin = join(mkdtempSync(join(tmpdir(), 'tapipkt-dissector-')), 'tapsrv.lua');
    const r = spawnSync(process.execPath, [cli, 'dissector', '-o', plugin], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.match(readFileSync(plugin, 'utf8'), /^-- tapsrv\.lua: a Wireshark dissector/);
    const rows = fields(plugin, ['frame.number', 'tapsrv.call', 'tapsrv.packet', 'tapsrv.plUsedSize', 'tapsrv.Ack_ReturnValue']);
    assert.deepEqual(rows.map((x) => [x[1], x[2]]), [
      ['ClientAttach', ''], ['ClientAttach reply', ''],
      ['ClientRequest', 'Initialize'], ['ClientRequest reply', 'Initialize'],
      ['ClientRequest', 'Open'], ['ClientRequest reply', 'Open'],
      ['ClientRequest', 'CreateAgentSession'], ['ClientRequest reply', 'CreateAgentSession'],
      ['ClientDetach', ''], ['ClientDetach reply', ''],
    ]);
    // The replies: Ack_ReturnValue read at byte 0, the buffer length as plUsedSize.
    assert.deepEqual(rows.filter((x) => x[1] === 'ClientRequest reply').map((x) => [x[3], x[4]]), [['92', '0x00000000'], ['60', '0x00000000'], ['88', '0x00000000']]);
    // Fields by name, what the offsets point at, and ClientAttach's arguments.
    const detail = fields(plugin, ['tapsrv.CreateAgentSession.hAgent', 'tapsrv.CreateAgentSession.dwSize', 'tapsrv.text', 'tapsrv.guid', 'tapsrv.pszMachine', 'tapsrv.lProcessID']);
    assert.ok(detail.some((x) => x[0] === '7' && x[1] === '16' && x[2] === '4711' && x[3] === '6b29fc40-ca47-1067-b31d-00dd010662da'), JSON.stringify(detail));
    assert.ok(detail.some((x) => x[4] === 'LAB-PC' && x[5] === '0xffffffff'), JSON.stringify(detail));
    assert.ok(detail.some((x) => x[2] === 'LAB-PC,tapipkt'), 'Initialize names its strings');
    // A GetAsyncEvents reply: the events in its VarData, each as its Msg's layout.
    const ev = fields(plugin, ['tapsrv.call', 'tapsrv.event', 'tapsrv.event.LINE_CALLSTATE.Param1', 'tapsrv.event.LINE_REPLY.dwRemoteRequestID'], EVENTS, 33841);
    assert.deepEqual(ev.filter((x) => x[0] === 'ClientRequest reply' && x[1] !== '').map((x) => x.slice(1)), [['LINE_REPLY,LINE_CALLSTATE', '4', '5']]);
  });

  it('refuses a FILE argument; -o writes the plugin and nothing to stdout', { skip: !existsSync(cli) && 'dist/cli.js is not built' }, () => {
    const bad = spawnSync(process.execPath, [cli, 'dissector', 'x.pcap'], { encoding: 'utf8' });
    assert.equal(bad.status, 2);
    assert.equal(bad.stdout, '');
    assert.match(bad.stderr, /dissector takes no FILE/);
    const out = spawnSync(process.execPath, [cli, 'dissector'], { encoding: 'utf8' });
    assert.equal(out.status, 0);
    assert.match(out.stdout, /^-- tapsrv\.lua/);
  });
});
