// @ts-check
import { defineConfig } from 'astro/config';
import starlight from '@astrojs/starlight';
import { unified } from '@astrojs/markdown-remark';
import remarkMath from 'remark-math';
import rehypeKatex from 'rehype-katex';
import { codeBlockLocale, contentTranslations } from './src/publish/code-blocks.ts';
import rehypeLayout from './src/publish/rehype-layout.ts';
import { docsSidebarItems } from './src/publish/sidebar.ts';
import { baseFromEnv, siteFromEnv, siteIntegrations } from './src/publish/site-url.ts';

// The same build serves at `/` and under a GitHub Pages project path: both come from the environment.
// No SITE_URL, no site: canonical, hreflang and sitemap URLs are then left out, not made up.
const site = siteFromEnv();
const base = baseFromEnv();

export default defineConfig({
	site,
	base,
	trailingSlash: 'always',
	// Astro's cache (the content layer's data store among it) beside the project, not in node_modules: a
	// checkout whose node_modules is shared or linked would otherwise read another checkout's content.
	cacheDir: './.astro-cache',
	// Astro 7's default Markdown processor ignores remark/rehype plugins; KaTeX needs the unified one.
	markdown: {
		processor: unified({ remarkPlugins: [remarkMath], rehypePlugins: [rehypeKatex, rehypeLayout] }),
	},
	vite: {
		build: {
			rolldownOptions: {
				// Astro's MDX asset plugin emits a "use astro:head-inject" directive that the bundler warns
				// about on every MDX page; it is Astro's own marker, harmless, and drowns real warnings.
				onLog(level, log, handler) {
					if (log.code === 'MODULE_LEVEL_DIRECTIVE' && String(log.message).includes('astro:head-inject')) return;
					handler(level, log);
				},
			},
		},
	},
	integrations: [
		...siteIntegrations(site),
		starlight({
			title: { ja: 'Kernel Atlas', en: 'Kernel Atlas' },
			description: 'CNN の畳み込みカーネルを見て学ぶ / See and learn what convolution kernels have learned',
			defaultLocale: 'root',
			locales: {
				root: { label: '日本語', lang: 'ja' },
				en: { label: 'English', lang: 'en' },
			},
			// src/pages/404.astro instead: Starlight's looks up a `404` docs entry and Astro warns that there is none.
			disable404Route: true,
			plugins: [contentTranslations()],
			components: { LanguageSelect: './src/components/starlight/LanguageSelect.astro' },
			customCss: ['katex/dist/katex.min.css', './src/styles/atlas.css'],
			// Wrapped lines: a code block that scrolled sideways became an unlabelled `role=region` (Expressive
			// Code's script), and two of them on one page fail axe's landmark-unique; wrapping also reads better at 375 px.
			expressiveCode: {
				defaultProps: { wrap: true, preserveIndent: true },
				// Starlight finds a block's language from a path under src/content/docs; ours are in content/docs.
				getBlockLocale: ({ file }) => codeBlockLocale(file.path),
			},
			// Not `autogenerate`: it finds nothing in a docs folder outside src/content/docs (see src/publish/sidebar.ts).
			sidebar: [
				{ label: 'Tutorial', translations: { ja: 'チュートリアル' }, items: docsSidebarItems('tutorial') },
				{ label: 'Models', translations: { ja: 'モデル' }, link: '/models/' },
				{ label: 'Guides', translations: { ja: 'ガイド' }, items: docsSidebarItems('guides') },
				{ label: 'Classical vs learned', translations: { ja: '古典的フィルタと学習済みフィルタ' }, link: '/compare/' },
				{ label: 'Filter glossary', translations: { ja: 'フィルタの用語集' }, link: '/glossary/' },
				{ label: 'Credits', translations: { ja: 'クレジット' }, link: '/credits/' },
			],
		}),
	],
});
