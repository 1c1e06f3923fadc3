import libmime from 'libmime';
import type { DecodedText } from '../model';

// Locates RFC 2047 words only so that source offsets survive decoding; the decoding
// itself (charsets, Q/B encodings, split multi-byte sequences) is libmime's job.
const ENCODED_WORD = /=\?[^?\s]+\?[bBqQ]\?[^?\s]*\?=/g;

/**
 * Unfolds a raw header value (RFC 5322: a line break followed by white space
 * is removed, the white space stays) and decodes encoded words, keeping for
 * every decoded character the source offset it came from.
 */
export function decodeHeaderValue(text: string, start: number, end: number): DecodedText {
  let unfolded = '';
  const srcOf: number[] = [];
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 13 || c === 10) continue;
    unfolded += text[i];
    srcOf.push(i);
  }
  srcOf.push(end);

  if (!unfolded.includes('=?')) {
    return { text: unfolded, map: srcOf, mapEnd: srcOf.slice(0, -1).map((o) => o + 1), verbatim: new Array<boolean>(unfolded.length).fill(true) };
  }

  let out = '';
  const map: number[] = [];
  const mapEnd: number[] = [];
  const verbatim: boolean[] = [];
  const copyVerbatim = (from: number, to: number) => {
    for (let i = from; i < to; i++) {
      out += unfolded[i];
      map.push(srcOf[i]);
      mapEnd.push(srcOf[i] + 1);
      verbatim.push(true);
    }
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
    copyVerbatim(cursor, runStart);
    let decoded: string;
    try {
      decoded = libmime.decodeWords(unfolded.slice(runStart, runEnd));
    } catch {
      decoded = unfolded.slice(runStart, runEnd);
    }
    // Every character decoded from a run stands for the whole run in the source.
    for (let k = 0; k < decoded.length; k++) {
      out += decoded[k];
      map.push(srcOf[runStart]);
      mapEnd.push(srcOf[runEnd - 1] + 1);
      verbatim.push(false);
    }
    cursor = runEnd;
  }
  copyVerbatim(cursor, unfolded.length);
  map.push(end);
  return { text: out, map, mapEnd, verbatim };
}

/** Source span of decoded characters [from, to), and whether it is the verbatim source text. */
export function mapDecoded(d: DecodedText, from: number, to: number): { start: number; end: number; exact: boolean } {
  const start = d.map[from];
  const end = to > from ? d.mapEnd[to - 1] : start;
  let exact = end - start === to - from;
  for (let i = from; exact && i < to; i++) if (!d.verbatim[i]) exact = false;
  return { start, end: Math.max(start, end), exact };
}
