/**
 * `tapipkt dissector`: a Wireshark Lua plugin generated from the catalog, so that a capture of a
 * tapsrv exchange shows every ClientRequest buffer (MS-TRP 3.1.4.2) field by field: the request's
 * layout chosen by its Req_Func, the reply read as the same layout with Ack_ReturnValue at byte 0
 * (paired with its request by TCP stream and call id), strings and GUIDs the offsets point at, and
 * the names of constants; a GetAsyncEvents reply's events (MS-TRP 2.2.5.1) each as its Msg's layout.
 * ClientAttach (3.1.4.1) and ClientDetach (3.1.4.3) show their arguments.
 * NDR of the three calls (MS-TRP 3.1.4): ClientAttach in: lProcessID, pszDomainUser, pszMachine
 * ([string] wchar_t*), out: context handle (20 bytes), phAsyncEventsEvent, the long it returns;
 * ClientRequest in: context handle, pBuffer (conformant varying), lNeededSize, plUsedSize; out:
 * pBuffer, plUsedSize (it returns void); ClientDetach in and out: the context handle.
 *
 * The plugin is a post-dissector over DCE/RPC's `dcerpc.stub_data`: Wireshark's own TAPI
 * dissector (4.0) keeps the buffer as `tapi.unknown.bytes`, so it is turned off for the plugin to
 * see the stub (`tshark --disable-protocol tapi`, or Analyze > Enabled Protocols in the GUI).
 * Only stubs whose NDR framing holds together are read; anything else is left alone.
 */
import { type ConstTable, type FieldDef, type Layout, TAPSRV_OPNUM, TAPSRV_UUID } from '../codec/index.js';

