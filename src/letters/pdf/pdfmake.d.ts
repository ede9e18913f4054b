/**
 * The part of pdfmake 0.2's server-side API that src/letters/pdf uses. The installed @types/pdfmake
 * describes 0.3 (a different, promise-based API without PdfPrinter), so these two modules are declared
 * here; ambient declarations take precedence over whatever @types ships for the same paths.
 */

declare module 'pdfmake/src/printer.js' {
  /** One face of a family: a TTF file's path or its bytes (the bytes are embedded, subset, in the PDF). */
  export type FontSource = string | Buffer;
  export interface FontFamily { normal: FontSource; bold: FontSource; italics: FontSource; bolditalics: FontSource }

  export type Margins = number | [number, number] | [number, number, number, number];

  export interface Style {
    font?: string;
    fontSize?: number;
    bold?: boolean;
    italics?: boolean;
    color?: string;
    lineHeight?: number;
    alignment?: 'left' | 'right' | 'center' | 'justify';
    margin?: Margins;
    characterSpacing?: number;
    decoration?: 'underline' | 'lineThrough' | 'overline';
  }

  export interface TableLayout {
    hLineWidth?: (i: number, node: { table: { body: unknown[][] } }) => number;
    vLineWidth?: (i: number, node: { table: { widths: unknown[] } }) => number;
    hLineColor?: (i: number) => string;
    vLineColor?: (i: number) => string;
    fillColor?: (rowIndex: number) => string | null;
    paddingLeft?: (i: number) => number;
    paddingRight?: (i: number) => number;
    paddingTop?: (i: number) => number;
    paddingBottom?: (i: number) => number;
  }

  export interface CanvasLine { type: 'line'; x1: number; y1: number; x2: number; y2: number; lineWidth?: number; lineColor?: string }

  export interface ContentNode extends Style {
    text?: string | Content[];
    stack?: Content[];
    columns?: Content[];
    ul?: Content[];
    ol?: Content[];
    table?: { widths?: (number | '*' | 'auto')[]; heights?: number[]; body: Content[][]; dontBreakRows?: boolean; keepWithHeaderRows?: number; headerRows?: number };
    layout?: string | TableLayout;
    canvas?: CanvasLine[];
    width?: number | '*' | 'auto';
    columnGap?: number;
    style?: string | string[];
    unbreakable?: boolean;
    headlineLevel?: number;
    pageBreak?: 'before' | 'after';
    markerColor?: string;
  }

  export type Content = string | ContentNode | Content[];

  export interface NodeInfo { headlineLevel?: number; pageNumbers: number[]; text?: unknown; stack?: boolean }

  export interface DocumentDefinition {
    content: Content;
    pageSize?: 'A4' | { width: number; height: number };
    pageOrientation?: 'portrait' | 'landscape';
    pageMargins?: Margins;
    defaultStyle?: Style;
    styles?: Record<string, Style>;
    footer?: (currentPage: number, pageCount: number) => Content;
    header?: (currentPage: number, pageCount: number) => Content;
    pageBreakBefore?: (currentNode: NodeInfo, followingNodesOnPage: NodeInfo[]) => boolean;
    /** Keys are lower case here; pdfmake writes Title, Author, Subject, Keywords, Creator, Producer, CreationDate. */
    info?: { title?: string; author?: string; subject?: string; keywords?: string; creator?: string; producer?: string; creationDate?: Date; modDate?: Date };
    /** The catalog's /Lang, e.g. "sl". */
    language?: string;
    displayTitle?: boolean;
    compress?: boolean;
    version?: '1.3' | '1.4' | '1.5' | '1.6' | '1.7' | '1.7ext3';
  }

  /** The pdfkit document pdfmake returns: a readable stream of the file once end() is called. */
  export interface PdfKitDocument {
    on(event: 'data', listener: (chunk: Buffer) => void): this;
    on(event: 'end', listener: () => void): this;
    on(event: 'error', listener: (err: Error) => void): this;
    end(): void;
  }

  export default class PdfPrinter {
    constructor(fonts: Record<string, FontFamily>);
    createPdfKitDocument(definition: DocumentDefinition, options?: { tableLayouts?: Record<string, TableLayout>; fontLayoutCache?: boolean }): PdfKitDocument;
  }
}

declare module 'pdfmake/build/vfs_fonts.js' {
  /** File name (Roboto-Regular.ttf, Roboto-Medium.ttf, Roboto-Italic.ttf, Roboto-MediumItalic.ttf) → base64 bytes. */
  const vfs: Record<string, string>;
  export default vfs;
}
