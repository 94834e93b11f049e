/**
 * The self-hosted Be Vietnam Pro (every Vietnamese glyph), as TrueType files for the PDF and
 * the picture: read once from its package, never fetched.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

export interface ReportFonts<T> {
	regular: T;
	bold: T;
	italic: T;
}

let files: ReportFonts<string> | null = null;
let fonts: ReportFonts<Buffer> | null = null;

/** Where the font files are. */
export function reportFontFiles(): ReportFonts<string> {
	if (files) return files;
	const require = createRequire(import.meta.url);
	const file = (weight: string) => require.resolve(`@expo-google-fonts/be-vietnam-pro/${weight}/BeVietnamPro_${weight}.ttf`);
	files = { regular: file('400Regular'), bold: file('700Bold'), italic: file('400Regular_Italic') };
	return files;
}

export function reportFonts(): ReportFonts<Buffer> {
	if (fonts) return fonts;
	const f = reportFontFiles();
	fonts = { regular: readFileSync(f.regular), bold: readFileSync(f.bold), italic: readFileSync(f.italic) };
	return fonts;
}