/** What the generator reads: the catalog's layouts and constant tables. */
export interface DissectorCatalog {
  layouts: readonly Layout[];
  tables: ReadonlyMap<string, ConstTable>;
  /** The layout an event of each Msg is shown as (the catalog index's first of that Msg). */
  byMsg: ReadonlyMap<number, Layout>;
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Constant tables with more names than this get no value string (the tree shows the number). */
const MAX_NAMES = 400;

/** A Lua string literal for an ASCII identifier-like text (the generator only emits those). */
const lua = (s: string): string => `"${s.replace(/[^A-Za-z0-9_ .,:()/=-]/g, '')}"`;

/** One field of the generated table: how the plugin shows it. */
interface PluginField {
  name: string;
  offset: number;
  size: number;
  /** u32, u16, u8 or bytes; `item` names what an offset points at. */
  kind: 'u32' | 'u16' | 'u8' | 'bytes';
  item?: 'wstr' | 'str' | 'guid' | 'bytes';
  sizeField?: string;
  table?: string;
}

function pluginFields(L: Layout): PluginField[] {
  const out: PluginField[] = [];
  for (const f of L.fields) {
    if (!IDENT.test(f.name)) continue;
    const p = pluginField(f);
    if (p) out.push(p);
  }
  return out;
}

function pluginField(f: FieldDef): PluginField | undefined {
  const t = f.type;
  const at = { name: f.name, offset: f.offset };
  switch (t.kind) {
    case 'int':
      return { ...at, size: t.width, kind: t.width === 4 ? 'u32' : t.width === 2 ? 'u16' : 'u8', ...(t.table && !t.flags ? { table: t.table } : {}) };
    case 'offset': {
      const k = t.target.kind;
      const item = k === 'wstr' || k === 'str' || k === 'guid' || k === 'bytes' ? k : undefined;
      return { ...at, size: 4, kind: 'u32', ...(item ? { item } : {}), ...(t.sizeField ? { sizeField: t.sizeField } : {}) };
    }
    case 'size':
    case 'count':
    case 'total':
    case 'varsize':
      return { ...at, size: 4, kind: 'u32' };
    case 'bytes':
    case 'inline':
    case 'union':
      return f.size > 0 ? { ...at, size: f.size, kind: 'bytes' } : undefined;
    default:
      return undefined;
  }
}

/**
 * One layout as the plugin's Lua table: name, fixed size, and a row per field {name, offset, size,
 * kind, item, sizeField, ProtoField} under `prefix`. With `tables` (a request), offsets name what
 * they point at and fields that take a constant show its name; without (an event), neither.
 */
function layoutTable(prefix: string, L: Layout, fields: readonly PluginField[], tables: ReadonlySet<string> | undefined): string {
  const rows = fields.map((f) => {
    const abbrev = lua(`${prefix}.${f.name}`);
    const item = tables ? f.item : undefined;
    const table = tables && f.table && tables.has(f.table) ? f.table : undefined;
    const base = tables && (f.table || f.item) ? 'HEX' : 'DEC_HEX';
    const proto = f.kind === 'bytes'
      ? `ProtoField.bytes(${abbrev}, ${lua(f.name)})`
      : `ProtoField.${f.kind === 'u32' ? 'uint32' : f.kind === 'u16' ? 'uint16' : 'uint8'}(${abbrev}, ${lua(f.name)}, base.${base}${table ? `, vs[${lua(table)}]` : ''})`;
    const sizeField = tables && f.sizeField && IDENT.test(f.sizeField) ? lua(f.sizeField) : 'nil';
    return `  {${lua(f.name)},${f.offset},${f.size},"${f.kind}",${item ? `"${item}"` : 'nil'},${sizeField},${proto}},`;
  });
  return [`{name=${lua(L.name)}, fixed=${L.fixedSize}, fields={`, ...rows, '}}'].join('\n');
}

/** The Lua source of the plugin for `catalog`, made by tapipkt `version`. */
export function wiresharkDissector(catalog: DissectorCatalog, version: string): string {
  const requests = catalog.layouts.filter((L) => L.kind === 'request' && L.reqFunc !== undefined && IDENT.test(L.name)).map((L) => ({ L, fields: pluginFields(L) }));
  const usedTables = new Set<string>();
  for (const r of requests) for (const f of r.fields) if (f.table) usedTables.add(f.table);
  const out: string[] = [];
  out.push(
    `-- tapsrv.lua: a Wireshark dissector for MS-TRP (tapsrv) buffers, generated by tapipkt ${version}`,
    '-- from its catalog of request layouts. Install: copy to your Wireshark plugins folder, or run',
    '--   tshark -X lua_script:tapsrv.lua --disable-protocol tapi -d tcp.port==PORT,dcerpc -r CAPTURE',
    "-- Wireshark's own TAPI dissector keeps the buffer to itself: turn it off (--disable-protocol tapi,",
    '-- or Analyze > Enabled Protocols) so that this post-dissector sees dcerpc.stub_data.',
    '',
    'local tapsrv = Proto("tapsrv", "MS-TRP tapsrv buffer (tapipkt)")',
    'local f_stub = Field.new("dcerpc.stub_data")',
    'local f_opnum = Field.new("dcerpc.opnum")',
    'local f_ptype = Field.new("dcerpc.pkt_type")',
    'local f_call = Field.new("dcerpc.cn_call_id")',
    'local f_stream = Field.new("tcp.stream")',
    'local f_uuid = Field.new("dcerpc.cn_bind_to_uuid")',
    'local f_ctx = Field.new("dcerpc.cn_ctx_id")',
    '',
    'local pf = {',
    '  call = ProtoField.string("tapsrv.call", "Call"),',
    '  packet = ProtoField.string("tapsrv.packet", "Packet"),',
    '  context = ProtoField.bytes("tapsrv.context", "Context handle"),',
    '  needed = ProtoField.uint32("tapsrv.lNeededSize", "lNeededSize"),',
    '  used = ProtoField.uint32("tapsrv.plUsedSize", "plUsedSize"),',
    '  status = ProtoField.uint32("tapsrv.return", "Return value", base.HEX),',
    '  ack = ProtoField.uint32("tapsrv.Ack_ReturnValue", "Ack_ReturnValue", base.HEX),',
    '  process = ProtoField.uint32("tapsrv.lProcessID", "lProcessID", base.HEX),',
    '  event = ProtoField.uint32("tapsrv.phAsyncEventsEvent", "phAsyncEventsEvent", base.HEX),',
    '  user = ProtoField.string("tapsrv.pszDomainUser", "pszDomainUser"),',
    '  machine = ProtoField.string("tapsrv.pszMachine", "pszMachine"),',
    '  text = ProtoField.string("tapsrv.text", "Text"),',
    '  guid = ProtoField.guid("tapsrv.guid", "GUID"),',
    '  blob = ProtoField.bytes("tapsrv.blob", "Bytes"),',
    '  vardata = ProtoField.bytes("tapsrv.vardata", "VarData"),',
    '  asyncevent = ProtoField.string("tapsrv.event", "Event"),',
    '}',
    '',
    '-- Constant names (MS-TRP 2.2.3) for fields that take one value of a table.',
    'local vs = {}',
  );
  for (const name of [...usedTables].sort()) {
    const t = catalog.tables.get(name);
    if (!t || !IDENT.test(name) || t.entries.length > MAX_NAMES) continue;
    const seen = new Set<number>();
    const pairs: string[] = [];
    for (const e of t.entries) {
      if (seen.has(e.value) || !IDENT.test(e.name)) continue;
      seen.add(e.value);
      pairs.push(`[${e.value}]=${lua(e.name)}`);
    }
    out.push(`vs[${lua(name)}] = {${pairs.join(',')}}`);
  }
  out.push('', '-- The request layouts, by Req_Func: name, fixed size, fields {name, offset, size, kind, item, sizeField, ProtoField}.', 'local layouts = {}');
  for (const { L, fields } of requests) out.push(`layouts[${L.reqFunc}] = ${layoutTable(`tapsrv.${L.name}`, L, fields, usedTables)}`);
  out.push('', '-- The events a GetAsyncEvents reply carries in VarData (MS-TRP 2.2.5.1), by Msg: the generic layout of each.', 'local events = {}');
  for (const [msg, L] of [...catalog.byMsg.entries()].sort((a, b) => a[0] - b[0])) {
    if (IDENT.test(L.name)) out.push(`events[${msg}] = ${layoutTable(`tapsrv.event.${L.name}`, L, pluginFields(L), undefined)}`);
  }
  out.push(RUNTIME);
  return out.join('\n') + '\n';
}

/** The hand-written part of the plugin: NDR framing, the field walk, request/reply pairing. */
const RUNTIME = `
local fields = {}
for _, v in pairs(pf) do fields[#fields + 1] = v end
for _, L in pairs(layouts) do for _, f in ipairs(L.fields) do fields[#fields + 1] = f[7] end end
for _, L in pairs(events) do for _, f in ipairs(L.fields) do fields[#fields + 1] = f[7] end end
tapsrv.fields = fields

local asyncEvents

-- Requests seen, by "stream:call id": the layout their reply is read as.
local pending = {}
-- Presentation contexts bound to tapsrv's interface, by "stream:context id".
local TAPSRV = "${TAPSRV_UUID}"
local bound = {}

local function u32(tvb, at) return tvb(at, 4):le_uint() end

-- Length in bytes of the NUL-terminated UTF-16 string at \`at\` (the NUL included), or nil.
local function wlen(tvb, at)
  local n = tvb:len()
  local p = at
  while p + 1 < n do
    if tvb(p, 2):le_uint() == 0 then return p + 2 - at end
    p = p + 2
  end
  return nil
end

local function alen(tvb, at)
  local n = tvb:len()
  for p = at, n - 1 do if tvb(p, 1):uint() == 0 then return p + 1 - at end end
  return nil
end

-- The buffer as \`layout\`: its fields, then what its offsets point at (offsets count from the
-- end of the fixed part, MS-TRP 2.2.4.1). Byte 0 is Req_Func in a request, Ack_ReturnValue in a reply.
local function buffer(tvb, tree, L, reply)
  local t = tree:add(tapsrv, tvb(), L.name .. (reply and " (reply)" or ""))
  t:add(pf.packet, L.name):set_generated()
  local values = {}
  for i, f in ipairs(L.fields) do
    local name, off, size, kind = f[1], f[2], f[3], f[4]
    if off + size <= tvb:len() then
      if i == 1 and reply then
        t:add_le(pf.ack, tvb(off, 4))
      elseif kind == "bytes" then
        t:add(f[7], tvb(off, size))
      else
        t:add_le(f[7], tvb(off, size))
        values[name] = tvb(off, size):le_uint()
      end
    end
  end
  local n = tvb:len()
  if n > L.fixed then t:add(pf.vardata, tvb(L.fixed, n - L.fixed)) end
  for _, f in ipairs(L.fields) do
    local item, v = f[5], values[f[1]]
    if item and v and v ~= 0xFFFFFFFF then
      local at = L.fixed + v
      if at < n then
        if item == "wstr" or item == "str" then
          -- (not \`a and b or c\`: a wide string without its NUL must not be measured as an 8-bit one)
          local wide = item == "wstr"
          local len
          if wide then len = wlen(tvb, at) else len = alen(tvb, at) end
          if len then
            local r = tvb(at, len)
            local v
            if wide then v = r:le_ustringz() else v = r:stringz() end
            t:add(pf.text, r, v):set_text(f[1] .. ' -> "' .. v .. '"')
          end
        elseif item == "guid" and at + 16 <= n then
          t:add_le(pf.guid, tvb(at, 16)):prepend_text(f[1] .. " -> ")
        elseif item == "bytes" and f[6] and values[f[6]] and at + values[f[6]] <= n and values[f[6]] > 0 then
          t:add(pf.blob, tvb(at, values[f[6]])):prepend_text(f[1] .. " -> ")
        end
      end
    end
  end
  return t
end

-- A conformant varying byte array (NDR): max count, offset, actual count, bytes; nil unless it holds together.
local function array(tvb, at)
  if at + 12 > tvb:len() then return nil end
  local max, offset, actual = u32(tvb, at), u32(tvb, at + 4), u32(tvb, at + 8)
  if offset ~= 0 or actual > max or at + 12 + actual > tvb:len() then return nil end
  return at + 12, actual
end

-- A [string] wchar_t* argument: max count, offset, actual count (characters, NUL included).
local function wstring(tvb, at)
  if at + 12 > tvb:len() then return nil end
  local max, offset, actual = u32(tvb, at), u32(tvb, at + 4), u32(tvb, at + 8)
  if offset ~= 0 or actual > max or at + 12 + 2 * actual > tvb:len() then return nil end
  local s = actual > 0 and tvb(at + 12, 2 * actual):le_ustringz() or ""
  local nxt = at + 12 + 2 * actual
  return s, tvb(at, nxt - at), nxt + (4 - nxt % 4) % 4
end

-- GetAsyncEvents' reply: dwUsedBufferSize bytes of events in VarData, each an ASYNCEVENTMSG whose
-- TotalSize (byte 0) is its length and Msg (byte 16) its kind; shown as the Msg's generic layout.
asyncEvents = function(tvb, tree)
  local fixed = layouts[0] and layouts[0].fixed or 60
  if tvb:len() < fixed then return end
  local used = u32(tvb, 16)
  local stop = math.min(tvb:len(), fixed + used)
  local p, i = fixed, 0
  while p + 40 <= stop do
    local size, msg = u32(tvb, p), u32(tvb, p + 16)
    if size < 40 or p + size > stop then break end
    i = i + 1
    local E = events[msg]
    local e = tree:add(tapsrv, tvb(p, size), "Event " .. i .. ": " .. (E and E.name or string.format("Msg 0x%02X", msg)) .. " (" .. size .. " bytes)")
    e:add(pf.asyncevent, E and E.name or string.format("Msg 0x%02X", msg)):set_generated()
    if E then
      for _, f in ipairs(E.fields) do
        if f[2] + f[3] <= size then
          if f[4] == "bytes" then e:add(f[7], tvb(p + f[2], f[3])) else e:add_le(f[7], tvb(p + f[2], f[3])) end
        end
      end
    end
    p = p + size + (4 - size % 4) % 4
  end
end

local function request(tvb, tree, key)
  -- ClientRequest: context handle (20), the buffer, lNeededSize, plUsedSize.
  if tvb:len() < 40 then return end
  local start, actual = array(tvb, 20)
  if not start or actual < 4 then return end
  local after = start + actual + (4 - actual % 4) % 4
  if after + 8 ~= tvb:len() then return end
  local L = layouts[u32(tvb, start)]
  local t = tree:add(tapsrv, tvb(), "ClientRequest" .. (L and (": " .. L.name) or ""))
  t:add(pf.call, "ClientRequest"):set_generated()
  t:add(pf.context, tvb(0, 20))
  t:add_le(pf.needed, tvb(after, 4))
  t:add_le(pf.used, tvb(after + 4, 4))
  if L then
    buffer(tvb(start, actual):tvb(), t, L, false)
    pending[key] = L
  end
end

local function reply(tvb, tree, key)
  -- ClientRequest's response (the method returns void): the buffer, then plUsedSize.
  local start, actual = array(tvb, 0)
  if not start then return end
  local after = start + actual + (4 - actual % 4) % 4
  if after + 4 ~= tvb:len() then return end
  local L = pending[key]
  local t = tree:add(tapsrv, tvb(), "ClientRequest reply" .. (L and (": " .. L.name) or ""))
  t:add(pf.call, "ClientRequest reply"):set_generated()
  t:add_le(pf.used, tvb(after, 4))
  if L and actual >= 4 then
    local b = tvb(start, actual):tvb()
    local sub = buffer(b, t, L, true)
    if L.name == "GetAsyncEvents" then asyncEvents(b, sub) end
  end
end

local function attach(tvb, tree, response)
  local t = tree:add(tapsrv, tvb(), response and "ClientAttach reply" or "ClientAttach")
  t:add(pf.call, response and "ClientAttach reply" or "ClientAttach"):set_generated()
  if response then
    if tvb:len() ~= 28 then return end
    t:add(pf.context, tvb(0, 20))
    t:add_le(pf.event, tvb(20, 4))
    t:add_le(pf.status, tvb(24, 4))
    return
  end
  if tvb:len() < 4 then return end
  t:add_le(pf.process, tvb(0, 4))
  local user, urange, nxt = wstring(tvb, 4)
  if not user then return end
  t:add(pf.user, urange, user)
  local machine, mrange = wstring(tvb, nxt)
  if machine then t:add(pf.machine, mrange, machine) end
end

local function detach(tvb, tree, response)
  if tvb:len() < 20 then return end
  local t = tree:add(tapsrv, tvb(), response and "ClientDetach reply" or "ClientDetach")
  t:add(pf.call, response and "ClientDetach reply" or "ClientDetach"):set_generated()
  t:add(pf.context, tvb(0, 20))
end

function tapsrv.dissector(tvb, pinfo, tree)
  local stream = f_stream()
  local sid = tostring(stream and stream.value or "")
  -- A bind (packet type 11) or alter context (14): note the contexts that name tapsrv's interface.
  local uuids = { f_uuid() }
  if #uuids > 0 then
    local ctxs = { f_ctx() }
    for i, u in ipairs(uuids) do
      if ctxs[i] and string.lower(tostring(u)) == TAPSRV then bound[sid .. ":" .. tostring(ctxs[i].value)] = true end
    end
    return
  end
  local stubs, opnums, types, calls, ctxs = { f_stub() }, { f_opnum() }, { f_ptype() }, { f_call() }, { f_ctx() }
  if #stubs == 0 or #stubs ~= #opnums or #stubs ~= #types then return end
  for i, s in ipairs(stubs) do
    local opnum, ptype = opnums[i].value, types[i].value
    local key = sid .. ":" .. tostring(calls[i] and calls[i].value or i)
    -- Calls on a context bound to tapsrv; a capture that starts after the bind still shows
    -- ClientRequest, whose framing (array, lengths, a known Req_Func) is checked byte by byte.
    local known = ctxs[i] ~= nil and bound[sid .. ":" .. tostring(ctxs[i].value)] == true
    local stub = s.range:tvb()
    -- Packet types: 0 request, 2 response.
    if ptype == 0 or ptype == 2 then
      local response = ptype == 2
      if opnum == ${TAPSRV_OPNUM.ClientRequest} then
        if not response then request(stub, tree, key)
        elseif known or pending[key] then reply(stub, tree, key) end
      elseif known and opnum == ${TAPSRV_OPNUM.ClientAttach} then attach(stub, tree, response)
      elseif known and opnum == ${TAPSRV_OPNUM.ClientDetach} then detach(stub, tree, response) end
    end
  end
end

register_postdissector(tapsrv)
`;
