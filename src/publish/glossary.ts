/**
 * The filter glossary: every family and group the analysis reports, introduced in both languages with
 * the matrix the analysis compares kernels with (taken from its template library, never retyped).
 * Tables link each family and group name here (`glossaryPath`).
 */
import { FAMILIES, FAMILY_GROUPS, GROUPS, type Family, type Group, type TemplateDetail, groupFamilies, templatesFor } from '../analysis/index.ts';
import type { Lang } from './i18n.ts';

/** What each family is, in a sentence or two per language. */
export const FAMILY_TEXT: Record<Family, { ja: string; en: string }> = {
	laplacian: {
		ja: '2 次微分のカーネルで、中心が周囲より明るい（または暗い）点や細い線に強く反応します。上下左右の 4 近傍版と、斜めも含む 8 近傍版があります。',
		en: 'A second-derivative kernel: it responds to a point or thin line brighter (or darker) than its surroundings. There is a 4-neighbour form and an 8-neighbour form that includes the diagonals.',
	},
	'sobel-horizontal': {
		ja: '上下の差をとり、左右方向に 1-2-1 の重みでならすカーネルです。水平な境目（上が暗く下が明るいところ）に反応します。',
		en: 'Takes the difference between the rows below and above, smoothed 1-2-1 along the row: it responds to horizontal edges (dark above, bright below).',
	},
	'sobel-vertical': {
		ja: '左右の差をとり、上下方向に 1-2-1 の重みでならすカーネルです。垂直な境目（左が暗く右が明るいところ）に反応します。',
		en: 'Takes the difference between the columns right and left, smoothed 1-2-1 down the column: it responds to vertical edges (dark left, bright right).',
	},
	'prewitt-horizontal': {
		ja: 'ソーベルと同じく上下の差をとりますが、ならしの重みが均等（1-1-1）です。',
		en: 'Like the horizontal Sobel, but the smoothing along the row is even (1-1-1).',
	},
	'prewitt-vertical': {
		ja: 'ソーベルと同じく左右の差をとりますが、ならしの重みが均等（1-1-1）です。',
		en: 'Like the vertical Sobel, but the smoothing down the column is even (1-1-1).',
	},
	'scharr-horizontal': {
		ja: 'ソーベルのならしの重みを 3-10-3 にしたもので、向きの精度が高い水平エッジ検出です（3×3 のみ）。',
		en: 'The horizontal Sobel with 3-10-3 smoothing, which measures edge direction more accurately (3×3 only).',
	},
	'scharr-vertical': {
		ja: 'ソーベルのならしの重みを 3-10-3 にしたもので、向きの精度が高い垂直エッジ検出です（3×3 のみ）。',
		en: 'The vertical Sobel with 3-10-3 smoothing, which measures edge direction more accurately (3×3 only).',
	},
	'diagonal-edge': {
		ja: '斜め 45° または 135° の境目に反応するカーネルです。3×3 では斜めのソーベル、2×2 ではロバーツのクロスを使います。',
		en: 'Responds to edges at 45° or 135°. At 3×3 it is the diagonal Sobel; at 2×2, the Roberts cross.',
	},
	'box-blur': {
		ja: 'すべての重みが等しく、近くの画素の単純な平均をとるぼかしです。',
		en: 'All weights equal: a plain average of the neighbourhood.',
	},
	'gaussian-blur': {
		ja: '中心ほど重みが大きい（二項係数またはガウス関数）ぼかしです。',
		en: 'A blur whose weights fall off from the centre (binomial coefficients or a sampled Gaussian).',
	},
	identity: {
		ja: '中心の 1 つだけが 0 でなく、入力をそのまま通すカーネルです。',
		en: 'Only the centre weight is non-zero: the input passes through unchanged.',
	},
	sharpen: {
		ja: '恒等からラプラシアン（4 近傍）を引いた形で、元の画像に境目の強調を足します。',
		en: 'Identity minus the 4-neighbour Laplacian: the image plus its edges, emphasised.',
	},
	'center-surround': {
		ja: 'ガウシアンでぼかしてからラプラシアンをかけたもの（LoG、メキシカンハット）で、中心と周囲の明るさの差に反応します。ラプラシアンを大きなカーネルに広げた形で、5×5 以上で比べます。',
		en: 'The Laplacian of a Gaussian (LoG, "Mexican hat"): it responds to a centre that differs from its surround. It is the Laplacian spread over a larger kernel, compared for 5×5 and larger.',
	},
	gabor: {
		ja: 'ガウス関数で包んだ縞模様で、決まった向きと間隔の縞や線に反応します。向き θ は 8 通り、波長 λ は最大 3 通り、位相は偶（線状）と奇（段差状）の 2 通りを比べます。下は 3×3 の例です。',
		en: 'Stripes inside a Gaussian envelope: it responds to stripes or lines of one orientation and spacing. Kernels are compared with 8 orientations θ, up to 3 wavelengths λ, and even (line) and odd (step) phase; two 3×3 members are shown.',
	},
	'color-opponent': {
		ja: '形ではなく、色の違いに反応するカーネルです。RGB を読む層で、3 つのチャンネルに共通しない重みのエネルギーの割合（色の対比の強さ）が 0.6 以上のものをこう呼び、古典的フィルタとの一致には数えません。2 つの色は、RGB 合成の図で模様の正の端と負の端に現れる色です。',
		en: 'Responds to a difference of colour rather than a shape. In a layer that reads RGB, a kernel whose opponency strength (the share of its weights\' energy not common to all three channels) is 0.6 or more is called this, and it is not counted as a match with a classical filter. The two colours are those the RGB composite shows at the positive and the negative end of its pattern.',
	},
	pointwise: {
		ja: '1×1 のカーネルには空間の模様がないので、形の比較はしません。チャンネルを混ぜ合わせるだけの働きです。',
		en: 'A 1×1 kernel has no spatial pattern to compare: it only mixes channels.',
	},
	unclassified: {
		ja: 'どのテンプレートとのコサイン類似度もしきい値に届かないカーネルです。詳細ページには、それでも最も近いテンプレートを示します。',
		en: 'No template reaches the threshold cosine. The kernel page still shows the closest templates.',
	},
};

