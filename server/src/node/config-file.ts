/**
 * Finding and reading `.bpf-patch-lint.json`. JSON only (never executed), validated
 * against the shipped schema so a typo in a rule id is an error, not a silent no-op.
 * Shared by the CLI and the language server; the engine never touches the file system.
 */
import type Ajv from 'ajv';
import { existsSync } from 'node:fs';
import { BoundedReadError, LIMITS, readRegularFile } from './bounded-read';
import { basename, dirname, join } from 'node:path';
import { walkUp } from './walk-up';
import { ruleById } from '../rules';
import type { ConfigInput } from '../engine/config';
import schema from '../../schema/bpf-patch-lint.schema.json';

export const CONFIG_FILE_NAME = '.bpf-patch-lint.json';

export class ConfigError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`);
  }
}

// Loaded and compiled on first use: most runs have no config file, and ajv costs start-up time
// (the commit-msg hook pays it on every commit).
let validator: ReturnType<Ajv['compile']> | undefined;
const validate = (data: unknown) => {
  if (!validator) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const AjvClass = (require('ajv') as { default: typeof Ajv }).default;
    validator = new AjvClass({ allErrors: true, strict: false }).compile(schema);
  }
  const ok = validator(data);
  validate.errors = validator.errors;
  return ok;
};
validate.errors = undefined as ReturnType<Ajv['compile']>['errors'];

/** A name from the file, quoted only when it looks like a name (not a line of something else). */
function quotedName(name: string): string {
  return /^[\w.-]{1,64}$/.test(name) ? `"${name}"` : '(not a name)';
}

/** Parses and validates config text; throws ConfigError naming the file and the problem. */
export function parseConfig(text: string, file: string): ConfigInput {
  // A file just created (by the editor's "Disable rule" action, say) and not yet written: no settings.
  if (text.replace(/^\uFEFF/, '').trim() === '') return {};
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    // Where, not what: the file may be a link to something private, and its text would land in logs.
    const at = /position (\d+)/.exec((e as Error).message);
    const offset = at ? Number(at[1]) : undefined;
    const where = offset === undefined ? '' : (() => {
      const before = text.replace(/^\uFEFF/, '').slice(0, offset).split(/\r\n|\r|\n/);
      return ` at line ${before.length}, column ${before[before.length - 1].length + 1}`;
    })();
    throw new ConfigError(file, `not valid JSON${where}`);
  }
  const unknown = Object.keys((data as { rules?: object } | null)?.rules ?? {}).filter((id) => !ruleById(id));
  if (unknown.length > 0 && validate(data)) {
    throw new ConfigError(file, unknown.map((id) => `/rules: unknown rule id ${quotedName(id)}`).join('; '));
  }
  if (!validate(data)) {
    const problems = (validate.errors ?? []).map((e) => {
      const where = e.instancePath || '(top level)';
      if (e.keyword === 'additionalProperties') return `${where}: unknown setting ${quotedName((e.params as { additionalProperty: string }).additionalProperty)}`;
      if (e.keyword === 'enum') return `${where} must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
      return `${where} ${e.message}`;
    });
    throw new ConfigError(file, [...new Set(problems)].join('; '));
  }
  return data as ConfigInput;
}

export function readConfigFile(file: string): ConfigInput {
  let text: string;
  try {
    text = readRegularFile(file, LIMITS.config).bytes.toString('utf8');
  } catch (e) {
    if (e instanceof BoundedReadError) throw new ConfigError(file, e.message.replace(`${file} `, ''));
    throw new ConfigError(file, `cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  return parseConfig(text, file);
}

/**
 * Where a new `.bpf-patch-lint.json` for `file` belongs: the top of its git
 * work tree (COMMIT_EDITMSG lives in .git, a series in patches/<branch>/v1,
 * and both want the repository's settings), else the file's own folder.
 */
export function configHome(file: string): string {
  const top = walkUp(file, (dir) => (basename(dir) !== '.git' && existsSync(join(dir, '.git')) ? dir : undefined));
  return top ?? dirname(file);
}

/** The nearest `.bpf-patch-lint.json` at or above `start` (a file or folder). */
export function findConfigFile(start: string): string | undefined {
  return walkUp(start, (dir) => {
    const candidate = join(dir, CONFIG_FILE_NAME);
    return existsSync(candidate) ? candidate : undefined;
  });
}
