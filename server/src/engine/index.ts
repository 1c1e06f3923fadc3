export * from './types';
export * from './text';
export * from './model';
export * from './facts';
export * from './faq';
export * from './config';
export * from './fixes';
export { lint, runRules, buildSeries, type DocumentInput, type LintOptions, type LintResult } from './lint';
export { parseDocument } from './parse/document';
