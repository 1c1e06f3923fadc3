import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { RULES } from '../server/src/rules';
import { testRule, type RuleFixtures } from './helpers/rule-tester';

describe('rules', () => {
  for (const rule of RULES) {
    const file = join(__dirname, 'fixtures', 'rules', `${rule.id}.ts`);
    // A missing fixture file is the meta-test's failure, not a crash here.
    if (!existsSync(file)) continue;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const f = require(file).default as RuleFixtures;
    testRule(rule, f, join(__dirname, 'fixtures', 'rules', `${rule.id}.golden.json`));
  }
});
