/**
 * The MIME libraries, loaded on first use. libmime brings its charset tables
 * (iconv-lite, encoding-japanese) and ajv-sized start-up cost; a commit message
 * never needs them, and the commit-msg hook pays for every module it loads on
 * every commit.
 */
import type Libmime from 'libmime';

let libmimeModule: typeof Libmime | undefined;
let libqpModule: { decode(input: Buffer | string): Buffer } | undefined;

/** The module's default export: the bundled copies are built from the packages' ES modules. */
function defaultExport<T>(mod: T | { default: T }): T {
  return mod && typeof mod === 'object' && 'default' in mod && mod.default ? mod.default : (mod as T);
}

export function libmime(): typeof Libmime {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (libmimeModule ??= defaultExport(require('libmime') as typeof Libmime));
}

export function decodeQuotedPrintable(input: Buffer): Buffer {
  // libqp's ES module has no default export: its named `decode` is the same in both builds.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  libqpModule ??= require('libqp') as { decode(input: Buffer | string): Buffer };
  return libqpModule.decode(input);
}
