/**
 * `npm run screenshots`: refreshes the README's pictures in docs/images/ from a
 * run of the in-editor suite (code-server, after bash test/editor/setup.sh), and
 * shrinks them with pngquant so the .vsix, which carries them, stays under its
 * 1 MB budget. The tests themselves never write into the repository.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const REPO = resolve(__dirname, '..');
const IMAGES = join(REPO, 'docs', 'images');

function main(): number {
  const shots = mkdtempSync(join(tmpdir(), 'bpl-shots-'));
  try {
    const run = spawnSync(process.execPath, ['--import', 'tsx', join(REPO, 'test', 'editor', 'run-code-server.ts')], {
      cwd: REPO,
      stdio: 'inherit',
      env: { ...process.env, BPL_SCREENSHOTS_DIR: shots },
    });
    if (run.status !== 0) return run.status ?? 1;
    const taken = readdirSync(shots).filter((n) => n.endsWith('.png'));
    if (taken.length === 0) {
      console.error('screenshots: the editor suite took none (is code-server set up? bash test/editor/setup.sh)');
      return 1;
    }
    const pngquant = spawnSync('pngquant', ['--version'], { encoding: 'utf8' }).status === 0;
    if (!pngquant) console.error('screenshots: pngquant not found (apt-get install pngquant); copying them uncompressed');
    for (const n of taken) {
      const from = join(shots, n);
      const to = join(IMAGES, n);
      if (pngquant) {
        const q = spawnSync('pngquant', ['--quality=60-85', '--speed', '1', '--strip', '--force', '--output', to, from], { stdio: 'inherit' });
        if (q.status !== 0) copyFileSync(from, to);
      } else {
        copyFileSync(from, to);
      }
      console.log(`${n}: ${(statSync(to).size / 1024).toFixed(0)} KiB`);
    }
    return 0;
  } finally {
    rmSync(shots, { recursive: true, force: true });
  }
}

process.exit(main());
