/**
 * "BPF: Format Patches…": first whether uncommitted changes would be left out,
 * then the commits since upstream (all picked), the tree (suggested from Fixes
 * tags), the output folder, the version (the next one there), the CLI's other
 * options (RFC, RESEND, sign-off, Cc, In-Reply-To); then the server runs
 * format-patch and lints the result. Refusals come back as messages.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { chooseTree } from '../../server/src/engine/series-plan';
import { B4_CHECK_REQUEST, FORMAT_SERIES_REQUEST, SERIES_PLAN_REQUEST, type FormatSeriesInfo, type FormatSeriesParams, type RequestFailure, type SeriesPlanInfo } from '../../server/src/lsp/protocol';

/** Where to start: the active file's folder, else the first workspace folder. */
function startUri(): vscode.Uri | undefined {
  const doc = vscode.window.activeTextEditor?.document;
  if (doc?.uri.scheme === 'file') return doc.uri;
  return vscode.workspace.workspaceFolders?.[0]?.uri;
}

/** Where the version folders go: the default (patches/<branch>), or a folder the user picks. Undefined: cancelled. */
async function pickOutputFolder(root: string): Promise<string | undefined> {
  const here = { label: vscode.workspace.asRelativePath(root), description: 'one folder per version (git format-patch -o)', root };
  const other = { label: 'Choose another folder…', root: undefined };
  const picked = await vscode.window.showQuickPick([here, other], { title: 'Output folder' });
  if (!picked) return undefined;
  if (picked.root) return picked.root;
  const chosen = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, canSelectMany: false, openLabel: 'Put the versions here' });
  return chosen?.[0]?.fsPath;
}

type Options = Pick<FormatSeriesParams, 'rfc' | 'resend' | 'signoff' | 'cc' | 'inReplyTo'>;

/** The CLI's other choices (--rfc, --resend, -s, --cc, --in-reply-to). Undefined: cancelled. */
async function pickOptions(version: number): Promise<Options | undefined> {
  const items = [
    { label: 'RFC', description: '[RFC PATCH …]: for comments, not for applying (--rfc)', key: 'rfc' as const },
    { label: 'RESEND', description: '[PATCH RESEND …]: the same version again, unchanged (--resend)', key: 'resend' as const },
    { label: 'Sign off', description: 'add your Signed-off-by to each patch (-s)', key: 'signoff' as const },
  ];
  const picked = await vscode.window.showQuickPick(items, { canPickMany: true, title: 'Options (none is the usual choice)', placeHolder: 'Enter to go on' });
  if (!picked) return undefined;
  const on = new Set(picked.map((p) => p.key));
  const cc = await vscode.window.showInputBox({
    title: 'Cc (optional)',
    prompt: 'More addresses for Cc:, separated by commas; the lists and maintainers of the files come from MAINTAINERS',
    validateInput: (v) => (v.split(',').every((a) => a.trim() === '' || /^[^\s,<>]+@[^\s,<>]+$/.test(a.trim())) ? undefined : 'Plain addresses, e.g. jane@example.org'),
  });
  if (cc === undefined) return undefined;
  let inReplyTo: string | undefined;
  if (version > 1) {
    inReplyTo = await vscode.window.showInputBox({
      title: 'In reply to (optional)',
      prompt: "The previous version's cover letter Message-ID, to thread this version under it (--in-reply-to)",
    });
    if (inReplyTo === undefined) return undefined;
  }
  return {
    rfc: on.has('rfc'),
    resend: on.has('resend'),
    signoff: on.has('signoff'),
    cc: cc.split(',').map((a) => a.trim()).filter((a) => a !== ''),
    inReplyTo: inReplyTo?.trim().replace(/^<|>$/g, '') || undefined,
  };
}

/** Where a command that runs git (or b4) starts, or undefined after saying why it cannot (no repository, no server, untrusted). */
function repositoryStart(client: LanguageClient | undefined, untrusted: string): vscode.Uri | undefined {
  const at = startUri();
  if (!client || !at) {
    void vscode.window.showErrorMessage('BPF: open a folder inside a git repository first.');
    return undefined;
  }
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showErrorMessage(`BPF: ${untrusted}, which needs a trusted workspace.`);
    return undefined;
  }
  return at;
}

