/**
 * The other patch files of a series, read from the document's folder. Open
 * documents win over what is on disk; files are cached by modification time so
 * a keystroke does not re-read a whole folder.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { SERIES_FILE } from './classify';

/** A folder with more files than this is not treated as one series (a dump of unrelated patches). */
export const MAX_SERIES_FILES = 60;
const MAX_FILE_SIZE = 4 * 1024 * 1024;

interface Cached {
  readonly mtimeMs: number;
  readonly size: number;
  readonly text: string;
}

export class SeriesFiles {
  private readonly cache = new Map<string, Cached>();

  /**
   * URIs and texts of the series `uri` belongs to, in file-name order, or just
   * the document itself when its folder holds no other patch file.
   */
  collect(uri: string, openText: (uri: string) => string | undefined): { uri: string; text: string }[] {
    const self = openText(uri) ?? '';
    if (!uri.startsWith('file:')) return [{ uri, text: self }];
    let path: string;
    try {
      path = fileURLToPath(uri);
    } catch {
      return [{ uri, text: self }];
    }
    const dir = dirname(path);
    let names: string[];
    try {
      names = readdirSync(dir).filter((n) => SERIES_FILE.test(n));
    } catch {
      return [{ uri, text: self }];
    }
    if (names.length < 2 || names.length > MAX_SERIES_FILES || !names.includes(path.slice(dir.length + 1))) return [{ uri, text: self }];
    names.sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
    const out: { uri: string; text: string }[] = [];
    for (const name of names) {
      const file = join(dir, name);
      const fileUri = file === path ? uri : pathToFileURL(file).href;
      const open = openText(fileUri);
      if (open !== undefined) {
        out.push({ uri: fileUri, text: open });
        continue;
      }
      const text = this.read(file);
      if (text !== undefined) out.push({ uri: fileUri, text });
    }
    return out;
  }

  private read(file: string): string | undefined {
    try {
      const st = statSync(file);
      if (!st.isFile() || st.size > MAX_FILE_SIZE) return undefined;
      const hit = this.cache.get(file);
      if (hit && hit.mtimeMs === st.mtimeMs && hit.size === st.size) return hit.text;
      const text = readFileSync(file, 'utf8');
      this.cache.set(file, { mtimeMs: st.mtimeMs, size: st.size, text });
      return text;
    } catch {
      return undefined;
    }
  }

  forget(uri: string): void {
    try {
      this.cache.delete(fileURLToPath(uri));
    } catch {
      // not a file URI
    }
  }
}
