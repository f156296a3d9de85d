/**
 * Diagnostic codes of the language (TP1xxx). Codec codes are TP2xxx (input and decode problems)
 * and TP3xxx (server rules broken on purpose); see src/codec/issues.ts. Tests assert codes.
 */
export enum DiagCode {
  Syntax = 'TP1001',
  BadToken = 'TP1002',
  TooDeep = 'TP1003',
  UnknownType = 'TP1101',
  UnknownField = 'TP1102',
  UnknownConstant = 'TP1103',
  Duplicate = 'TP1104',
  /**
   * A value that does not fit its field: the codec's code (Code.OutOfRange), so a fault has one
   * code whether it comes from text or JSON; TP1105 is retired.
   */
  OutOfRange = 'TP2004',
  MissingField = 'TP1106',
  TypeMismatch = 'TP1107',
  BadDefinition = 'TP1108',
  UnknownAttribute = 'TP1109',
  BadHex = 'TP1110',
  ImportNotFound = 'TP1201',
  ImportCycle = 'TP1202',
  ImportOutside = 'TP1203',
  ImportTooDeep = 'TP1204',
  FileTooLarge = 'TP1205',
  DecodeProblem = 'TP1301',
  /** `STEP.FIELD` names no step of the session. */
  UnknownStep = 'TP1401',
  /** `STEP.FIELD` names no field of that step's layout. */
  UnknownStepField = 'TP1402',
  /** `STEP.FIELD` names this step or a later one: its reply does not exist yet. */
  StepOrder = 'TP1403',
  /** `STEP.FIELD` reads a field the server does not fill in: the reply echoes what was sent. */
  NotFilledByServer = 'TP1404',
  /** A bound field (or the field it reads) is not a u32 of the fixed part. */
  BindWidth = 'TP1405',
  /** An attach value is unknown, missing or of the wrong kind. */
  BadAttach = 'TP1406',
  /** `STEP.FIELD` outside a session step's top-level fields. */
  RefOutsideSession = 'TP1407',
}
