/**
 * The body of a mail as its author wrote it, when the list or the mailer sent
 * it transfer-encoded (base64, quoted-printable) or as MIME parts. Rules judge
 * the decoded text: read raw, a base64 body has no Signed-off-by and every
 * quoted-printable line ends in `=`.
 *
 * Decoding is done by libraries: Node's Buffer for base64, libqp (nodemailer's
 * quoted-printable codec) and the WHATWG TextDecoder for charsets; libmime
 * reads the Content-Type parameters and the part headers. Only the multipart
 * structure (boundary lines) is walked here, because rules need to know which
 * source text a part came from and no parser library exposes offsets.
 */
import { decodeQuotedPrintable, libmime } from './lazy-mime';
import type { Header } from '../model';
import { findHeader } from './headers';
import { pushAll } from '../arrays';

export interface DecodedBody {
  /** The text rules read: the decoded text/plain part(s), patches attached as text included. */
  readonly text: string;
  /** What the source said, for messages: `base64`, `quoted-printable`, `multipart/mixed`. */
  readonly encoding: string;
  /** The header that says so (Content-Transfer-Encoding, or Content-Type for multipart). */
  readonly header: Header;
}

/** Parts nested deeper than this are not read: no mailer nests so deep, a hostile mail might. */
const MAX_DEPTH = 4;
/** Content types whose text is the message or a patch sent along with it. */
const TEXT_PART = /^text\/(?:plain|x-patch|x-diff|x-log)$/i;
const PATCH_NAME = /\.(?:patch|diff)$/i;

interface PartHeaders {
  readonly type: string;
  readonly params: Readonly<Record<string, string>>;
  readonly encoding: string;
  readonly attachmentName?: string;
}

function partHeaders(contentType: string | undefined, encoding: string | undefined, disposition: string | undefined): PartHeaders {
  const ct = libmime().parseHeaderValue(contentType ?? 'text/plain');
  const cd = disposition ? libmime().parseHeaderValue(disposition) : undefined;
  const name = cd?.params.filename ?? ct.params.name;
  return { type: (ct.value || 'text/plain').toLowerCase(), params: ct.params, encoding: (encoding ?? '7bit').trim().toLowerCase(), attachmentName: name };
}

function charsetText(bytes: Buffer, charset: string | undefined): string {
  const label = libmime().normalizeCharset(charset ?? 'utf-8');
  try {
    return new TextDecoder(label).decode(bytes);
  } catch {
    // A label TextDecoder does not know (x-unknown, a typo): UTF-8 is what kernel mail is in.
    return new TextDecoder('utf-8').decode(bytes);
  }
}

/** A part's body as text: transfer encoding undone, charset applied. */
function leafText(body: string, h: PartHeaders): string {
  if (h.encoding === 'base64') return charsetText(Buffer.from(body, 'base64'), h.params.charset);
  // The source string holds what the reader decoded as UTF-8: its bytes are what was sent.
  if (h.encoding === 'quoted-printable') return charsetText(decodeQuotedPrintable(Buffer.from(body, 'utf8')), h.params.charset);
  return body;
}

/** Whether a part carries text a rule should read: the message, or a patch sent as an attachment. */
function readablePart(h: PartHeaders): boolean {
  return TEXT_PART.test(h.type) || (h.attachmentName !== undefined && PATCH_NAME.test(h.attachmentName));
}

/** The parts of a multipart body, split at its boundary lines (RFC 2046 5.1.1). */
function splitParts(body: string, boundary: string): string[] {
  const lines = body.split(/(?<=\n)/);
  const open = `--${boundary}`;
  const parts: string[] = [];
  let current: string[] | undefined;
  for (const line of lines) {
    const bare = line.replace(/[ \t]*\r?\n$/, '');
    if (bare === open || bare === `${open}--`) {
      if (current) parts.push(current.join('').replace(/\r?\n$/, ''));
      if (bare !== open) return parts;
      current = [];
    } else if (current) current.push(line);
  }
  if (current) parts.push(current.join(''));
  return parts;
}

function readMultipart(body: string, h: PartHeaders, depth: number): string[] {
  const boundary = h.params.boundary;
  if (!boundary || depth > MAX_DEPTH) return [];
  const texts: string[] = [];
  for (const part of splitParts(body, boundary)) {
    // A part may have no headers at all: its first line is then the blank one (RFC 2046 5.1.1).
    const blank = /^\r?\n|\r?\n\r?\n/.exec(part);
    const head = blank ? part.slice(0, blank.index) : part;
    const rest = blank ? part.slice(blank.index + blank[0].length) : '';
    const fields = libmime().decodeHeaders(head);
    const ph = partHeaders(fields['content-type']?.[0], fields['content-transfer-encoding']?.[0], fields['content-disposition']?.[0]);
    if (ph.type.startsWith('multipart/')) pushAll(texts, readMultipart(rest, ph, depth + 1));
    else if (readablePart(ph)) texts.push(leafText(rest, ph));
  }
  return texts;
}

/**
 * The body decoded, or undefined when it is plain text already (7bit/8bit
 * without MIME parts: nearly all patch mail), so that nothing changes for it.
 */
export function decodeBody(headers: readonly Header[], body: string): DecodedBody | undefined {
  const ctHeader = findHeader(headers, 'content-type');
  const cteHeader = findHeader(headers, 'content-transfer-encoding');
  // Nearly all patch mail is neither multipart nor transfer-encoded: decided without loading
  // the MIME library (about a tenth of the CLI's start-up on a small patch).
  const cte = (cteHeader?.value.text ?? '').trim().toLowerCase();
  const multipart = ctHeader !== undefined && /^\s*"?multipart\//i.test(ctHeader.value.text);
  if (!multipart && cte !== 'base64' && cte !== 'quoted-printable') return undefined;
  const h = partHeaders(ctHeader?.value.text, cteHeader?.value.text, undefined);
  if (h.type.startsWith('multipart/') && ctHeader) {
    const texts = readMultipart(body, h, 1);
    return { text: texts.join('\n'), encoding: h.type, header: ctHeader };
  }
  if (!cteHeader || (h.encoding !== 'base64' && h.encoding !== 'quoted-printable')) return undefined;
  if (!h.type.startsWith('text/')) return undefined;
  return { text: leafText(body, h), encoding: h.encoding, header: cteHeader };
}
