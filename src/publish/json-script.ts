/**
 * JSON for an inline `<script type="application/json">`: a model title such as `</script><script>…`
 * must not end the element early, so `<`, `>`, `&` and the JavaScript line separators are written as
 * \u escapes, which JSON.parse reads back as the same characters.
 * @example <script type="application/json" set:html={jsonForScript(data)} />
 */
export function jsonForScript(value: unknown): string {
	return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
