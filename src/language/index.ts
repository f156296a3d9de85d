/**
 * The `.tapipkt` language: scanner, parser, compiler, checker, printer and the language
 * service. Pure TypeScript over text and offsets; no `vscode`, no Node.
 */
export * from './ast.js';
export * from './catalog-data.js';
export * from './check.js';
export * from './codes.js';
export * from './compile.js';
export * from './line-index.js';
export * from './parser.js';
export * from './print.js';
export * from './program.js';
export * from './scanner.js';
export * from './service.js';
export * from './suggest.js';
export * from './output.js';
export * from './session-plan.js';
export * from './session.js';
export * from './session-export.js';
export * from './session-import.js';
export * from './reply-tables.js';
export * from './export-impacket.js';
export * from './dissector.js';
export * from './features/types.js';
export * from './features/code-actions.js';
export * from './features/code-lens.js';
export * from './features/completion.js';
export * from './features/context.js';
export * from './features/definition.js';
export * from './features/folding.js';
export * from './features/format.js';
export * from './features/hover.js';
export * from './features/inlay-hints.js';
export * from './features/decode-hints.js';
export * from './features/layout.js';
export * from './features/layout-text.js';
export * from './features/locate.js';
export * from './features/occurrences.js';
export * from './features/references.js';
export * from './features/semantic-tokens.js';
export * from './features/symbols.js';
export * from './incremental.js';
export * from './packet-diagnostics.js';
