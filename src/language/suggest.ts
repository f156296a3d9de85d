/**
 * Closest-name suggestions for misspellings (unknown fields and constants). The codec holds
 * the one implementation, so the JSON path and the text path suggest the same names.
 */
export { closest, distance } from '../codec/index.js';
