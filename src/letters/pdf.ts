import { ConflictError } from '../errors.js';

/**
 * Letters as PDF come with the channels issue (print queue, A4 with embedded fonts). Until then the
 * request is answered clearly rather than with a broken file.
 */
export async function renderPdf(_html: string): Promise<Buffer> {
  throw new ConflictError('PDF rendering of letters is not available yet; ask for text/html', 'pdf_unavailable');
}
