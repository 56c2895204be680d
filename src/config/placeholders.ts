/**
 * The values `kernel-atlas add` writes where only the author knows the answer, and how the build
 * recognises them: a scaffold left unedited must not publish "TODO" as a licence or a made-up URL.
 */

/** A text placeholder: `TODO: ` and what to write. */
export function placeholder(what: string): string {
	return `TODO: ${what}`;
}

/** A URL placeholder: the `.invalid` top-level domain is reserved for names that can never resolve (RFC 2606). */
export const PLACEHOLDER_URL = 'https://todo.invalid/write-where-the-model-comes-from';

// Also what earlier versions of `add` wrote, so configs scaffolded before this check are caught too.
const PLACEHOLDER_TEXT = [/^TODO\b/, /^UNKNOWN \(fill in/, /\(fill in\b/, /\(write a description\)$/, /（説明を書いてください）$/, /^https:\/\/example\.org\/fill-in-/];
const PLACEHOLDER_HOST = /(^|\.)invalid$/;

/** True for a value that is one of `add`'s placeholders rather than the author's answer. */
export function isPlaceholder(value: string): boolean {
	if (PLACEHOLDER_TEXT.some((re) => re.test(value))) return true;
	if (!/^https?:\/\//.test(value)) return false;
	try {
		return PLACEHOLDER_HOST.test(new URL(value).hostname);
	} catch {
		return false;
	}
}

/**
 * The dotted paths of every string in `value` that is a placeholder, in document order.
 * @example placeholderFields({ license: 'TODO: the licence', title: { en: 'Net' } }) // ['license']
 */
export function placeholderFields(value: unknown, path = ''): string[] {
	if (typeof value === 'string') return isPlaceholder(value) ? [path] : [];
	if (Array.isArray(value)) return value.flatMap((v, i) => placeholderFields(v, `${path}[${i}]`));
	if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => placeholderFields(v, path ? `${path}.${k}` : k));
	return [];
}
