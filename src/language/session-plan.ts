/**
 * The exported plan of a session: one exchange with tapsrv (ClientAttach, ClientRequest per
 * step, ClientDetach), transport-neutral. This is the exact shape `tapipkt export --format json`
 * prints; scripts outside this repo read it, so keys and meanings are a contract.
 * The impacket exporter turns a plan (plus the field tables of each step's layout) into a script.
 */

/** ClientAttach's string and number arguments (MS-TRP 3.1.4.1). */
export interface SessionAttach {
  /** lProcessID; 0xFFFFFFFF by default. */
  lProcessID: number;
  /** pszDomainUser; "" by default. */
  pszDomainUser: string;
  /** pszMachine; by default the name of the machine that runs the exported client. */
  pszMachine: string;
}

/** A field patched at run time from an earlier step's reply: a u32 copied between byte offsets. */
export interface SessionBinding {
  /** Byte offset in this step's request buffer where the u32 goes. */
  at: number;
  /** Where it comes from: the reply buffer of an earlier step, at this byte offset. */
  from: { step: string; at: number };
}

/** One ClientRequest (MS-TRP 3.1.4.2) of a session. */
export interface SessionStep {
  /** The step's name in the session (unique within it). */
  name: string;
  /** The layout's catalog name (or a definition of the file), e.g. "Initialize". */
  packet: string;
  /** The request buffer as lowercase hex, with bound fields as encoded before binding. */
  hex: string;
  /** The buffer size offered to the server (IDL size_is(lNeededSize)); at least the packet's length. */
  lNeededSize: number;
  /** Fields read from earlier replies, applied in order before the call. */
  bindings: SessionBinding[];
}

/** A whole session, as `tapipkt export --format json` prints it. */
export interface SessionPlan {
  session: string;
  attach: SessionAttach;
  steps: SessionStep[];
}

/** One named field of a layout's fixed part, for printing a reply with its fields named. */
export interface ReplyField {
  name: string;
  offset: number;
  size: number;
}

/** Field tables by packet (layout) name: what an exported client needs to name reply fields. */
export type ReplyTables = Record<string, ReplyField[]>;
