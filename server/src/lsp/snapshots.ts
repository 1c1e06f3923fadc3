/**
 * What the server remembers between a lint and the requests that follow it:
 * one lint per open document version, and what was last published. Every
 * answer (code action, hover, completion, diagnostics) is checked here against
 * the version of the document it would describe, so that nothing computed
 * from an older text is served for a newer one.
 */
import type { DocumentInput, LintResult } from '../engine/lint';
import type { EngineFacts } from '../engine/facts';
import type { ParsedDocument } from '../engine/model';
import type { TextEdit as EngineEdit, LintConfig } from '../engine/types';
import type { KernelTree } from '../node/kernel-tree';

/** One lint of one document version, kept for code actions, hover and completion. */
export interface Snapshot {
  readonly version: number;
  readonly inputs: readonly DocumentInput[];
  /** Git facts the lint used (absent in the offline phase). */
  readonly facts?: EngineFacts;
  readonly result: LintResult;
  readonly docs: ReadonlyMap<string, ParsedDocument>;
  readonly config: LintConfig;
  readonly tree: KernelTree | undefined;
}

export type Lint = Omit<Snapshot, 'version'>;

export class SnapshotStore {
  private readonly byUri = new Map<string, Snapshot>();

  /**
   * Keeps one lint (of a document and its series) for every member that is open,
   * each at the version the member had when it was read; closed members (read
   * from disk) get none. Returns the snapshot of `uri`, if it is open.
   */
  record(uri: string, lint: Lint, openVersions: ReadonlyMap<string, number>): Snapshot | undefined {
    let mine: Snapshot | undefined;
    for (const [member, version] of openVersions) {
      const snap: Snapshot = { ...lint, version };
      this.byUri.set(member, snap);
      if (member === uri) mine = snap;
    }
    return mine;
  }

  /** The snapshot of `uri` if it was made from exactly `version`; none when it is stale or missing. */
  fresh(uri: string, version: number): Snapshot | undefined {
    const snap = this.byUri.get(uri);
    return snap && snap.version === version ? snap : undefined;
  }

  /** The git answers of the document's last lint, whatever its version (to lint a newer version with until git answers again). */
  lastFacts(uri: string): EngineFacts | undefined {
    return this.byUri.get(uri)?.facts;
  }

  /**
   * The other open members whose current snapshot came from the same lint as
   * `of`: series findings of that lint belong to them too. A member linted
   * again since (on its own, or in a newer lint) is not listed.
   */
  sharing(of: Snapshot, uri: string): [string, Snapshot][] {
    const out: [string, Snapshot][] = [];
    for (const [member, snap] of this.byUri) {
      if (member !== uri && snap.result === of.result) out.push([member, snap]);
    }
    return out;
  }

  forget(uri: string): void {
    this.byUri.delete(uri);
  }
}

/**
 * What was last sent per document, so that an identical answer for the same
 * version (git's second pass finding what the first did) sends nothing. A new
 * version is always sent, even with the same diagnostics: its ranges are new.
 */
export class PublishedDiagnostics {
  private readonly last = new Map<string, { version: number; key: string }>();

  /** Whether these diagnostics for this version differ from the last ones sent; if so they count as sent. */
  shouldSend(uri: string, version: number, diagnostics: unknown): boolean {
    const key = JSON.stringify(diagnostics);
    const prior = this.last.get(uri);
    if (prior && prior.version === version && prior.key === key) return false;
    this.last.set(uri, { version, key });
    return true;
  }

  forget(uri: string): void {
    this.last.delete(uri);
  }
}

/**
 * The one edit that turns `before` into `after`: the span between their common
 * start and common end. Its ends never fall inside a surrogate pair or a CRLF,
 * which an editor cannot place a cursor in. Undefined when they are equal.
 */
export function wholeChangeEdit(before: string, after: string): EngineEdit | undefined {
  if (before === after) return undefined;
  let start = 0;
  const common = Math.min(before.length, after.length);
  while (start < common && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  while (start > 0 && splitsUnit(before, start)) start--;
  let end = before.length;
  let endAfter = after.length;
  while (end > start && endAfter > start && before.charCodeAt(end - 1) === after.charCodeAt(endAfter - 1)) {
    end--;
    endAfter--;
  }
  while (end < before.length && splitsUnit(before, end)) {
    end++;
    endAfter++;
  }
  return { start, end, newText: after.slice(start, endAfter) };
}

/** Whether offset `i` of `s` falls between the halves of a surrogate pair or of a CRLF. */
function splitsUnit(s: string, i: number): boolean {
  const prev = s.charCodeAt(i - 1);
  const next = s.charCodeAt(i);
  return (prev === 0x0d && next === 0x0a) || (prev >= 0xd800 && prev <= 0xdbff && next >= 0xdc00 && next <= 0xdfff);
}
