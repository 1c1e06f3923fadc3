/**
 * Runs the kernel tree's own scripts/checkpatch.pl on the mails of a series,
 * with the netdev CI's flags, and reads its reports back onto the documents
 * (engine/checkpatch.ts). checkpatch.pl is the tree's code: the editor runs it
 * only in a trusted workspace, the CLI only when asked (`--checkpatch`). Its
 * own git calls get the same neutralised configuration as ours.
 */
import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pushAll } from '../engine/arrays';
import { checkpatchFindings, NIPA_CHECKPATCH_IGNORES, NIPA_MAX_LINE_LENGTH, parseCheckpatchOutput, type CheckpatchFindings } from '../engine/checkpatch';
import type { Message, ParsedDocument } from '../engine/model';
import type { Finding } from '../engine/types';
import { neutralisedGitEnv } from './safe-git';
import { walkUp } from './walk-up';

export const CHECKPATCH_SCRIPT = 'scripts/checkpatch.pl';
/** checkpatch.pl takes about 0.4 s a patch; a pathological one is stopped here. */
const CHECKPATCH_TIMEOUT_MS = 60_000;
/** What it may print for one mail before it is stopped: its reports quote lines, a few KB each. */
const MAX_OUTPUT = 16 << 20;
/** Processes at once: the machines we run on have a few cores, and the editor stays responsive. */
const AT_ONCE = 2;

/** Where codespell keeps its dictionary, for `--codespell` (checkpatch.pl's default, then pip's). */
const CODESPELL_DICTIONARIES = ['/usr/share/codespell/dictionary.txt', '/usr/lib/python3/dist-packages/codespell_lib/data/dictionary.txt'];

/** The kernel tree at or above `start` that has scripts/checkpatch.pl (a regular file) beside MAINTAINERS. */
export function findCheckpatchTree(start: string): string | undefined {
  return walkUp(start, (dir) => (hasCheckpatch(dir) ? dir : undefined));
}

export function hasCheckpatch(dir: string): boolean {
  try {
    return statSync(join(dir, CHECKPATCH_SCRIPT)).isFile() && existsSync(join(dir, 'MAINTAINERS'));
  } catch {
    return false;
  }
}

export function codespellDictionary(): string | undefined {
  return CODESPELL_DICTIONARIES.find((f) => existsSync(f));
}

/** The arguments the netdev CI gives checkpatch.pl (tests/patch/checkpatch), reading the patch from stdin. */
export function checkpatchArgs(tree: string, codespell = codespellDictionary()): string[] {
  return [
    join(tree, CHECKPATCH_SCRIPT),
    '--strict',
    '--show-types',
    '--color=never',
    `--max-line-length=${NIPA_MAX_LINE_LENGTH}`,
    `--ignore=${NIPA_CHECKPATCH_IGNORES.join(',')}`,
    ...(codespell ? ['--codespell', `--codespellfile=${codespell}`] : []),
    '-',
  ];
}

export class CheckpatchError extends Error {}

/** checkpatch.pl's report on one patch text (exit 0: clean, 1: problems; anything else is a failure). */
export function runCheckpatch(tree: string, text: string, signal?: AbortSignal, timeoutMs = CHECKPATCH_TIMEOUT_MS): Promise<string> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new CheckpatchError('cancelled'));
    const child = spawn('perl', checkpatchArgs(tree), { cwd: tree, env: neutralisedGitEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let size = 0;
    let err = '';
    let failed: string | undefined;
    const stop = (why: string) => {
      failed ??= why;
      child.kill('SIGKILL');
    };
    const timer = setTimeout(() => stop(`took more than ${timeoutMs / 1000} s`), timeoutMs);
    const onAbort = () => stop('cancelled');
    signal?.addEventListener('abort', onAbort, { once: true });
    child.stdout.on('data', (b: Buffer) => {
      size += b.length;
      if (size > MAX_OUTPUT) stop('printed more than 16 MiB');
      else out.push(b);
    });
    child.stderr.on('data', (b: Buffer) => {
      if (err.length < 4096) err += b.toString('utf8');
    });
    child.stdin.on('error', () => undefined); // it may exit before reading everything (a usage error)
    child.on('error', (e) => stop(e.message));
    child.on('close', (code) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      if (failed) return reject(new CheckpatchError(failed));
      if (code !== 0 && code !== 1) return reject(new CheckpatchError(`exited with ${code}: ${err.trim().split('\n')[0] ?? ''}`));
      resolve(Buffer.concat(out).toString('utf8'));
    });
    // checkpatch.pl reads LF text; a CRLF file would be all DOS_LINE_ENDINGS. Line numbers stay the same.
    child.stdin.end(text.replace(/\r\n?/g, '\n'));
  });
}

/** The mails checkpatch.pl can judge: patches with a diff, as written (not a transfer-encoded body, not a reply). */
export function checkpatchMessages(documents: readonly ParsedDocument[]): Message[] {
  return documents.flatMap((d) => d.messages.filter((m) => m.kind === 'mail' && !m.isCoverLetter && !m.isReply && m.diff !== undefined && m.decoded === undefined));
}

/**
 * checkpatch.pl's findings for the series, a few mails at a time (see
 * checkpatchFindings for those shadowed by ours). Rejects when checkpatch.pl
 * cannot run (no perl) or fails; a cancelled run rejects with CheckpatchError.
 */
export async function checkpatchSeries(tree: string, documents: readonly ParsedDocument[], ours: readonly Finding[], signal?: AbortSignal): Promise<CheckpatchFindings> {
  const messages = checkpatchMessages(documents);
  const shown: Finding[] = [];
  const shadowed: Finding[] = [];
  for (let k = 0; k < messages.length; k += AT_ONCE) {
    const batch = messages.slice(k, k + AT_ONCE);
    const reports = await Promise.all(batch.map((m) => runCheckpatch(tree, m.document.text.slice(m.span.start, m.span.end), signal)));
    batch.forEach((m, j) => {
      const found = checkpatchFindings(parseCheckpatchOutput(reports[j]), m, ours);
      pushAll(shown, found.shown);
      pushAll(shadowed, found.shadowed);
    });
  }
  return { shown, shadowed };
}
