/** Text helpers of the playground: templates from the page's strings, and numbers short enough for a matrix cell. */

/** `{name}` placeholders of a template replaced by `values`. */
export function fill(template: string, values: Record<string, string | number>): string {
	return template.replace(/\{(\w+)\}/g, (all, name: string) => (name in values ? String(values[name]) : all));
}

/**
 * A number with `digits` significant digits, never in exponent form unless it is tiny, and with no
 * "-0": short enough for a matrix cell, precise enough to follow the arithmetic.
 * @example formatValue(-0.123456) // "-0.123"; formatValue(151.2) // "151"
 */
export function formatValue(v: number, digits = 3): string {
	if (!Number.isFinite(v)) return String(v);
	const a = Math.abs(v);
	if (a === 0 || a < 5e-9) return '0';
	if (a < 1e-3) return v.toExponential(Math.max(0, digits - 1)).replace(/\.?0+e/, 'e');
	const text = a >= 10 ** digits ? v.toFixed(0) : String(Number(v.toPrecision(digits)));
	return text === '-0' ? '0' : text;
}
