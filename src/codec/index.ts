/**
 * The MS-TRP codec: layouts, encode, decode, and the byte helpers. Pure TypeScript, no
 * dependencies, no Node globals.
 */
export * from './break-rule.js';
export * from './bytes.js';
export * from './catalog-index.js';
export * from './catalog-scope.js';
export * from './decode.js';
export * from './encode.js';
export * from './hints.js';
export * from './ignored-fields.js';
export * from './issues.js';
export * from './layout.js';
export * from './layout-codec.js';
export * from './limits.js';
export * from './packet.js';
export * from './rules.js';
export * from './values.js';
export * from './mutate.js';
export * from './reply.js';
export * from './async-events.js';
export * from './ndr-stubs.js';