/** Members shown for each family: at most two, at the smallest size the family has. */
export function familyExamples(family: Family): { detail: TemplateDetail | null; size: number; rows: number[][] }[] {
	for (const size of [3, 5]) {
		const members = templatesFor(size, size).filter((t) => t.family === family);
		if (members.length === 0) continue;
		const pick = family === 'gabor' ? members.filter((t) => t.detail?.kind === 'gabor' && t.detail.theta === 0).slice(0, 2) : family === 'center-surround' ? members.slice(-2) : members.slice(0, 2);
		return pick.map((t) => ({ detail: t.detail, size, rows: readable(Array.from(t.values), size) }));
	}
	return [];
}

/**
 * A template as a person writes it: whole numbers when it is a multiple of one (Sobel's 1, 2), else
 * scaled so its largest entry is 1. Cosine does not depend on scale, so every form compares the same.
 */
function readable(values: number[], size: number): number[][] {
	const nonZero = values.filter((v) => Math.abs(v) > 1e-9).map(Math.abs);
	const unit = Math.min(...nonZero);
	// The smallest whole multiple (Scharr's 3 and 10 need ×3 of the smallest entry).
	const multiple = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].find((m) => values.every((v) => {
		const w = (v / unit) * m;
		return Math.abs(w - Math.round(w)) < 1e-6 && Math.abs(w) <= 20;
	}));
	const max = Math.max(...nonZero);
	const shown = multiple ? values.map((v) => Math.round((v / unit) * multiple)) : values.map((v) => Math.round((100 * v) / max) / 100);
	return Array.from({ length: size }, (_, r) => shown.slice(r * size, (r + 1) * size).map((v) => (Object.is(v, -0) ? 0 : v)));
}

/** The anchor of a group on the glossary page: the family's own when the group is that one family. */
export function groupAnchor(group: Group): string {
	const families = groupFamilies(group);
	return families.length === 1 && families[0] === group ? group : `group-${group}`;
}

/** The glossary's path for a family (its anchor is its id). */
export function familyGlossaryPath(family: string): string {
	return `glossary/#${family}`;
}

/** The glossary's path for a group. */
export function groupGlossaryPath(group: string): string {
	return (GROUPS as readonly string[]).includes(group) ? `glossary/#${groupAnchor(group as Group)}` : 'glossary/';
}

/** Every group with its families, in display order. */
export function glossaryGroups(): { group: Group; anchor: string; families: Family[] }[] {
	return GROUPS.map((group) => ({ group, anchor: groupAnchor(group), families: groupFamilies(group) }));
}

/** A family's text in one language. */
export function familyText(lang: Lang, family: Family): string {
	return FAMILY_TEXT[family][lang];
}

export { FAMILIES, FAMILY_GROUPS };
