/**
 * `bpf-patch-lint format-patch`: prepares a series with git format-patch the
 * BPF way (see node/format-patch.ts), then lints what it wrote.
 */
import { relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { mergeConfig } from '../engine/config';
import { ConfigError, findConfigFile, readConfigFile } from '../node/config-file';
import { DirtyTreeError, FormatPatchError, formatSeries, planSeries } from '../node/format-patch';

export const FORMAT_PATCH_HELP = `Usage: bpf-patch-lint format-patch [options] [<revision-range>]

Runs git format-patch for the commits in <revision-range> (default: the
branch's upstream..HEAD) with the BPF subject prefix, a cover letter for more
than one patch, --base, and To/Cc from MAINTAINERS, into a folder per version,
then checks the result. The next version carries over the previous cover
letter's title and blurb, adds a "Changes in vN:" section and a range-diff.
Existing files are never overwritten.

Options:
  --tree T          bpf, bpf-next, net or net-next (default: bpf when a commit
                    has a Fixes: tag, else bpf-next)
  -v, --version N   the series version (default: one more than the newest
                    folder already prepared, else 1)
  -o, --output DIR  the folder holding one folder per version
                    (default: <repository>/patches/<branch>)
  --rfc             RFC PATCH instead of PATCH
  --cover-letter    a cover letter even for a single patch
  --allow-dirty     go ahead although tracked files have uncommitted changes

Exit status: 0 the series was written and has no errors, 1 it was written
but has errors (such as the cover letter's placeholders until you fill them
in), 2 nothing was written or the series could not be checked (stderr says why).
`;

export interface FormatPatchIo {
  readonly argv: readonly string[];
  readonly cwd: string;
  readonly stdout: (s: string) => void;
  readonly stderr: (s: string) => void;
  /**
   * Lints the written folder as the main command does, naming files with `show`;
   * resolves to its exit status (1 when there are error findings).
   */
  readonly lint: (dir: string, show: (path: string) => string) => Promise<number>;
}

export async function runFormatPatch(io: FormatPatchIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...io.argv],
      allowPositionals: true,
      strict: true,
      options: {
        tree: { type: 'string' },
        version: { type: 'string', short: 'v' },
        output: { type: 'string', short: 'o' },
        rfc: { type: 'boolean' },
        'cover-letter': { type: 'boolean' },
        'allow-dirty': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    io.stderr(`bpf-patch-lint format-patch: ${(e as Error).message.replace(/\. To specify.*$/s, '')}\n`);
    return 2;
  }
  const v = parsed.values;
  if (v.help) {
    io.stdout(FORMAT_PATCH_HELP);
    return 0;
  }
  try {
    if (parsed.positionals.length > 1) throw new FormatPatchError(`one revision range at most, got ${parsed.positionals.join(' ')}`);
    const version = v.version === undefined ? undefined : Number(v.version);
    if (version !== undefined && !/^[1-9]\d?$/.test(v.version!)) throw new FormatPatchError(`--version must be a whole number from 1 to 99, not "${v.version}"`);
    const configFile = findConfigFile(io.cwd);
    const config = mergeConfig(configFile ? readConfigFile(configFile) : undefined);
    const plan = await planSeries(io.cwd, { range: parsed.positionals[0], outDir: v.output === undefined ? undefined : resolve(io.cwd, v.output) });
    const result = await formatSeries(plan, {
      tree: v.tree ?? plan.suggestedTree,
      version: version ?? plan.nextVersion,
      rfc: v.rfc,
      coverLetter: v['cover-letter'],
      allowDirty: v['allow-dirty'],
      config,
    });
    const shown = (p: string) => relative(io.cwd, p) || '.';
    const notes = [
      `${v.rfc ? 'RFC ' : ''}PATCH ${result.tree}${result.version > 1 ? ` v${result.version}` : ''}`,
      ...(v.tree === undefined ? [`tree suggested: ${plan.suggestedTree === 'bpf' ? 'a commit has a Fixes: tag' : 'no Fixes: tags'}`] : []),
      ...(result.carriedOver ? ['cover letter carried over from the previous version'] : []),
      ...(result.rangeDiffAgainst ? ['range-diff against the previous version'] : []),
    ];
    io.stdout(`Wrote ${result.files.length} file${result.files.length === 1 ? '' : 's'} to ${shown(result.dir)} (${notes.join('; ')}):\n${result.files.map((f) => `  ${shown(f)}\n`).join('')}\n`);
    // The series is written either way; errors in it fail the command as they fail a plain lint.
    return await io.lint(result.dir, shown);
  } catch (e) {
    if (!(e instanceof FormatPatchError) && !(e instanceof ConfigError)) throw e;
    io.stderr(`bpf-patch-lint format-patch: ${e.message}${e instanceof DirtyTreeError ? ' (or rerun with --allow-dirty)' : ''}\n`);
    return 2;
  }
}
