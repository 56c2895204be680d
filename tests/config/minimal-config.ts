/** The smallest valid model config: every required field, nothing else (written by hand, not by the schema). */
export const MINIMAL_CONFIG = {
	title: { ja: 'テスト', en: 'Test' },
	description: { ja: '説明', en: 'About' },
	source: 'net.onnx',
	license: 'MIT',
	sourceUrl: 'https://example.org/net',
	author: 'Someone',
	task: 'image-classification',
};
