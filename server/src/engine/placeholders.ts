/** Markers a generated cover letter holds until the author replaces them. */
export const PLACEHOLDER_TEXT = {
  subject: '*** SUBJECT HERE ***',
  blurb: '*** BLURB HERE ***',
  changes: '*** CHANGES HERE ***',
  link: '*** LINK HERE ***',
} as const;

/** Any of those markers (not global: safe for .test()). */
export const PLACEHOLDER_MARK = /\*\*\* (SUBJECT|BLURB|CHANGES|LINK) HERE \*\*\*/;
