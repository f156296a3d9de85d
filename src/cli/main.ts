/**
 * The `tapipkt` command: check, encode, decode, export, catalog, mutate, import, dissector. Exit codes: 0 ok, 1 `check` found
 * errors, 2 bad input or usage (one clear line on stderr, nothing on stdout).
 */
import { parseArgs } from './args.js';
import { catalogJson, catalogOne, catalogText, constantsJson } from './catalog.js';
import { runCheck } from './check.js';
import { runBatch, runBatchBytes } from './batch.js';
import { DECODE_FORMATS, type DecodeFormat, decodeHexBytesLine, decodeOne, hexOrFail, hexTextOf, replyToProblem } from './decode.js';
import { EXPORT_FORMATS, type ExportFormat, exportFile } from './export.js';
import { OUTPUT_FORMATS, wiresharkDissector } from '../language/index.js';
import { builtinScope } from '../catalog/index.js';
import { ENCODE_FORMATS, type EncodeFormat, encodeFile, encodeJsonLine, encodeJsonText, type Output } from './encode.js';
import { importCapture, takeDecodeAs } from './import.js';
import { formatDiagnostic, readFileOrFail, readStdin, UsageError, writeFileAtomic } from './io.js';
import { prepareMutate, writeMutants } from './mutate.js';

const VERSION = '0.1.0';

