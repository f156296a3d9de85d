/**
 * Batch mode (`encode --jsonl`, `decode --jsonl`) as a stream: stdin is read in chunks and
 * split into lines, each line is handled on its own, and the output is spooled (in memory up to
 * a limit, then in a temporary file) and copied to stdout only once every line has succeeded,
 * so a bad line still leaves stdout empty while a million packets stay within a small, fixed
 * amount of memory.
 */
import { closeSync, createReadStream, openSync, unlinkSync, writeSync } from 'node:fs';
import { isAscii } from 'node:buffer';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type JsonSink, writeHex } from '../codec/index.js';
import { UsageError } from './io.js';


/**
 * How much batch output is kept in memory before it goes to a temporary file: 32 MiB (100,000
 * decoded packets fit), or `TAPIPKT_SPOOL_BYTES`.
 */
export function spoolBytes(): number {
  const v = Number(process.env['TAPIPKT_SPOOL_BYTES']);
  return Number.isSafeInteger(v) && v >= 0 ? v : 32 << 20;
}

/** Where batch output goes: lowercase hex lines or text lines. */
export interface LineSink {
  hexLine(bytes: Uint8Array): void;
  textLine(text: string): void;
}


/** Size of the spool's blocks. */
const BLOCK = 1 << 20;

/**
 * Collects output in 1 MiB blocks (filled blocks are kept, never copied to grow); past
 * `spillAt` bytes it writes them to a temporary file. Hex is written as ASCII straight into the
 * block (no per-line strings).
 */
export class Spool implements LineSink, JsonSink {
  /** Block size: 1 MiB, or less under a smaller limit. */
  private readonly block: number;
  private buf: Buffer;
  private len = 0;
  /** Filled blocks not yet in the file, and their total size. */
  private full: Buffer[] = [];
  private held = 0;
  /** Blocks already written to the file, for reuse: memory stays at the limit however long the batch. */
  private free: Buffer[] = [];
  private fd: number | undefined;
  private path: string | undefined;

  constructor(private readonly spillAt = spoolBytes()) {
    this.block = Math.max(1 << 10, Math.min(BLOCK, spillAt));
    this.buf = Buffer.allocUnsafe(this.block);
  }

  /** Makes room for `n` more bytes in the current block. */
  private room(n: number): void {
    if (this.len + n <= this.buf.length) return;
    this.seal();
    if (this.held + n > this.spillAt) this.flush();
    this.buf = (n <= this.block && this.free.pop()) || Buffer.allocUnsafe(Math.max(this.block, n));
  }

  /** Moves what the current block holds to the filled blocks. */
  private seal(): void {
    if (this.len) {
      this.full.push(this.buf.subarray(0, this.len));
      this.held += this.len;
      this.buf = this.buf.subarray(this.len);
    }
    this.len = 0;
  }

  /** Writes the filled blocks to the temporary file (created on first use). */
  private flush(): void {
    if (this.held === 0) return;
    if (this.fd === undefined) {
      this.path = join(tmpdir(), `tapipkt-${process.pid}-${Date.now()}.out`);
      this.fd = openSync(this.path, 'wx', 0o600);
    }
    for (const b of this.full) {
      let off = 0;
      while (off < b.length) off += writeSync(this.fd, b, off, b.length - off);
      // A block of its own (allocUnsafe of a whole block never shares a pool) can be filled again.
      if (b.byteOffset === 0 && b.buffer.byteLength === this.block) this.free.push(Buffer.from(b.buffer, 0, this.block));
    }
    this.full = [];
    this.held = 0;
  }

  hexLine(bytes: Uint8Array): void {
    this.room(bytes.length * 2 + 1);
    let p = writeHex(this.buf, this.len, bytes, 0, bytes.length);
    this.buf[p++] = 10;
    this.len = p;
  }

  textLine(text: string): void {
    const n = Buffer.byteLength(text);
    this.room(n + 1);
    // As many bytes as characters: plain ASCII, which a Latin-1 copy writes fastest.
    this.len += this.buf.write(text, this.len, n === text.length ? 'latin1' : 'utf8');
    this.buf[this.len++] = 10;
  }

  /** Room for `n` bytes and a newline from `at`, in the returned buffer (for writers such as `decodeRequestJson`). */
  reserve(n: number): Uint8Array {
    this.room(n + 1);
    return this.buf;
  }

  /** Where `reserve`'s buffer is written next. */
  get at(): number {
    return this.len;
  }

  /** Ends a line written into `reserve`'s buffer up to `end`. */
  endLine(end: number): void {
    this.buf[end] = 10;
    this.len = end + 1;
  }

