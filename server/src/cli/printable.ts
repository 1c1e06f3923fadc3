/**
 * Text from the input (a subject, a quoted line, a file name) printed to a
 * terminal: control characters in it would be obeyed, not shown (OSC 52 writes
 * the clipboard, OSC 0 the window title, ESC c resets the terminal). Each C0 and
 * C1 control but the tab becomes a visible `\xHH`; our own colours are added
 * after this, so they still work.
 */
const CONTROL = /[\x00-\x08\x0a-\x1f\x7f-\x9f]/g;

export function printable(s: string): string {
  return s.replace(CONTROL, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
