#!/usr/bin/env python3
# TEST CODE, NOT A PRODUCT FEATURE.
#
# A stand-in for tapsrv, so that the scripts `tapipkt export --format impacket` writes can be run
# against a live RPC endpoint in tests, offline. It is not tapsrv: it understands no request,
# checks no rule, and must never be pointed at or offered to anyone as a telephony server.
#
# impacket's DCERPCServer on 127.0.0.1, a free port, ncacn_ip_tcp, no authentication, serving the
# tapsrv interface (MS-TRP 1.9 and 6.2):
#   ClientAttach  (opnum 0) -> a fresh context handle, phAsyncEventsEvent, 0;
#   ClientRequest (opnum 1) -> the request buffer sent back with 0 in byte 0 (Ack_ReturnValue)
#                              and, for each --handle REQ_FUNC:OFFSET whose Req_Func the request
#                              carries, a handle of its own choosing written at OFFSET;
#   ClientDetach  (opnum 2) -> a zeroed context handle.
# Every call is recorded (opnum, decoded arguments, raw stub, what was answered) to the --record
# JSON file, rewritten after each call. `--refuse N` answers the N-th ClientRequest on each
# context handle with an RPC fault instead (access denied), so a test can see how a client
# reports a failed step. `--die-at N` records the N-th ClientRequest on a context handle and then
# exits at once, closing every connection: a server that stops answering, for the fuzz loop.
#
# usage: tapsrv-standin.py --record FILE [--handle REQ_FUNC:OFFSET]... [--refuse N] [--die-at N]
# Prints `listening 127.0.0.1 PORT` on stdout once connections are accepted; exits when its stdin
# closes (the test that started it ended).

import argparse
import json
import os
import random
import struct
import sys
import threading

from impacket.dcerpc.v5 import rpcrt

TAPSRV = ('2F5F6520-CA46-1067-B319-00DD010662DA', '1.0')
ACCESS_DENIED = 0x00000005          # rpc_s_access_denied
CONTEXT_MISMATCH = 0x1C00001A       # nca_s_fault_context_mismatch
BAD_STUB_DATA = 0x000006F7          # rpc_x_bad_stub_data
ASYNC_EVENTS_EVENT = 0xA5C369A5     # MS-TRP 3.1.4.1, for lProcessID 0xFFFFFFFF


class Fault(Exception):
    def __init__(self, status):
        Exception.__init__(self, '0x%08X' % status)
        self.status = status


class Reader:
    """Reads NDR from a stub; every read checks that the bytes are there."""

    def __init__(self, data):
        self.data, self.at = data, 0

    def take(self, n):
        if self.at + n > len(self.data):
            raise ValueError('stub of %d bytes ends before byte %d' % (len(self.data), self.at + n))
        out = self.data[self.at:self.at + n]
        self.at += n
        return out

    def u32(self):
        return struct.unpack('<L', self.take(4))[0]

    def align4(self):
        self.at += -self.at % 4

    def conformant_varying(self, unit):
        max_count, offset, actual = self.u32(), self.u32(), self.u32()
        return {'maxCount': max_count, 'offset': offset, 'actualCount': actual, 'data': self.take(actual * unit)}


