/**
 * The analysis engine behind a service, for the language's own tests only: not exported from
 * src/language/index.ts, and the architecture test keeps the extension, the CLI and the library
 * from importing it, so they see nothing but the declared `LanguageService`.
 */
import type { LanguageServiceCore } from './language-service.js';
import type { Analysis, Program } from './program.js';

const programs = new WeakMap<LanguageServiceCore, Program>();

/** Records the program a service runs on (called by the service's factory). */
export function registerProgram(service: LanguageServiceCore, program: Program): void {
  programs.set(service, program);
}

/** The program behind a service made by `createLanguageService(Core)`. */
export function programOf(service: LanguageServiceCore): Program {
  const p = programs.get(service);
  if (!p) throw new Error('not a service made by createLanguageService');
  return p;
}

/** The full analysis of a document (syntax tree, checked packets, sessions), for tests. */
export function analysisOf(service: LanguageServiceCore, uri: string): Analysis {
  return programOf(service).analyze(uri);
}