export async function formatPatches(client: LanguageClient | undefined, showSeries: (folder: vscode.Uri) => Promise<void>): Promise<FormatSeriesInfo | undefined> {
  const at = repositoryStart(client, 'formatting patches runs git');
  if (!client || !at) return undefined;
  let plan = await client.sendRequest<SeriesPlanInfo | RequestFailure>(SERIES_PLAN_REQUEST, { uri: at.toString() });
  if ('error' in plan) {
    if (plan.b4Owns) return offerB4Check(client, plan.error, showSeries);
    void vscode.window.showErrorMessage(`BPF: ${plan.error}`);
    return undefined;
  }
  // The state of the tree before any question: uncommitted changes are left out of the series.
  let allowDirty = false;
  if (plan.dirty.length > 0) {
    const shown = plan.dirty.slice(0, 5).join(', ') + (plan.dirty.length > 5 ? `, and ${plan.dirty.length - 5} more` : '');
    const go = 'Continue without them';
    const answer = await vscode.window.showWarningMessage(
      `BPF: ${plan.dirty.length} tracked file${plan.dirty.length === 1 ? ' has' : 's have'} uncommitted changes (${shown}); the series will not include them.`,
      { modal: true },
      go,
    );
    if (answer !== go) return undefined;
    allowDirty = true;
  }
  const commitItems = [...plan.commits].reverse().map((c) => ({ label: c.subject, description: c.sha.slice(0, 12), detail: c.hasFixes ? 'has a Fixes: tag' : undefined, picked: true, sha: c.sha }));
  const picked = await vscode.window.showQuickPick(commitItems, {
    canPickMany: true,
    title: `Commits to send (${plan.from}..${plan.to})`,
    placeHolder: 'A series is a run of consecutive commits',
  });
  if (!picked || picked.length === 0) return undefined;
  const pickedSet = new Set(picked.map((p) => p.sha));
  const pickedCommits = plan.commits.filter((c) => pickedSet.has(c.sha));
  // The same reasoning as the CLI's, over the picked commits only.
  const choice = chooseTree(pickedCommits.map((c) => ({ sha: c.sha, subject: c.subject, fixes: c.fixes ?? (c.hasFixes ? ['(has Fixes)'] : []), files: [], fixTargets: c.fixTargets })));
  const suggested = choice.tree;
  const treeItems = [suggested, ...plan.trees.filter((t) => t !== suggested)].map((t) => ({
    label: t,
    description: t === suggested ? `suggested: ${choice.why}` : undefined,
  }));
  const tree = await vscode.window.showQuickPick(treeItems, { title: 'Tree', placeHolder: 'The tree in [PATCH <tree>]' });
  if (!tree) return undefined;
  const outDir = await pickOutputFolder(plan.root);
  if (outDir === undefined) return undefined;
  if (outDir !== plan.root) {
    // The next version is counted from the folders already in the chosen place.
    const replanned = await client.sendRequest<SeriesPlanInfo | RequestFailure>(SERIES_PLAN_REQUEST, { uri: at.toString(), outDir });
    if ('error' in replanned) {
      void vscode.window.showErrorMessage(`BPF: ${replanned.error}`);
      return undefined;
    }
    plan = replanned;
  }
  const version = await vscode.window.showInputBox({
    title: 'Version',
    value: String(plan.nextVersion),
    prompt: plan.nextVersion > 1 ? `v${plan.nextVersion - 1} is already in ${vscode.workspace.asRelativePath(plan.root)}` : 'The first version',
    validateInput: (v) => (/^[1-9]\d?$/.test(v.trim()) ? undefined : 'A whole number from 1 to 99'),
  });
  if (!version) return undefined;
  const options = await pickOptions(Number(version.trim()));
  if (!options) return undefined;
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'BPF: formatting patches…' },
    () =>
      client.sendRequest<FormatSeriesInfo | RequestFailure>(FORMAT_SERIES_REQUEST, {
        uri: at.toString(),
        tree: tree.label,
        version: Number(version.trim()),
        commits: picked.map((p) => p.sha),
        allowDirty,
        outDir,
        ...options,
      } satisfies FormatSeriesParams),
  );
  if ('error' in result) {
    void vscode.window.showErrorMessage(`BPF: ${result.error}`);
    return undefined;
  }
  await showWritten(result, showSeries, `wrote ${result.files.length} file${result.files.length === 1 ? '' : 's'} to ${vscode.workspace.asRelativePath(result.dir)}`);
  return result;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Shows a written series: the Series view on its folder, its first mail open, and what the checks found. */
async function showWritten(result: FormatSeriesInfo, showSeries: (folder: vscode.Uri) => Promise<void>, what: string, after = ''): Promise<void> {
  await showSeries(vscode.Uri.file(result.dir));
  const first = vscode.Uri.file(result.files[0]);
  await vscode.commands.executeCommand('revealInExplorer', first);
  await vscode.window.showTextDocument(first, { preview: false });
  const placeholders = result.placeholders > 0 ? ` (${plural(result.placeholders, 'placeholder')} to fill in)` : '';
  void vscode.window.showInformationMessage(`BPF: ${what}: ${plural(result.errors, 'error')}${placeholders}, ${plural(result.warnings, 'warning')}.${after}`);
}

/**
 * On a b4 prep branch our format-patch stands aside: it offers what still
 * applies, checking what b4 would send.
 */
async function offerB4Check(client: LanguageClient, refusal: string, showSeries: (folder: vscode.Uri) => Promise<void>): Promise<FormatSeriesInfo | undefined> {
  const check = 'Check what b4 would send';
  const answer = await vscode.window.showWarningMessage(`BPF: ${refusal.replace(/; to check it first: .*$/, '.')}`, check);
  return answer === check ? checkB4Series(client, showSeries) : undefined;
}

/**
 * "BPF: Check What b4 Would Send": b4 writes the branch's mails (`b4 send -o`,
 * nothing is sent) into the git directory, and the Series view shows them
 * with the repository's facts.
 */
export async function checkB4Series(client: LanguageClient | undefined, showSeries: (folder: vscode.Uri) => Promise<void>): Promise<FormatSeriesInfo | undefined> {
  const at = repositoryStart(client, "b4 runs programs the repository's configuration names");
  if (!client || !at) return undefined;
  const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'BPF: b4 send -o (nothing is sent)…' }, () =>
    client.sendRequest<FormatSeriesInfo | RequestFailure>(B4_CHECK_REQUEST, { uri: at.toString() }),
  );
  if ('error' in result) {
    void vscode.window.showErrorMessage(`BPF: ${result.error}`);
    return undefined;
  }
  // The mails are b4's output: fixes belong in the branch (its commits, b4 prep --edit-cover), then b4 writes them again.
  await showWritten(result, showSeries, `b4 would send ${plural(result.files.length, 'mail')}`, ' Fix them in the branch (commits, b4 prep --edit-cover) and check again; send with b4 send.');
  return result;
}
