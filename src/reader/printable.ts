/**
 * Text that came from a model or a config (tensor names, node names, paths), made safe to print on one
 * terminal line: control characters, line separators and bidirectional overrides are shown as escapes
 * (`\r`, `\u001b`), so a name cannot move the cursor, clear the screen, reorder the line or start a
 * line of its own that looks like the tool's.
 */

const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const SHORT: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * `text` with every character that could act on a terminal written as an escape.
 * @example printable('conv\u001b[2J') // 'conv\\u001b[2J'
 */
export function printable(text: string): string {
	return text.replace(UNSAFE, (c) => SHORT[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A message as one printable line: the line breaks that format it become spaces, the rest is escaped. */
export function oneLine(text: string): string {
	return printable(text.replace(/\s*\n\s*/g, ' ').trim());
}
