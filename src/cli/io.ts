/**
 * The CLI's contact with the outside: files, stdin, stdout/stderr, diagnostics in the
 * `FILE:LINE:COL: severity: MESSAGE [CODE]` format, and atomic writes.
 */
import { closeSync, fsyncSync, openSync, readFileSync, readSync, realpathSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { CodecIssue } from '../codec/index.js';
import type { LanguageHost } from '../language/index.js';

/** Bad input: the command stops with exit 2 and one clear line on stderr. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Reads all of stdin as a Buffer (pipes, files and terminals; retries a non-blocking EAGAIN). */
export function readStdin(): Buffer {
  const chunks: Buffer[] = [];
  const buf = Buffer.alloc(1 << 16);
  for (;;) {
    let n: number;
    try {
      n = readSync(0, buf, 0, buf.length, null);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') continue;
      if (code === 'EOF') break;
      throw e;
    }
    if (n === 0) break;
    chunks.push(Buffer.from(buf.subarray(0, n)));
  }
  return Buffer.concat(chunks);
}

/** Reads a file, turning errors into one clear line. */
export function readFileOrFail(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot read ${path}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (e as Error).message}`);
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads a `.tapipkt` file as text. A file that is not text (a NUL byte, or bytes that are not
 * UTF-8) is refused with one line: parsing it would bury the cause under syntax errors.
 * With `refuseEmpty`, a file of nothing but whitespace is refused too (encode has nothing to do).
 */
export function readTextFileOrFail(path: string, refuseEmpty = false): string {
  const b = readFileOrFail(path);
  let text: string;
  try {
    if (b.includes(0)) throw new Error('NUL');
    text = utf8.decode(b);
  } catch {
    throw new UsageError(`${path} is not text (to decode a binary packet: tapipkt decode ${path})`);
  }
  if (refuseEmpty && text.trim() === '') throw new UsageError(`${path} is empty`);
  return text;
}

/**
 * Writes a file atomically: a temporary file in the same folder, then a rename, so an
 * existing file is never left truncated or half-written.
 */
export function writeFileAtomic(path: string, data: Uint8Array | string): void {
  const target = resolve(path);
  const tmp = join(dirname(target), `.${basename(target)}.${process.pid}.${Date.now()}.tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(tmp, 'wx', 0o644);
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    let off = 0;
    while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, target);
  } catch (e) {
    if (fd !== undefined) closeSync(fd);
    try {
      unlinkSync(tmp);
    } catch {
      /* already gone */
    }
    throw new UsageError(`cannot write ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

/** One diagnostic line in the check format. Lines and columns are 1-based. */
export function formatDiagnostic(file: string, line: number, col: number, severity: string, message: string, code: string): string {
  return `${file}:${line}:${col}: ${severity}: ${message} [${code}]`;
}

/**
 * A codec issue in the check format at `line`:`col` of the input (JSON input: the line of the
 * request, column 1); the byte offset, when known, is named in the message.
 */
export function formatIssue(file: string, i: CodecIssue, line = 1, col = 1): string {
  const section = i.section && !i.message.includes(`MS-TRP ${i.section}`) ? ` (MS-TRP ${i.section})` : '';
  const at = i.offset !== undefined ? ` (byte ${i.offset})` : '';
  return formatDiagnostic(file, line, col, i.severity, `${i.path ? i.path + ': ' : ''}${i.message}${section}${at}`, i.code);
}

/** A language host over the file system that reads only inside `root`. */
export function fileHost(root: string): LanguageHost {
  const rootUri = pathToFileURL(resolve(root)).href;
  return {
    readFile(uri: string): string | undefined {
      if (!uri.startsWith('file://')) return undefined;
      try {
        // The path is inside the root by construction (resolveImport); a symbolic link must
        // not lead out of it either.
        const real = realpathSync(fileURLToPath(uri));
        const rel = relative(realpathSync(resolve(root)), real);
        if (rel.startsWith('..') || isAbsolute(rel)) return undefined;
        return readFileSync(real, 'utf8');
      } catch {
        return undefined;
      }
    },
    rootOf: () => rootUri,
  };
}

/** The folder imports may read from: the current directory if the file is inside it, else the file's folder. */
export function rootFor(file: string): string {
  const abs = resolve(file);
  const cwd = process.cwd();
  return abs.startsWith(cwd + '/') ? cwd : dirname(abs);
}
