import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { AUTHOR, patch } from './helpers/mail';
import { REPO } from './helpers/paths';

describe('SARIF output', function () {
  this.timeout(60000);
  it('validates against the SARIF 2.1.0 schema and carries rules, levels and regions', () => {
    const schema = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'sarif', 'sarif-schema-2.1.0.json'), 'utf8'));
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile<unknown>(schema);

    const dir = mkdtempSync(join(tmpdir(), 'bpl-sarif-'));
    try {
      const f = join(dir, 'x.patch');
      writeFileSync(f, patch({ subject: '[PATCH] bpf: Do things', body: `Fix.\n\nCc: stable@vger.kernel.org\nSigned-off-by: ${AUTHOR}` }));
      const r = spawnSync(process.execPath, [join(REPO, 'bin', 'bpf-patch-lint.js'), '--format', 'sarif', 'x.patch'], { cwd: dir, encoding: 'utf8' });
      assert.equal(r.status, 1, r.stderr);
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      const log: any = JSON.parse(r.stdout);
      const valid: boolean = validate(log);
      assert.ok(valid, JSON.stringify(validate.errors, null, 2));

      const run = log.runs[0];
      const results = run.results as { ruleId: string; ruleIndex: number; level: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: Record<string, number> } }[] }[];
      const stable = results.find((x) => x.ruleId === 'cc-stable')!;
      assert.equal(stable.level, 'error');
      assert.equal(run.tool.driver.rules[stable.ruleIndex].id, 'cc-stable');
      assert.equal(stable.locations[0].physicalLocation.artifactLocation.uri, 'x.patch');
      assert.deepEqual(stable.locations[0].physicalLocation.region, { startLine: 9, startColumn: 1, endLine: 9, endColumn: 27 });
      assert.ok(results.some((x) => x.ruleId === 'subject-tree-missing'));
      assert.match(run.tool.driver.rules[stable.ruleIndex].helpUri, /^https:\/\/www\.kernel\.org\/doc\/html\/latest\/bpf\/bpf_devel_QA\.html#q-/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
