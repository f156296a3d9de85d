/**
 * The syntax tree of a `.tapipkt` document. Every node has character offsets `start`/`end`.
 */

export interface Node {
  start: number;
  end: number;
}

export interface Ident extends Node {
  text: string;
}

/** `@name` or `@name(arg, ...)`. */
export interface Attribute extends Node {
  name: Ident;
  args: Expr[];
}

/** A value expression (definitions and packets share it). */
export type Expr =
  | ({ kind: 'number'; value: number; text: string } & Node)
  | ({ kind: 'string'; value: string } & Node)
  | ({ kind: 'guid'; text: string } & Node)
  | ({ kind: 'name'; name: Ident } & Node)
  | ({ kind: 'or'; parts: Expr[] } & Node)
  | ({ kind: 'hex'; text: string; bodyStart: number } & Node)
  | ({ kind: 'struct'; body: Assignment[]; closed: boolean } & Node)
  /** `[ {...} {...} ]`: the entries of a list field (commas between entries are optional). */
  | ({ kind: 'list'; items: Expr[]; closed: boolean } & Node)
  | ({ kind: 'null' } & Node)
  | ({ kind: 'raw'; value: Expr | undefined } & Node)
  /** `STEP.FIELD` in a session step: a u32 read from an earlier step's reply at run time. */
  | ({ kind: 'ref'; step: Ident; field: Ident } & Node)
  | ({ kind: 'missing' } & Node);

/** `name = value` inside a packet or a nested structure value. */
export interface Assignment extends Node {
  name: Ident;
  value: Expr;
  /** `// keep` style marker: `!` after the value silences pin warnings (see README). */
  keep: boolean;
}

/** A field's type as written. */
export type TypeRef =
  | ({ kind: 'named'; name: Ident; /** `STRUCT[]`: entries laid inline at the end of a structure. */ list?: boolean } & Node)
  | ({ kind: 'bytes'; length: Expr | undefined } & Node)
  | ({ kind: 'offset'; target: Ident | undefined; /** `offset<T[]>`: a list of T entries. */ list?: boolean } & Node);

export interface FieldDecl extends Node {
  kind: 'field';
  /** One name, or a numbered range `Reserved2..Reserved5` expanded by the compiler. */
  name: Ident;
  rangeEnd?: Ident;
  type: TypeRef | undefined;
  optional: boolean;
  sizeField?: Ident;
  /** `count NAME`: the field that holds a list's number of entries. */
  countField?: Ident;
  fixed?: Expr;
  attrs: Attribute[];
  doc?: string;
}

export interface SwitchCase extends Node {
  value: Expr;
  fields: Member[];
}

/** `switch selector { case VALUE { fields } ... }`: a union (e.g. LINEPROXYREQUEST). */
export interface SwitchDecl extends Node {
  kind: 'switch';
  name: Ident;
  selector: Ident;
  cases: SwitchCase[];
  doc?: string;
}

export type Member = FieldDecl | SwitchDecl;

export type LayoutKeyword = 'request' | 'response' | 'struct' | 'template';

export interface LayoutDecl extends Node {
  kind: 'layout';
  keyword: LayoutKeyword;
  name: Ident;
  /** `= N` after the name: Req_Func of a request, Msg of a response. */
  id?: Expr;
  members: Member[];
  attrs: Attribute[];
  doc?: string;
  bodyStart: number;
}

export interface ConstEntryDecl extends Node {
  name: Ident;
  value: Expr;
  doc?: string;
}

export interface ConstDecl extends Node {
  kind: 'const';
  name: Ident;
  flags: boolean;
  entries: ConstEntryDecl[];
  attrs: Attribute[];
  doc?: string;
}

/** `type HLINE = u32`: a named alias with its own documentation. */
export interface TypeDecl extends Node {
  kind: 'type';
  name: Ident;
  target: TypeRef | undefined;
  attrs: Attribute[];
  doc?: string;
}

/** `NAME: TYPE { ... }`: what a packet and a session step share. */
export interface PacketBodyDecl extends Node {
  name: Ident;
  type: Ident | undefined;
  body: Assignment[];
  doc?: string;
  bodyStart: number;
  closed: boolean;
}

export interface PacketDecl extends PacketBodyDecl {
  kind: 'packet';
}

/** `decode [Name] { hex }`: bytes from a capture, shown field by field. */
export interface DecodeDecl extends Node {
  kind: 'decode';
  keyword: Ident;
  as?: Ident;
  /** `decode reply NAME { hex }`: the `reply` keyword; `as` then names a session step or a request layout. */
  reply?: Ident;
  hex: ({ kind: 'hex'; text: string; bodyStart: number } & Node) | undefined;
  doc?: string;
}

export interface ImportDecl extends Node {
  kind: 'import';
  path: ({ value: string } & Node) | undefined;
}

/** `attach { ... }` in a session: ClientAttach's arguments (MS-TRP 3.1.4.1). */
export interface AttachDecl extends Node {
  keyword: Ident;
  body: Assignment[];
  closed: boolean;
}

/** `NAME: TYPE { ... }` in a session: one ClientRequest (MS-TRP 3.1.4.2); the body is a packet's body plus `lNeededSize`. */
export type StepDecl = PacketBodyDecl;

/** `session NAME { attach {...} STEP: TYPE {...} ... }`: one exchange with tapsrv, in order. */
export interface SessionDecl extends Node {
  kind: 'session';
  name: Ident;
  attach?: AttachDecl;
  steps: StepDecl[];
  doc?: string;
  bodyStart: number;
  closed: boolean;
}

export type Item = ImportDecl | ConstDecl | TypeDecl | LayoutDecl | PacketDecl | DecodeDecl | SessionDecl;

/** A syntax error: one per mistake. */
export interface SyntaxError extends Node {
  message: string;
  code: string;
}

export interface SourceFile {
  uri: string;
  text: string;
  items: Item[];
  errors: SyntaxError[];
  comments: { start: number; end: number; block: boolean }[];
  /** For each item, the index in `errors` where the errors raised while parsing it begin. */
  errorStarts?: number[];
}
