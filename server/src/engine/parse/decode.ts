import { libmime } from './lazy-mime';
import type { DecodedSegment, DecodedText } from '../model';

// Locates RFC 2047 words only so that source offsets survive decoding; the decoding
// itself (charsets, Q/B encodings, split multi-byte sequences) is libmime's job.
const ENCODED_WORD = /=\?[^?\s]+\?[bBqQ]\?[^?\s]*\?=/g;

/**
 * Unfolds a raw header value (RFC 5322: a line break followed by white space
 * is removed, the white space stays) and decodes encoded words, keeping how
 * decoded characters map back to the source as a few segments (one for a plain
 * one-line value), never an array per character: a 50 MB mbox has a lot of headers.
 */
export function decodeHeaderValue(text: string, start: number, end: number): DecodedText {
  const raw = text.slice(start, end);
  if (!/[\r\n]/.test(raw) && !raw.includes('=?')) {
    return { text: raw, end, segments: raw.length ? [{ at: 0, length: raw.length, source: start, sourceEnd: end, verbatim: true }] : [] };
  }

  // Unfold, remembering each kept character's source offset (temporary).
  let unfolded = '';
  const srcOf: number[] = [];
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 13 || c === 10) continue;
    unfolded += text[i];
    srcOf.push(i);
  }

  const segments: { at: number; length: number; source: number; sourceEnd: number; verbatim: boolean }[] = [];
  let out = '';
  const pushVerbatim = (from: number, to: number) => {
    const base = out.length;
    for (let i = from; i < to; i++) {
      const at = base + (i - from);
      const last = segments[segments.length - 1];
      // Extend the current verbatim run while the source stays contiguous (a fold breaks it).
      if (last && last.verbatim && last.at + last.length === at && last.sourceEnd === srcOf[i]) {
        last.length++;
        last.sourceEnd++;
      } else {
        segments.push({ at, length: 1, source: srcOf[i], sourceEnd: srcOf[i] + 1, verbatim: true });
      }
    }
    out += unfolded.slice(from, to);
  };

  let cursor = 0;
  ENCODED_WORD.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = ENCODED_WORD.exec(unfolded))) {
    // Adjacent encoded words separated only by white space form one run: the
    // white space between them is not part of the text (RFC 2047 section 6.2).
    const runStart = m.index;
    let runEnd = m.index + m[0].length;
    for (;;) {
      const ws = /^[ \t]*/.exec(unfolded.slice(runEnd, runEnd + 200))![0].length;
      ENCODED_WORD.lastIndex = runEnd + ws;
      const next = ENCODED_WORD.exec(unfolded);
      if (next && next.index === runEnd + ws) runEnd = next.index + next[0].length;
      else {
        ENCODED_WORD.lastIndex = runEnd;
        break;
      }
    }
    pushVerbatim(cursor, runStart);
    let decoded: string;
    try {
      decoded = libmime().decodeWords(unfolded.slice(runStart, runEnd));
    } catch {
      decoded = unfolded.slice(runStart, runEnd);
    }
    // Every character decoded from a run stands for the whole run in the source.
    if (decoded.length > 0) segments.push({ at: out.length, length: decoded.length, source: srcOf[runStart], sourceEnd: srcOf[runEnd - 1] + 1, verbatim: false });
    out += decoded;
    cursor = runEnd;
  }
  pushVerbatim(cursor, unfolded.length);
  return { text: out, end, segments };
}

function segmentAt(d: DecodedText, i: number): DecodedSegment | undefined {
  for (const s of d.segments) if (i >= s.at && i < s.at + s.length) return s;
  return undefined;
}

/** Source offset where decoded character `i` starts (the value's end for i = text.length). */
export function sourceStart(d: DecodedText, i: number): number {
  const s = segmentAt(d, i);
  if (!s) return d.end;
  return s.verbatim ? s.source + (i - s.at) : s.source;
}

/** Source offset just past decoded character `i`. */
export function sourceEnd(d: DecodedText, i: number): number {
  const s = segmentAt(d, i);
  if (!s) return d.end;
  return s.verbatim ? s.source + (i - s.at) + 1 : s.sourceEnd;
}

/** Source span of decoded characters [from, to), and whether it is the verbatim source text. */
export function mapDecoded(d: DecodedText, from: number, to: number): { start: number; end: number; exact: boolean } {
  const start = sourceStart(d, from);
  const end = to > from ? sourceEnd(d, to - 1) : start;
  let exact = end - start === to - from;
  for (const s of d.segments) {
    if (!exact) break;
    if (s.at < to && s.at + s.length > from && !s.verbatim) exact = false;
  }
  return { start, end: Math.max(start, end), exact };
}