const HELP: Record<string, string> = {
  main: `tapipkt ${VERSION}: write, check, encode and decode MS-TRP (tapsrv) packets

usage: tapipkt <command> [options]

commands:
  check FILE...        report diagnostics (exit 1 on any error)
  encode FILE          encode the packets of a .tapipkt file
  encode --json -      encode one JSON request from stdin
  encode --jsonl       encode one JSON request per stdin line (batch)
  decode --hex HEX     decode bytes (or: decode FILE.bin, decode --jsonl)
  export FILE          a session as its JSON plan or an impacket client (--format json|impacket)
  catalog [NAME]       list every layout (--json) or constant (--constants), or show one
  mutate FILE --mode M mutants of a packet (valid, break or raw), one JSON line each
  import CAPTURE       a pcap/pcapng of a tapsrv exchange as a session (reads it with tshark)
  dissector            a Wireshark Lua plugin that shows tapsrv buffers field by field

Run 'tapipkt <command> --help' for a command's options.`,
  check: `usage: tapipkt check FILE...

Prints every diagnostic as FILE:LINE:COL: error|warning|info: MESSAGE [CODE].
Exit status: 0 when no file has an error, 1 otherwise, 2 when a file cannot be read.`,
  encode: `usage: tapipkt encode FILE [--packet NAME] [--format ${ENCODE_FORMATS.join('|')}] [-o OUT]
       tapipkt encode --json - [--format ...] [-o OUT]
       tapipkt encode --jsonl

  FILE             a .tapipkt file; every packet is encoded unless --packet picks one
  --packet NAME    encode only this packet
  --json -         read one JSON request from stdin (the README's 'The JSON request')
  --jsonl          read one JSON request per line; print one hex line per packet
  --format F       one of (default hex):
${OUTPUT_FORMATS.map((f) => `                     ${f.id.padEnd(8)}${f.description.replace(/`/g, '')}`).join('\n')}
  --mutants FILE   impacket: a fuzz loop by default: after the steps before --step (default:
                   the last step), send each mutant of FILE (tapipkt mutate --step NAME
                   output) in its place, in turn; stop and save the case when the server
                   stops answering (the script's --mutants, --fuzz-step, --last-case, --timeout)
  --step NAME      the step the mutants replace
  -o OUT           write to OUT (atomically) instead of stdout

Warnings (server rules broken on purpose, pinned values) go to stderr; encoding still succeeds.
Bad input prints one line naming the field or position and exits 2 with nothing on stdout.`,
  decode: `usage: tapipkt decode (--hex HEX | FILE) [--as NAME | --reply-to NAME] [--format tapipkt|json] [--offsets] [-o OUT]
       tapipkt decode --jsonl [--as NAME | --reply-to NAME]

  --hex HEX        the bytes as hex (spaces, colons and 0x prefixes allowed);
                   --hex - reads the hex from stdin, --hex @FILE from FILE
  FILE             a binary file holding one packet (a file of hex text is read as hex,
                   and stderr says so)
  --as NAME        force a layout (a catalog name or section number)
  --reply-to NAME  the buffer ClientRequest returned for request NAME: its layout, with
                   Ack_ReturnValue in byte 0 and the server's output fields filled in;
                   json adds "reply": {"to", "Ack_ReturnValue"}
  --format F       tapipkt (default: a packet in .tapipkt text) or json (the JSON request)
  --offsets        end each field's line with its offset and size: hAgent = 7  // @16, 4 B
  --jsonl          read one hex packet per line; print one JSON request per line
                   (with --reply-to: one reply buffer per line, each as --format json prints it)
  -o OUT           write to OUT (atomically) instead of stdout

Decoding is lossless: encoding the output gives back exactly the same bytes; any 40 bytes or
more decode. Without --as, the layout is picked from the bytes and named on stderr, with the
other layouts that fit as well (Msg 0x0C is shared by LINE_REPLY and 25 completions).`,
  export: `usage: tapipkt export FILE [--session NAME] --format json|impacket [--mutants FILE.jsonl [--step NAME]] [-o OUT]

  FILE             a .tapipkt file with at least one session
  --session NAME   the session to export (needed when the file has several)
  --format F       json: the plan {session, attach, steps: [{name, packet, hex,
                   lNeededSize, bindings: [{at, from: {step, at}}]}]}; impacket: a
                   standalone Python 3 script (python3 poc.py TARGET [-u USER] [-p PASS]
                   [-d DOMAIN] [--hashes LM:NT] [-k] [--auth-level ...] [--json])
  -o OUT           write to OUT (atomically) instead of stdout

A file with errors, an unknown session, or several sessions without --session: the
diagnostics and one line saying why on stderr, exit 2, nothing written.`,
  mutate: `usage: tapipkt mutate FILE [--packet NAME] --mode valid|break|raw [--count N] [--seed S] [--shard K/N]
       tapipkt mutate FILE [--session NAME] --step NAME --mode ...
       tapipkt mutate --json - --mode ...

  FILE             a .tapipkt file; --packet picks the packet when it has several
  --step NAME      mutate a step of a session in FILE (--session NAME when it has several);
                   fields bound to earlier replies are patched in when the session runs
  --json -         read one JSON request from stdin (--json FILE: from a file)
  --mode M         valid  every value changed to one the server accepts (constants, flag
                          sets, boundaries, strings of every length, absent items); every
                          offset and size recomputed; breaks no rule; differs from the input
                   break  breaks exactly one server rule (MS-TRP 3.1.4.2) and nothing else;
                          its code in "rule"; a run cycles through every rule of the layout
                   raw    breaks the layout's own relations: offsets and sizes off by one,
                          misaligned or overlapping items, items past the end, truncation,
                          strings without NUL (each still decodes back to its bytes)
  --count N        mutants in the whole run (default 100)
  --seed S         0 to 4294967295 (default 0): the same seed gives the same mutants
  --shard K/N      only this machine's part: mutants i with i mod N = K - 1 (K from 1 to N);
                   the N parts are disjoint and together make the whole run

Prints one JSON line per mutant: {"hex", "request", "mode", "mutation": {"field", "rule"?, "what"}};
the request encodes to exactly the hex. Valid and break runs need an input that breaks no rule.`,
  import: `usage: tapipkt import CAPTURE [--decode-as SPEC]... [--bind] [-o OUT.tapipkt]

  CAPTURE          a pcap or pcapng file, read with Wireshark's tshark (Debian package
                   tshark; TAPIPKT_TSHARK names another binary)
  --decode-as SPEC passed on to tshark as -d SPEC, e.g. tcp.port==49670,dcerpc for tapsrv
                   on a TCP port of its own (repeatable)
  --bind           write STEP.FIELD where a request sent a value an earlier reply returned
                   (hLineApp = initialize1.hLineApp), for a session to run again; without it
                   the captured number stays, with a comment naming the step and field
  -o OUT           write to OUT (atomically) instead of stdout

One session per context handle: attach { ... } from ClientAttach, one step per ClientRequest
(its buffer as 'tapipkt decode' prints it, lNeededSize when it differs from the buffer's length),
then a 'decode reply STEP { ... }' with the buffer the server returned. Each step encodes to the
captured bytes. Encrypted PDUs and stubs that do not read are named by frame on stderr.`,
  dissector: `usage: tapipkt dissector [-o tapsrv.lua]

Writes a Wireshark Lua plugin generated from the catalog: each ClientRequest buffer in a capture
shown as its request layout (by Req_Func), the reply as the same layout with Ack_ReturnValue,
strings and GUIDs the offsets point at, constant names, a GetAsyncEvents reply's events;
ClientAttach and ClientDetach arguments.
Wireshark's own TAPI dissector keeps the buffer to itself: turn it off. For example:
  tshark -X lua_script:tapsrv.lua --disable-protocol tapi -d tcp.port==PORT,dcerpc -r CAPTURE -O tapsrv
or copy the file to Wireshark's plugins folder and untick TAPI in Analyze > Enabled Protocols.`,
  catalog: `usage: tapipkt catalog [--json]
       tapipkt catalog NAME [--skeleton] [--json]
       tapipkt catalog --constants [--json]

Lists every request, response, template and structure (name, section, Req_Func or Msg,
fixed size); --json prints [{name, kind, section, reqFunc?, msg?, fixedSize, fields}]
(fields: [{name, offset, size, type, declared, ...}]).
NAME (a layout name in any case, or a section number such as 2.2.4.1.3.11) prints that one
layout as the editor's hover shows it: offsets, sizes, declared types, rules;
--skeleton prints a packet of that type to fill in, which 'tapipkt encode' accepts as it is.
--constants lists every constant; with --json: [{table, section, name, value}].`,
};

interface Io {
  /** Buffered output, written only when the command succeeds. */
  out(data: string | Uint8Array): void;
  err(line: string): void;
  /** Batch mode streams: stdin in chunks, and stdout once every line has succeeded. */
  stdin(): AsyncIterable<Buffer | string>;
  stdout: NodeJS.WritableStream;
}

function emit(io: Io, o: Output, outFile: string | undefined): void {
  const data = 'text' in o ? o.text : o.bytes;
  if (outFile !== undefined) writeFileAtomic(outFile, data);
  else io.out(data);
}

function oneOf<T extends string>(v: string | true | undefined, allowed: readonly T[], flag: string, dflt: T): T {
  if (v === undefined) return dflt;
  if (v === true || !allowed.includes(v as T)) throw new UsageError(`${flag} must be one of ${allowed.join(', ')}`);
  return v as T;
}

function str(v: string | true | undefined): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** Runs the CLI; resolves to the exit code. Never rejects. */
export async function run(argv: readonly string[], io: Io): Promise<number> {
  const [cmd, ...rest] = argv;
  try {
    if (cmd === undefined || cmd === '--help' || cmd === '-h' || cmd === 'help') {
      io.out(HELP['main']! + '\n');
      return cmd === undefined ? 2 : 0;
    }
    if (cmd === '--version' || cmd === '-v') {
      io.out(VERSION + '\n');
      return 0;
    }
    if (!(cmd in HELP) || cmd === 'main') throw new UsageError(`unknown command '${cmd}' (commands: check, encode, decode, export, catalog, mutate, import, dissector)`);
    if (rest.includes('--help') || rest.includes('-h')) {
      io.out(HELP[cmd]! + '\n');
      return 0;
    }
    const spec: Record<string, [string[], string[]]> = {
      check: [[], []],
      encode: [['--packet', '--format', '-o', '--json'], ['--jsonl']],
      decode: [['--hex', '--as', '--format', '-o', '--reply-to'], ['--jsonl', '--offsets']],
      catalog: [[], ['--json', '--constants', '--skeleton']],
      export: [['--session', '--format', '--mutants', '--step', '-o'], []],
      mutate: [['--packet', '--json', '--mode', '--count', '--seed', '--shard', '--step', '--session'], []],
      import: [['-o'], ['--bind']],
      dissector: [['-o'], []],
    };
    const [valued, booleans] = spec[cmd]!;
    const repeated = cmd === 'import' ? takeDecodeAs(rest) : { rest, decodeAs: [] };
    const a = parseArgs(repeated.rest, valued, booleans);
    if ('error' in a) throw new UsageError(a.error);
    if (a.unknown.length) throw new UsageError(`unknown option ${a.unknown[0]} for ${cmd} (see tapipkt ${cmd} --help)`);
    const f = a.flags;
    switch (cmd) {
      case 'check':
        if (a.positionals.length === 0) throw new UsageError('check needs at least one FILE');
        return runCheck(a.positionals, io.err);
      case 'encode': {
        const format = oneOf<EncodeFormat>(f.get('--format'), ENCODE_FORMATS, '--format', 'hex');
        const outFile = str(f.get('-o'));
        if (f.has('--jsonl')) {
          if (a.positionals.length || f.has('--json')) throw new UsageError('--jsonl reads stdin; give no FILE or --json');
          if (format !== 'hex' || outFile !== undefined) throw new UsageError('--jsonl prints hex lines to stdout; --format and -o do not apply');
          await runBatch(io.stdin(), io.stdout, (text, line, sink) => encodeJsonLine(text, line, sink, io.err));
          return 0;
        }
        if (f.has('--json')) {
          const src = str(f.get('--json'));
          if (a.positionals.length) throw new UsageError('--json takes its input from stdin (--json -) or a file (--json FILE), not both');
          const text = src === '-' ? readStdin().toString('utf8') : readFileOrFail(src!).toString('utf8');
          emit(io, encodeJsonText(text, format, io.err, src === '-' ? '<stdin>' : src), outFile);
          return 0;
        }
        if (a.positionals.length !== 1) throw new UsageError('encode needs one FILE (or --json -, or --jsonl)');
        emit(io, encodeFile(a.positionals[0]!, str(f.get('--packet')), format, io.err), outFile);
        return 0;
      }
      case 'decode': {
        const format = oneOf<DecodeFormat>(f.get('--format'), DECODE_FORMATS, '--format', 'tapipkt');
        const as = str(f.get('--as'));
        const outFile = str(f.get('-o'));
        const replyTo = str(f.get('--reply-to'));
        if (replyTo !== undefined && as !== undefined) throw new UsageError('give --as NAME (a packet) or --reply-to NAME (the reply to a request), not both');
        const offsets = f.has('--offsets');
        if (offsets && format !== 'tapipkt') throw new UsageError('--offsets adds comments to .tapipkt text; it does not apply to --format json');
        if (f.has('--jsonl')) {
          if (a.positionals.length || f.has('--hex')) throw new UsageError('--jsonl reads hex lines from stdin; give no FILE or --hex');
          if (offsets) throw new UsageError('--jsonl prints JSON lines; --offsets does not apply');
          const bad = replyTo !== undefined ? replyToProblem(replyTo) : undefined;
          if (bad) throw new UsageError(`--reply-to: ${bad}`);
          await runBatchBytes(io.stdin(), io.stdout, (block, start, end, line, spool) => decodeHexBytesLine(block, start, end, line, as, spool, io.err, replyTo));
          return 0;
        }
        const hex = str(f.get('--hex'));
        if (hex !== undefined && a.positionals.length) throw new UsageError('give --hex HEX or a FILE, not both');
        if (hex === undefined && a.positionals.length !== 1) throw new UsageError('decode needs --hex HEX or one FILE');
        const input = readDecodeInput(hex, a.positionals[0], io.err);
        emit(io, { text: decodeOne(input.bytes, as, format, input.file, io.err, input.columns, offsets, replyTo) }, outFile);
        return 0;
      }
      case 'export': {
        if (a.positionals.length !== 1) throw new UsageError('export needs one FILE');
        if (!f.has('--format')) throw new UsageError(`export needs --format (${EXPORT_FORMATS.join(', ')})`);
        const format = oneOf<ExportFormat>(f.get('--format'), EXPORT_FORMATS, '--format', 'json');
        const mutants = str(f.get('--mutants'));
        const step = str(f.get('--step'));
        if (step !== undefined && mutants === undefined) throw new UsageError('export: --step names the step that --mutants replaces; give --mutants FILE too');
        if (mutants !== undefined && format !== 'impacket') throw new UsageError('export: --mutants makes a fuzz loop, which only --format impacket runs');
        const fuzz = mutants !== undefined ? { mutants, ...(step !== undefined ? { step } : {}) } : undefined;
        emit(io, { text: exportFile(a.positionals[0]!, str(f.get('--session')), format, io.err, fuzz) }, str(f.get('-o')));
        return 0;
      }
      case 'mutate': {
        if (a.positionals.length > 1) throw new UsageError('mutate takes one FILE (or --json -)');
        const run = prepareMutate(
          {
            file: a.positionals[0], packet: str(f.get('--packet')), json: str(f.get('--json')), mode: str(f.get('--mode')), count: str(f.get('--count')), seed: str(f.get('--seed')),
            shard: str(f.get('--shard')), step: str(f.get('--step')), session: str(f.get('--session')),
          },
          io.err,
        );
        // Streamed straight to stdout: every input error was found before the first line.
        await writeMutants(run, io.stdout as unknown as Parameters<typeof writeMutants>[1]);
        return 0;
      }
      case 'import': {
        if (a.positionals.length !== 1) throw new UsageError('import needs one CAPTURE (a pcap or pcapng file)');
        emit(io, { text: await importCapture({ capture: a.positionals[0]!, decodeAs: repeated.decodeAs, bind: f.has('--bind') }, io.err) }, str(f.get('-o')));
        return 0;
      }
      case 'dissector': {
        if (a.positionals.length) throw new UsageError('dissector takes no FILE; -o OUT writes the plugin to a file');
        const idx = builtinScope();
        emit(io, { text: wiresharkDissector({ layouts: idx.catalog.layouts, tables: idx.tables, byMsg: idx.byMsg }, VERSION) }, str(f.get('-o')));
        return 0;
      }
      case 'catalog': {
        if (a.positionals.length > 1) throw new UsageError('catalog takes at most one NAME (a layout name or section number)');
        const constants = f.has('--constants');
        if (a.positionals.length === 1) {
          if (constants) throw new UsageError('--constants lists every constant; give no NAME with it');
          io.out(catalogOne(a.positionals[0]!, f.has('--json'), f.has('--skeleton')));
          return 0;
        }
        if (f.has('--skeleton')) throw new UsageError('--skeleton needs a NAME: tapipkt catalog NAME --skeleton');
        if (f.has('--json')) io.out(JSON.stringify(constants ? constantsJson() : catalogJson(), null, 1) + '\n');
        else io.out(catalogText(constants));
        return 0;
      }
    }
    return 2;
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`tapipkt: ${e.message}`);
      return 2;
    }
    // The reader went away (`| head`): stop quietly, as Unix tools do.
    if ((e as NodeJS.ErrnoException).code === 'EPIPE') return 0;
    io.err(`tapipkt: internal error: ${(e as Error).message}`);
    return 2;
  }
}

