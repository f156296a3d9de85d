// Batch plumbing: stdin split into lines across chunk boundaries, and the output spool (blocks,
// spilling to a temporary file, all-or-nothing).
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { forEachLine, Spool } from '../../../src/cli/batch.js';

async function* chunks(parts: (string | number[])[]): AsyncIterable<Buffer> {
  for (const p of parts) yield typeof p === 'string' ? Buffer.from(p) : Buffer.from(p);
}

async function linesOf(parts: (string | number[])[]): Promise<[string, number][]> {
  const got: [string, number][] = [];
  await forEachLine(chunks(parts), (t, n) => got.push([t, n]));
  return got;
}

class Collect extends Writable {
  parts: Buffer[] = [];
  override _write(chunk: Buffer, _enc: BufferEncoding, cb: () => void): void {
    this.parts.push(Buffer.from(chunk));
    cb();
  }
  text(): string {
    return Buffer.concat(this.parts).toString('utf8');
  }
}

const spoolFiles = (): string[] => readdirSync(tmpdir()).filter((f) => f.startsWith(`tapipkt-${process.pid}-`));

describe('batch lines', () => {
  it('joins lines cut by chunk boundaries, numbers blank lines, trims, keeps a last line without newline', async () => {
    assert.deepEqual(await linesOf(['{"a"', ':1}\n\n  x  \r\n', 'y', 'z\nlast']), [
      ['{"a":1}', 1],
      ['x', 3],
      ['yz', 4],
      ['last', 5],
    ]);
  });
  it('keeps a UTF-8 character cut between chunks whole', async () => {
    const e = [...Buffer.from('é')]; // two bytes
    assert.deepEqual(await linesOf([[0x61, e[0]!], [e[1]!, 0x0a, 0x62, 0xe2, 0x82], [0xac, 0x0a]]), [
      ['aé', 1],
      ['b€', 2],
    ]);
  });
  it('a chunk with no newline at all', async () => {
    assert.deepEqual(await linesOf(['ab', 'cd', 'ef']), [['abcdef', 1]]);
  });
});

describe('spool', () => {
  it('keeps output across many blocks in order, text and bytes alike', async () => {
    const s = new Spool(Infinity);
    const want: string[] = [];
    for (let i = 0; i < 30000; i++) {
      const t = `{"n":${i},"s":"${i % 7 ? 'x'.repeat(i % 50) : 'é€'}"}`;
      s.textLine(t);
      s.hexLine(Uint8Array.of(i & 255, 0xab));
      want.push(t, `${(i & 255).toString(16).padStart(2, '0')}ab`);
    }
    const text = want.join('\n') + '\n';
    assert.ok(Buffer.byteLength(text) > 1 << 20); // more than one block
    assert.equal(s.text(), text);
    const out = new Collect();
    await s.copyTo(out);
    assert.equal(out.text(), text);
  });
  it('spills to a temporary file past its limit, copies it whole, and removes it', async () => {
    const s = new Spool(1 << 16);
    let want = '';
    for (let i = 0; i < 20000; i++) {
      s.textLine(`line ${i}`);
      want += `line ${i}\n`;
    }
    assert.equal(spoolFiles().length, 1);
    assert.throws(() => s.text(), /in a file/);
    const out = new Collect();
    await s.copyTo(out);
    assert.equal(out.text(), want);
    assert.equal(spoolFiles().length, 0);
  });
  it('discard drops everything, the temporary file too', async () => {
    const s = new Spool(1 << 10);
    for (let i = 0; i < 1000; i++) s.textLine(`line ${i}`);
    assert.equal(spoolFiles().length, 1);
    s.discard();
    assert.equal(spoolFiles().length, 0);
    const out = new Collect();
    await s.copyTo(out);
    assert.equal(out.text(), '');
  });
});
