/**
 * Keystroke-to-diagnostics latency of the language server over stdio: the time
 * from sending textDocument/didChange to receiving publishDiagnostics for that
 * version, over 200 single-character edits, on a ~10,000-line patch and on a
 * typical commit message. Run: npx tsx bench/lsp-latency.ts
 */
import { LspClient } from '../test/helpers/lsp-client';
import { commitMessage, patch } from '../test/helpers/mail';

/** A format-patch mail whose diff adds a ~10,000-line selftest: a big patch as reviewers see them. */
function bigPatch(): string {
  const added = Array.from({ length: 9950 }, (_, i) => `+\tASSERT_EQ(skel->bss->counter_${i % 97}, ${i}, "counter");`);
  return patch({
    subject: '[PATCH bpf-next v2 3/3] selftests/bpf: Add a large counter test',
    notes: 'Changes in v2:\n- more counters',
    diff: [
      'diff --git a/tools/testing/selftests/bpf/prog_tests/counters.c b/tools/testing/selftests/bpf/prog_tests/counters.c',
      'new file mode 100644',
      'index 0000000..1111111',
      '--- /dev/null',
      '+++ b/tools/testing/selftests/bpf/prog_tests/counters.c',
      `@@ -0,0 +1,${added.length} @@`,
      ...added,
    ].join('\n'),
  });
}

function stats(ms: number[]): { median: number; p95: number; max: number } {
  const s = [...ms].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))];
  return { median: at(0.5), p95: at(0.95), max: s[s.length - 1] };
}

export interface LatencyResult {
  readonly name: string;
  readonly lines: number;
  readonly median: number;
  readonly p95: number;
  readonly max: number;
  /** Publishes after 100 edits sent back to back, and whether the last was for the last version. */
  readonly burstPublishes: number;
  readonly burstLastIsLatest: boolean;
}

async function measure(name: string, uri: string, text: string, languageId: string, editLine: number): Promise<LatencyResult> {
  const client = LspClient.spawn();
  await client.initialize();
  await client.open(uri, text, languageId, 1);
  await client.waitFor(uri, (p) => p.version === 1, 60000);
  const times: number[] = [];
  for (let v = 2; v <= 201; v++) {
    const t0 = performance.now();
    await client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: v },
      contentChanges: [{ range: { start: { line: editLine, character: 0 }, end: { line: editLine, character: 0 } }, text: 'x' }],
    });
    await client.waitFor(uri, (p) => p.version === v, 60000);
    times.push(performance.now() - t0);
    // A typist's pace: the next key comes after the squiggles updated.
    await new Promise((r) => setTimeout(r, 30));
  }
  // A burst: 100 edits without waiting; the last publish must be for the last version.
  const before = client.published.length;
  for (let v = 202; v <= 301; v++) {
    void client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: v },
      contentChanges: [{ range: { start: { line: editLine, character: 0 }, end: { line: editLine, character: 0 } }, text: 'y' }],
    });
  }
  await client.waitFor(uri, (p) => p.version === 301, 60000);
  await new Promise((r) => setTimeout(r, 300));
  const burst = client.published.slice(before).filter((p) => p.uri === uri);
  await client.close();
  const s = stats(times);
  return { name, lines: text.split('\n').length, ...s, burstPublishes: burst.length, burstLastIsLatest: burst[burst.length - 1]?.version === 301 };
}

export async function benchLatency(): Promise<LatencyResult[]> {
  return [
    await measure('10,000-line patch', 'file:///tmp/bench/0001-big.patch', bigPatch(), 'kernel-patch', 8),
    await measure('commit message', 'file:///tmp/bench/.git/COMMIT_EDITMSG', commitMessage(), 'git-commit', 2),
  ];
}

if (require.main === module) {
  void benchLatency().then((rs) => {
    for (const r of rs) {
      console.log(`${r.name}: ${r.lines} lines, didChange -> publishDiagnostics over 200 edits: median ${r.median.toFixed(2)} ms, p95 ${r.p95.toFixed(2)} ms, max ${r.max.toFixed(2)} ms; 100-edit burst: ${r.burstPublishes} publishes, last for the last version: ${r.burstLastIsLatest}`);
    }
  });
}
