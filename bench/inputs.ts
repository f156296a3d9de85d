/**
 * The shared peer inputs (../shared/bench-peers/inputs.json: 256 CreateAgentSession requests)
 * in our JSON request form (DESIGN.md contract), and where the peers live.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository; `TAPIPKT_BENCH_ROOT` when a worker runs from a bundle elsewhere (run.ts `plain`). */
export const ROOT = process.env['TAPIPKT_BENCH_ROOT'] ?? resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** The peer benchmarks (read only). Override with TAPIPKT_PEERS. */
export const PEERS = process.env['TAPIPKT_PEERS'] ?? resolve(ROOT, '..', 'shared', 'bench-peers');

interface PeerEntry {
  dwRequestID: number;
  lpContext: number;
  hLine: number;
  hAgent: number;
  pin: string | null;
  dwWorkingAddressID: number;
  lphAgentSessionContext: number;
  guid: { data1: number; data2: number; data3: number; data4: string };
}

const hx = (n: number, w: number): string => n.toString(16).toUpperCase().padStart(w, '0');

/** `{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}` from the peers' GUID parts (data4: 8 raw bytes as hex). */
function guidText(g: PeerEntry['guid']): string {
  const d4 = g.data4.toUpperCase();
  return `{${hx(g.data1, 8)}-${hx(g.data2, 4)}-${hx(g.data3, 4)}-${d4.slice(0, 4)}-${d4.slice(4)}}`;
}

/** The 256 inputs as JSON requests, in the peers' order. */
export function loadRequests(): { packet: string; fields: Record<string, unknown> }[] {
  const j = JSON.parse(readFileSync(join(PEERS, 'inputs.json'), 'utf8')) as { entries: PeerEntry[] };
  return j.entries.map((e) => ({
    packet: 'CreateAgentSession',
    fields: {
      dwRequestID: e.dwRequestID,
      lpContext: e.lpContext,
      hLine: e.hLine,
      hAgent: e.hAgent,
      lpszAgentPIN: e.pin,
      dwWorkingAddressID: e.dwWorkingAddressID,
      lpGroupID: guidText(e.guid),
      lphAgentSessionContext: e.lphAgentSessionContext,
    },
  }));
}