  /** Everything written, as a string (for in-process callers and tests). */
  text(): string {
    if (this.fd !== undefined) throw new Error('spooled output is in a file; use copyTo');
    return Buffer.concat([...this.full, this.buf.subarray(0, this.len)]).toString('utf8');
  }

  /** Copies everything written to `out` (a writable such as process.stdout), then cleans up. */
  async copyTo(out: NodeJS.WritableStream): Promise<void> {
    this.seal();
    if (this.fd === undefined) {
      for (const b of this.full) await write(out, b);
      this.full = [];
      this.held = 0;
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
    this.full = [];
    this.held = 0;
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

/**
 * A byte stream cut into blocks of whole lines: each block ends with a newline, except a last
 * one that has none. A newline byte never occurs inside a UTF-8 sequence, so no character is
 * cut; only the line a chunk leaves open is copied.
 */
async function* wholeLines(input: AsyncIterable<Buffer | string>): AsyncGenerator<Buffer> {
  let rest: Buffer = Buffer.alloc(0);
  for await (const chunk of input) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    const first = bytes.indexOf(10);
    if (first < 0) {
      rest = Buffer.concat([rest, bytes]);
      continue;
    }
    let from = 0;
    if (rest.length) {
      yield Buffer.concat([rest, bytes.subarray(0, first + 1)]);
      from = first + 1;
    }
    const last = bytes.lastIndexOf(10);
    if (last >= from) yield bytes.subarray(from, last + 1);
    rest = Buffer.from(bytes.subarray(last + 1));
  }
  if (rest.length) yield rest;
}

/** A line of a block: `block[start..end)`, newline excluded, numbered from 1 in the whole input. */
export type BlockLine = (block: Buffer, start: number, end: number, line: number) => void;

/** Calls `each` with every line of one block of whole lines (nothing trimmed, blank lines included); returns the next line's number. */
function linesOfBlock(block: Buffer, firstLine: number, each: BlockLine): number {
  let line = firstLine;
  let start = 0;
  while (start < block.length) {
    let end = block.indexOf(10, start);
    if (end < 0) end = block.length;
    each(block, start, end, line++);
    start = end + 1;
  }
  return line;
}

/**
 * Calls `each` with every non-blank line (trimmed) of a byte stream, numbered from 1. A block of
 * plain ASCII (the usual batch input) is read as Latin-1, a plain copy, instead of decoding UTF-8.
 */
export async function forEachLine(input: AsyncIterable<Buffer | string>, each: (text: string, line: number) => void): Promise<void> {
  let line = 1;
  for await (const block of wholeLines(input)) {
    const enc = isAscii(block) ? 'latin1' : 'utf8';
    line = linesOfBlock(block, line, (b, start, end, n) => {
      const t = b.toString(enc, start, end).trim();
      if (t !== '') each(t, n);
    });
  }
}

/**
 * Calls `each` with every line of a byte stream as a byte range of a block (newline excluded,
 * nothing trimmed, blank lines included), numbered from 1: for callers that read bytes, not text.
 */
export async function forEachLineBytes(input: AsyncIterable<Buffer | string>, each: BlockLine): Promise<void> {
  let line = 1;
  for await (const block of wholeLines(input)) line = linesOfBlock(block, line, each);
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

/** Runs `fill` into a spool, copied to `out` at the end; a UsageError discards the output and is rethrown. */
async function spooled(out: NodeJS.WritableStream, fill: (spool: Spool) => Promise<void>): Promise<void> {
  const spool = new Spool();
  try {
    await fill(spool);
  } catch (e) {
    spool.discard();
    if (e instanceof UsageError) throw e;
    throw new UsageError((e as Error).message);
  }
  await spool.copyTo(out);
}

/**
 * Runs a batch over stdin: every non-blank line (trimmed) through `each` into a spool, copied to
 * stdout at the end. A UsageError from a line discards the output and is rethrown.
 */
export function runBatch(input: AsyncIterable<Buffer | string>, out: NodeJS.WritableStream, each: (text: string, line: number, sink: LineSink) => void): Promise<void> {
  return spooled(out, (spool) => forEachLine(input, (text, line) => each(text, line, spool)));
}

/** `runBatch` over lines as byte ranges (forEachLineBytes), into the spool itself. */
export function runBatchBytes(input: AsyncIterable<Buffer | string>, out: NodeJS.WritableStream, each: (block: Buffer, start: number, end: number, line: number, spool: Spool) => void): Promise<void> {
  return spooled(out, (spool) => forEachLineBytes(input, (block, start, end, line) => each(block, start, end, line, spool)));
}
