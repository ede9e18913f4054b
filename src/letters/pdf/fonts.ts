import type { FontFamily } from 'pdfmake/src/printer.js';

/**
 * The fonts every letter is set in: Roboto (Regular, Medium as bold, Italic, Medium Italic) as shipped
 * inside the pdfmake package (build/vfs_fonts.js, base64). They are embedded, subset, in every PDF,
 * so nothing depends on the fonts of the machine that renders or prints the letter, and Roboto covers
 * Latin Extended-A (č, š, ž, ć, đ) and the dashes and quotes of Slovenian text.
 */
export const FONT_FAMILY = 'Roboto';

const FILES = { normal: 'Roboto-Regular.ttf', bold: 'Roboto-Medium.ttf', italics: 'Roboto-Italic.ttf', bolditalics: 'Roboto-MediumItalic.ttf' } as const;

let loaded: Promise<Record<string, FontFamily>> | null = null;

/** Decoded once per process, on the first letter printed (the module is ~0.9 MB of base64). */
export function letterFonts(): Promise<Record<string, FontFamily>> {
  loaded ??= import('pdfmake/build/vfs_fonts.js').then((m) => {
    const vfs = m.default;
    const face = (file: string) => {
      const b64 = vfs[file];
      if (typeof b64 !== 'string' || !b64) throw new Error(`pdfmake/build/vfs_fonts.js has no ${file}; is pdfmake 0.2 installed?`);
      return Buffer.from(b64, 'base64');
    };
    return { [FONT_FAMILY]: { normal: face(FILES.normal), bold: face(FILES.bold), italics: face(FILES.italics), bolditalics: face(FILES.bolditalics) } };
  }).catch((err: unknown) => {
    loaded = null;
    throw err;
  });
  return loaded;
}