if (require.main === module) {
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  });
  const chunks: (string | Uint8Array)[] = [];
  void run(process.argv.slice(2), {
    out: (d) => chunks.push(d),
    err: (l) => process.stderr.write(l + '\n'),
    stdin: () => process.stdin,
    stdout: process.stdout,
  }).then((code) => {
    // stdout is written only after the command succeeded, so bad input leaves it empty.
    if (code === 0 || code === 1) for (const c of chunks) process.stdout.write(c);
    else if (chunks.length && argvIsHelp(process.argv.slice(2))) for (const c of chunks) process.stdout.write(c);
    process.exitCode = code;
  });
}

/**
 * The bytes `decode` reads: `--hex HEX`, `--hex -` (hex on stdin), `--hex @FILE` (hex in a
 * file), or FILE (binary; a file of hex text is read as hex, with an info line saying so).
 * `columns`: issue columns point into the hex (only for hex given on the command line).
 */
function readDecodeInput(hex: string | undefined, path: string | undefined, err: (l: string) => void): { bytes: Uint8Array; file: string; columns: boolean } {
  if (hex === '-') return { bytes: hexOrFail(readStdin().toString('utf8'), '<stdin>'), file: '<stdin>', columns: false };
  if (hex !== undefined && hex.startsWith('@')) {
    const p = hex.slice(1);
    if (p === '') throw new UsageError('--hex @FILE needs a file name after @');
    return { bytes: hexOrFail(readFileOrFail(p).toString('utf8'), p), file: p, columns: false };
  }
  if (hex !== undefined) return { bytes: hexOrFail(hex, '--hex'), file: '<hex>', columns: true };
  const data = new Uint8Array(readFileOrFail(path!));
  const fromHex = hexTextOf(data);
  if (fromHex) {
    err(formatDiagnostic(path!, 1, 1, 'info', `${path} holds hex text, not binary: decoded the ${fromHex.length} bytes it spells (--hex @${path} says so explicitly)`, 'TP1301'));
    return { bytes: fromHex, file: path!, columns: false };
  }
  return { bytes: data, file: path!, columns: false };
}

function argvIsHelp(argv: readonly string[]): boolean {
  return argv.length === 0;
}