class StandIn(rpcrt.DCERPCServer):
    def __init__(self, record_path, handles, refuse, die_at=0):
        rpcrt.DCERPCServer.__init__(self)
        self.daemon = True
        self.ready = threading.Event()
        self.record_path = record_path
        self.handles = handles
        self.refuse = refuse
        self.die_at = die_at
        self.contexts = {}  # context handle -> ClientRequests served on it
        self.rng = random.SystemRandom()
        self.calls = []
        self.lock = threading.Lock()
        self.addCallbacks(TAPSRV, '', {0: self.client_attach, 1: self.client_request, 2: self.client_detach})
        self.save()

    def run(self):
        self._sock.listen(10)
        self.ready.set()
        rpcrt.DCERPCServer.run(self)

    def save(self):
        tmp = self.record_path + '.tmp'
        with open(tmp, 'w') as f:
            json.dump({'port': self.getListenPort(), 'calls': self.calls}, f, indent=2)
        os.replace(tmp, self.record_path)

    def record(self, entry):
        with self.lock:
            self.calls.append(entry)
            self.save()

    def handle(self):
        return self.rng.randrange(0x00010000, 0xFFFF0000)

    def client_attach(self, stub):
        entry = {'opnum': 0, 'stub': stub.hex()}
        try:
            r = Reader(stub)
            pid = r.u32()
            user = r.conformant_varying(2)
            r.align4()
            machine = r.conformant_varying(2)
            entry.update({'lProcessID': pid,
                          'pszDomainUser': dict(user, data=user['data'].hex(), text=user['data'].decode('utf-16-le', 'surrogatepass')),
                          'pszMachine': dict(machine, data=machine['data'].hex(), text=machine['data'].decode('utf-16-le', 'surrogatepass'))})
        except ValueError as e:
            entry['error'] = str(e)
            self.record(entry)
            raise Fault(BAD_STUB_DATA)
        context = b'\x00\x00\x00\x00' + os.urandom(16)
        self.contexts[context] = 0
        event = ASYNC_EVENTS_EVENT if pid == 0xFFFFFFFF else 0
        entry['answer'] = {'context': context.hex(), 'phAsyncEventsEvent': event, 'result': 0}
        self.record(entry)
        return context + struct.pack('<LL', event, 0)

    def client_request(self, stub):
        entry = {'opnum': 1, 'stub': stub.hex()}
        try:
            r = Reader(stub)
            context = r.take(20)
            buf = r.conformant_varying(1)
            r.align4()
            needed, used = r.u32(), r.u32()
        except ValueError as e:
            entry['error'] = str(e)
            self.record(entry)
            raise Fault(BAD_STUB_DATA)
        entry.update({'context': context.hex(), 'maxCount': buf['maxCount'], 'offset': buf['offset'],
                      'actualCount': buf['actualCount'], 'buffer': buf['data'].hex(),
                      'lNeededSize': needed, 'plUsedSize': used})
        if context not in self.contexts:
            entry['answer'] = {'fault': CONTEXT_MISMATCH}
            self.record(entry)
            raise Fault(CONTEXT_MISMATCH)
        self.contexts[context] += 1
        entry['index'] = self.contexts[context]
        if entry['index'] == self.die_at:
            entry['answer'] = {'died': True}
            self.record(entry)
            os._exit(0)
        if entry['index'] == self.refuse:
            entry['answer'] = {'fault': ACCESS_DENIED}
            self.record(entry)
            raise Fault(ACCESS_DENIED)
        reply = bytearray(buf['data'])
        filled = []
        req_func = struct.unpack_from('<L', reply, 0)[0] if len(reply) >= 4 else None
        for func, at in self.handles:
            if func == req_func and at + 4 <= len(reply):
                value = self.handle()
                reply[at:at + 4] = struct.pack('<L', value)
                filled.append({'at': at, 'value': value})
        if len(reply) >= 4:
            reply[0:4] = b'\x00\x00\x00\x00'
        entry['answer'] = {'buffer': bytes(reply).hex(), 'filled': filled}
        self.record(entry)
        out = struct.pack('<LLL', needed, 0, len(reply)) + bytes(reply)
        out += b'\x00' * (-len(out) % 4)
        return out + struct.pack('<L', len(reply))

    def client_detach(self, stub):
        entry = {'opnum': 2, 'stub': stub.hex(), 'context': stub[:20].hex()}
        self.contexts.pop(bytes(stub[:20]), None)
        entry['answer'] = {'context': '00' * 20}
        self.record(entry)
        return b'\x00' * 20

    def processRequest(self, data):
        # As the base class, except that a callback's Fault becomes an RPC fault PDU with its status.
        packet = rpcrt.MSRPCHeader(data)
        if packet['type'] != rpcrt.MSRPC_REQUEST:
            return rpcrt.DCERPCServer.processRequest(self, data)
        request = rpcrt.MSRPCRequestHeader(data)
        response = rpcrt.MSRPCRespHeader(data)
        response['type'] = rpcrt.MSRPC_RESPONSE
        callbacks = self._listenUUIDS[self._boundUUID]['CallBacks']
        try:
            if request['op_num'] not in callbacks:
                raise Fault(0x000006E4)  # rpc_s_cannot_support
            response['pduData'] = callbacks[request['op_num']](request['pduData'])
        except Fault as f:
            response['type'] = rpcrt.MSRPC_FAULT
            response['pduData'] = struct.pack('<LL', f.status, 0)
        response['frag_len'] = len(response)
        return response


def handle_arg(text):
    func, _, at = text.partition(':')
    return int(func, 0), int(at, 0)


def main():
    p = argparse.ArgumentParser(description='TEST CODE: a stand-in for tapsrv (see the header).')
    p.add_argument('--record', required=True)
    p.add_argument('--handle', type=handle_arg, action='append', default=[])
    p.add_argument('--refuse', type=int, default=0)
    p.add_argument('--die-at', type=int, default=0)
    args = p.parse_args()
    server = StandIn(args.record, args.handle, args.refuse, args.die_at)
    server.start()
    server.ready.wait()
    print('listening 127.0.0.1 %d' % server.getListenPort())
    sys.stdout.flush()
    # Runs until its stdin closes: a test that dies cannot leave a stand-in behind.
    sys.stdin.read()


if __name__ == '__main__':
    main()
