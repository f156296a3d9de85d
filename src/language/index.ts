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
export * from './features/types.js';
