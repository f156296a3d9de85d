/**
 * The NDR stubs of the tapsrv RPC methods (MS-TRP 3.1.4, IDL in 6.2), as a capture shows them
 * (Wireshark's `dcerpc.stub_data`): the arguments of ClientAttach and ClientRequest and what
 * ClientRequest returned. NDR 2.0, little-endian, ncacn (C706 14): `[in, string] wchar_t*` is a
 * reference pointer, so its conformant-varying array follows directly (max count, offset, actual
 * count, then the elements); each array is followed by padding to 4 bytes. Pure: a stub that
 * does not read as the method's arguments gives a message, never an exception.
 */

import { readU32le, readUtf16, toHex } from './bytes.js';

/** The opnums of the tapsrv interface (MS-TRP 3.1.4). */
export const TAPSRV_OPNUM = { ClientAttach: 0, ClientRequest: 1, ClientDetach: 2 } as const;

/** The tapsrv interface UUID (MS-TRP 1.9; 2F5F6521-... is remotesp's). */
export const TAPSRV_UUID = '2f5f6520-ca46-1067-b319-00dd010662da';

/** ClientAttach's `[in]` arguments (MS-TRP 3.1.4.1). Strings are as sent, their NUL included. */
export interface AttachArgs {
  lProcessID: number;
  pszDomainUser: string;
  pszMachine: string;
}

/** ClientRequest's `[in]` arguments (MS-TRP 3.1.4.2). */
export interface RequestArgs {
  /** PCONTEXT_HANDLE_TYPE: 20 bytes, as hex. */
  context: string;
  /** The buffer sent: the `length_is(*plUsedSize)` elements of pBuffer. */
  buffer: Uint8Array;
  /** The array's max count, which the client sets to lNeededSize. */
  maxCount: number;
  lNeededSize: number;
  plUsedSize: number;
}

/** ClientRequest's `[out]` values: the buffer the server returned and *plUsedSize. */
export interface RequestResult {
  buffer: Uint8Array;
  plUsedSize: number;
}

/** ClientAttach's `[out]` values (MS-TRP 3.1.4.1): the context handle (hex) and the result. */
export interface AttachResult {
  context: string;
  phAsyncEventsEvent: number;
  result: number;
}

type Parsed<T> = { value: T } | { error: string };

/** Reads NDR from a stub; every read checks that the bytes are there. */
class Reader {
  at = 0;
  constructor(private readonly b: Uint8Array) {}
  take(n: number, what: string): Uint8Array {
    if (this.at + n > this.b.length) throw new StubError(`${what}: needs ${n} bytes at byte ${this.at}, the stub has ${this.b.length}`);
    const out = this.b.subarray(this.at, this.at + n);
    this.at += n;
    return out;
  }
  u32(what: string): number {
    return readU32le(this.take(4, what), 0);
  }
  align4(): void {
    this.at = Math.min(this.b.length, (this.at + 3) & ~3);
  }
  /** A conformant-varying array of `unit`-byte elements; the elements' bytes. */
  conformantVarying(unit: number, what: string): { maxCount: number; data: Uint8Array } {
    const maxCount = this.u32(`${what} max count`);
    const offset = this.u32(`${what} offset`);
    const actual = this.u32(`${what} actual count`);
    if (offset !== 0) throw new StubError(`${what}: array offset ${offset} (NDR sends 0 here)`);
    // actual > maxCount breaks NDR, but a crafted client may send it; the bytes are still there to read.
    return { maxCount, data: this.take(actual * unit, `${what} elements`) };
  }
}

/** Internal: a read past the stub's end or a malformed array, turned into a message below. */
class StubError extends Error {}

function parse<T>(read: (r: Reader) => T, stub: Uint8Array): Parsed<T> {
  try {
    return { value: read(new Reader(stub)) };
  } catch (e) {
    if (e instanceof StubError) return { error: e.message };
    throw e;
  }
}

/** UTF-16LE bytes to a string (an odd last byte is dropped; the caller reports it). */
const utf16 = (b: Uint8Array): string => readUtf16(b, 0, b.length);

/** ClientAttach's request stub: lProcessID, pszDomainUser, pszMachine. */
export function parseAttachRequest(stub: Uint8Array): Parsed<AttachArgs> {
  return parse((r) => {
    const lProcessID = r.u32('lProcessID');
    const user = r.conformantVarying(2, 'pszDomainUser');
    r.align4();
    const machine = r.conformantVarying(2, 'pszMachine');
    return { lProcessID, pszDomainUser: utf16(user.data), pszMachine: utf16(machine.data) };
  }, stub);
}

/** ClientAttach's response stub: the context handle, phAsyncEventsEvent, the long result. */
export function parseAttachResponse(stub: Uint8Array): Parsed<AttachResult> {
  return parse((r) => ({ context: toHex(r.take(20, 'context handle')), phAsyncEventsEvent: r.u32('phAsyncEventsEvent'), result: r.u32('return value') }), stub);
}

/** ClientRequest's request stub: context handle, pBuffer, lNeededSize, plUsedSize. */
export function parseRequestRequest(stub: Uint8Array): Parsed<RequestArgs> {
  return parse((r) => {
    const context = toHex(r.take(20, 'context handle'));
    const buf = r.conformantVarying(1, 'pBuffer');
    r.align4();
    const lNeededSize = r.u32('lNeededSize');
    const plUsedSize = r.u32('plUsedSize');
    return { context, buffer: buf.data, maxCount: buf.maxCount, lNeededSize, plUsedSize };
  }, stub);
}

/** ClientRequest's response stub: pBuffer (as returned) and *plUsedSize (the method is void). */
export function parseRequestResponse(stub: Uint8Array): Parsed<RequestResult> {
  return parse((r) => {
    const buf = r.conformantVarying(1, 'pBuffer');
    r.align4();
    return { buffer: buf.data, plUsedSize: r.u32('plUsedSize') };
  }, stub);
}

/** ClientRequest's and ClientDetach's context handle: the first 20 bytes of the stub, as hex. */
export function stubContext(stub: Uint8Array): string | undefined {
  return stub.length >= 20 ? toHex(stub.subarray(0, 20)) : undefined;
}
