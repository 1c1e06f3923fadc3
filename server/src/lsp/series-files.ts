/**
 * The other patch files of a series, read from the document's folder. Open
 * documents win over what is on disk; files are cached by modification time so
 * a keystroke does not re-read a whole folder.
 */
import { readdirSync, statSync, type Stats } from 'node:fs';
import { readRegularFile } from '../node/bounded-read';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { SERIES_FILE } from './classify';

/** A folder with more files than this is not treated as one series (a dump of unrelated patches). */
export const MAX_SERIES_FILES = 60;
const MAX_FILE_SIZE = 4 * 1024 * 1024;
/**
 * Every member is linted again on each keystroke in any of them: above this
 * many characters in all, the document is linted alone (59 siblings of 4 MB
 * cost 100 s per keystroke). A real series of 60 patches is a megabyte or two.
 */
export const MAX_SERIES_CHARS = 8 * 1024 * 1024;
/** Folder listings kept (by the folder's modification time). */
const MAX_LISTINGS = 64;

interface Cached {
  readonly mtimeMs: number;
  readonly size: number;
  readonly text: string;
}

export class SeriesFiles {
  private readonly cache = new Map<string, Cached>();
  /** The patch files of each folder, as of the folder's modification time: a folder of 200,000 entries took 0.5-0.9 s to list per keystroke. */
  private readonly listings = new Map<string, { mtimeMs: number; names: readonly string[] }>();

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
    const names = this.list(dir);
    if (!names || names.length < 2 || names.length > MAX_SERIES_FILES || !names.includes(path.slice(dir.length + 1))) return [{ uri, text: self }];
    const members = names.map((name) => {
      const file = join(dir, name);
      const fileUri = file === path ? uri : pathToFileURL(file).href;
      const open = openText(fileUri);
      return { file, uri: fileUri, open, stats: open === undefined ? this.readable(file) : undefined };
    });
    // Sizes first (a stat each), so a folder of large files is not read at all.
    // UTF-8 has no fewer bytes than characters: a file's size bounds its text's length.
    let total = 0;
    for (const m of members) total += m.open?.length ?? m.stats?.size ?? 0;
    if (total > MAX_SERIES_CHARS) return [{ uri, text: self }];
    const out: { uri: string; text: string }[] = [];
    for (const m of members) {
      const text = m.open ?? (m.stats && this.read(m.file, m.stats));
      if (text !== undefined) out.push({ uri: m.uri, text });
    }
    return out;
  }

  /** The file's stats when it is one we would read (a regular file within the size limit). */
  private readable(file: string): Stats | undefined {
    try {
      const st = statSync(file);
      return st.isFile() && st.size <= MAX_FILE_SIZE ? st : undefined;
    } catch {
      return undefined;
    }
  }

  /** The folder's patch files in name order, listed again only when the folder changed. */
  private list(dir: string): readonly string[] | undefined {
    try {
      const mtimeMs = statSync(dir).mtimeMs;
      const hit = this.listings.get(dir);
      if (hit && hit.mtimeMs === mtimeMs) return hit.names;
      const names = readdirSync(dir)
        .filter((n) => SERIES_FILE.test(n))
        .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
      if (this.listings.size >= MAX_LISTINGS) this.listings.delete(this.listings.keys().next().value!);
      this.listings.set(dir, { mtimeMs, names });
      return names;
    } catch {
      return undefined;
    }
  }

  private read(file: string, st: Stats): string | undefined {
    try {
      const hit = this.cache.get(file);
      if (hit && hit.mtimeMs === st.mtimeMs && hit.size === st.size) return hit.text;
      // A file swapped for a pipe or grown since the stat is refused, not waited for.
      const text = readRegularFile(file, MAX_FILE_SIZE).bytes.toString('utf8');
      // Bounded: one series at the size limit, or a few hundred ordinary patches of other folders.
      if (this.cache.size >= 256) this.cache.clear();
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
