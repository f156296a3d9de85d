/**
 * Batch mode (`encode --jsonl`, `decode --jsonl`) as a stream: stdin is read in chunks and
 * split into lines, each line is handled on its own, and the output is spooled (in memory up to
 * a limit, then in a temporary file) and copied to stdout only once every line has succeeded,
 * so a bad line still leaves stdout empty while a million packets stay within a small, fixed
 * amount of memory.
 */
import { closeSync, createReadStream, openSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from './io.js';

/** Hex digits as ASCII codes, two per byte value. */
const HEX_CODES = new Uint8Array(512);
for (let v = 0; v < 256; v++) {
  HEX_CODES[2 * v] = '0123456789abcdef'.charCodeAt(v >>> 4);
  HEX_CODES[2 * v + 1] = '0123456789abcdef'.charCodeAt(v & 15);
}

/** Where batch output goes: lowercase hex lines or text lines. */
export interface LineSink {
  hexLine(bytes: Uint8Array): void;
  textLine(text: string): void;
}

/**
 * Collects output in a buffer; past `spillAt` bytes it writes the buffer to a temporary file.
 * Hex is written as ASCII straight into the buffer (no per-line strings).
 */
export class Spool implements LineSink {
  private buf = Buffer.allocUnsafe(1 << 16);
  private len = 0;
  private fd: number | undefined;
  private path: string | undefined;

  constructor(private readonly spillAt = 8 << 20) {}

  private room(n: number): void {
    if (this.len + n <= this.buf.length) return;
    if (this.len + n > this.spillAt) {
      this.flush();
      if (n <= this.buf.length) return;
    }
    const next = Buffer.allocUnsafe(Math.max(this.len + n, this.buf.length * 2));
    this.buf.copy(next, 0, 0, this.len);
    this.buf = next;
  }

  private flush(): void {
    if (this.len === 0) return;
    if (this.fd === undefined) {
      this.path = join(tmpdir(), `tapipkt-${process.pid}-${Date.now()}.out`);
      this.fd = openSync(this.path, 'wx', 0o600);
    }
    let off = 0;
    while (off < this.len) off += writeSync(this.fd, this.buf, off, this.len - off);
    this.len = 0;
  }

  hexLine(bytes: Uint8Array): void {
    this.room(bytes.length * 2 + 1);
    const b = this.buf;
    let p = this.len;
    for (let i = 0; i < bytes.length; i++) {
      const v = bytes[i]! << 1;
      b[p++] = HEX_CODES[v]!;
      b[p++] = HEX_CODES[v + 1]!;
    }
    b[p++] = 10;
    this.len = p;
  }

  textLine(text: string): void {
    const n = Buffer.byteLength(text) + 1;
    this.room(n);
    this.len += this.buf.write(text, this.len);
    this.buf[this.len++] = 10;
  }

  /** Everything written, as a string (for in-process callers and tests). */
  text(): string {
    if (this.fd !== undefined) throw new Error('spooled output is in a file; use copyTo');
    return this.buf.toString('utf8', 0, this.len);
  }

  /** Copies everything written to `out` (a writable such as process.stdout), then cleans up. */
  async copyTo(out: NodeJS.WritableStream): Promise<void> {
    if (this.fd === undefined) {
      if (this.len) await write(out, this.buf.subarray(0, this.len));
      return;
    }
    this.flush();
    closeSync(this.fd);
    this.fd = undefined;
    const path = this.path!;
    try {
      for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) await write(out, chunk as Buffer);
    } finally {
      unlinkSync(path);
    }
  }

  /** Drops everything written (after a bad line). */
  discard(): void {
    this.len = 0;
    if (this.fd !== undefined) {
      closeSync(this.fd);
      this.fd = undefined;
      try {
        unlinkSync(this.path!);
      } catch {
        /* already gone */
      }
    }
  }
}

/** Writes a chunk, waiting for 'drain' when the stream is full (listeners removed either way). */
function write(out: NodeJS.WritableStream, b: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    if (out.write(b)) return resolve();
    const onDrain = (): void => {
      out.removeListener('error', onError);
      resolve();
    };
    const onError = (e: Error): void => {
      out.removeListener('drain', onDrain);
      reject(e);
    };
    out.once('drain', onDrain);
    out.once('error', onError);
  });
}

/** Calls `each` with every non-blank line (trimmed) of a byte stream, numbered from 1. */
export async function forEachLine(input: AsyncIterable<Buffer | string>, each: (text: string, line: number) => void): Promise<void> {
  let line = 0;
  let rest: Buffer = Buffer.alloc(0);
  const handle = (b: Buffer): void => {
    line++;
    const text = b.toString('utf8').trim();
    if (text !== '') each(text, line);
  };
  for await (const chunk of input) {
    const data: Buffer = rest.length ? Buffer.concat([rest, typeof chunk === 'string' ? Buffer.from(chunk) : chunk]) : typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    let start = 0;
    for (let nl = data.indexOf(10, start); nl >= 0; nl = data.indexOf(10, start)) {
      handle(data.subarray(start, nl));
      start = nl + 1;
    }
    rest = Buffer.from(data.subarray(start));
  }
  if (rest.length) handle(rest);
}

/** Splits an in-memory string the same way (for in-process callers and tests). */
export function forEachLineOf(input: string, each: (text: string, line: number) => void): void {
  let line = 0;
  let start = 0;
  while (start < input.length) {
    let end = input.indexOf('\n', start);
    if (end < 0) end = input.length;
    line++;
    const text = input.slice(start, end).trim();
    start = end + 1;
    if (text !== '') each(text, line);
  }
}

/**
 * Runs a batch over stdin: every line through `each` into a spool, copied to stdout at the
 * end. A UsageError from a line discards the output and is rethrown.
 */
export async function runBatch(input: AsyncIterable<Buffer | string>, out: NodeJS.WritableStream, each: (text: string, line: number, sink: LineSink) => void): Promise<void> {
  const spool = new Spool();
  try {
    await forEachLine(input, (text, line) => each(text, line, spool));
  } catch (e) {
    spool.discard();
    if (e instanceof UsageError) throw e;
    throw new UsageError((e as Error).message);
  }
  await spool.copyTo(out);
}
