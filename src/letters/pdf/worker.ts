import { parentPort } from 'node:worker_threads';
import { layOutPdf } from './layOut.js';

/**
 * A thread of the PDF pool (pool.ts): lays out one letter at a time, so a long layout never holds up
 * the server's event loop. Messages: { id, html } in; { id, pdf } or { id, error } out.
 */
if (!parentPort) throw new Error('src/letters/pdf/worker is a worker thread, not a program');
const port = parentPort;
port.on('message', (task: { id: number; html: string }) => {
  layOutPdf(task.html).then(
    (pdf) => {
      // A view of the bytes that owns its whole buffer, so it can be moved instead of copied.
      const bytes = new Uint8Array(pdf.byteLength);
      bytes.set(pdf);
      port.postMessage({ id: task.id, pdf: bytes }, [bytes.buffer]);
    },
    (err: unknown) => port.postMessage({ id: task.id, error: err instanceof Error ? err.message : String(err) }),
  );
});
