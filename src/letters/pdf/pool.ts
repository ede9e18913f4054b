import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { AppError } from '../../errors.js';

/**
 * Letters are laid out as PDF in worker threads (issue 10 #8): pdfmake is synchronous and a long
 * letter is seconds of CPU, which on the main thread would hold up every request of the server
 * (/healthz included). The pool has at most as many threads as the machine has cores (one fewer, so
 * the main thread keeps one), started when first needed; a layout over its time budget is stopped
 * (its thread terminated and replaced) and fails with PdfBudgetError instead of blocking anything.
 */

/** A PDF that could not be made within its budget of time or size; the message says which. */
export class PdfBudgetError extends AppError {
  readonly code = 'pdf_over_budget';
}

export interface PdfPoolOptions {
  /** Threads at most (1 … the number of cores); default: cores − 1, at least 1, at most 4. */
  size?: number;
  /** How long one layout may take (ms) before it is stopped. */
  timeBudgetMs?: number;
}

export const DEFAULT_TIME_BUDGET_MS = 20_000;

interface Task {
  id: number;
  html: string;
  resolve: (pdf: Buffer) => void;
  reject: (err: Error) => void;
  timer?: NodeJS.Timeout;
}

interface Slot {
  worker: Worker;
  task: Task | null;
}

type Reply = { id: number; pdf: Uint8Array; error?: undefined } | { id: number; error: string };

/** The worker's own file: worker.ts when this runs from source (tests, tsx), worker.js when built. */
const FROM_SOURCE = import.meta.url.endsWith('.ts');
const WORKER_URL = new URL(FROM_SOURCE ? './worker.ts' : './worker.js', import.meta.url).href;
/**
 * A worker thread does not get the TypeScript loader of a tsx-run parent (Node 20), so from source the
 * thread registers it first; built, it imports worker.js straight away.
 */
const BOOTSTRAP = `const { workerData } = require('node:worker_threads');
(async () => {
  if (workerData.fromSource) (await import('tsx/esm/api')).register();
  await import(workerData.url);
})().catch((err) => { setImmediate(() => { throw err; }); });`;

export class PdfWorkerPool {
  readonly size: number;
  readonly timeBudgetMs: number;
  private readonly slots: Slot[] = [];
  private readonly queue: Task[] = [];
  private nextId = 1;
  private closed = false;

  constructor(options: PdfPoolOptions = {}) {
    const cores = Math.max(1, os.availableParallelism());
    this.size = Math.max(1, Math.min(options.size ?? Math.min(cores - 1, 4), cores));
    this.timeBudgetMs = options.timeBudgetMs ?? DEFAULT_TIME_BUDGET_MS;
  }

  /** The PDF of one letter's HTML, laid out in a worker thread. */
  render(html: string): Promise<Buffer> {
    if (this.closed) return Promise.reject(new Error('the PDF worker pool is closed'));
    return new Promise<Buffer>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, html, resolve, reject });
      this.dispatch();
    });
  }

  /** Threads running now (for tests and health pages). */
  get threads(): number {
    return this.slots.length;
  }

  /** Stop every thread; what waits is refused. */
  async close(): Promise<void> {
    this.closed = true;
    for (const task of this.queue.splice(0)) task.reject(new Error('the PDF worker pool is closed'));
    const slots = this.slots.splice(0);
    for (const s of slots) {
      if (s.task) {
        clearTimeout(s.task.timer);
        s.task.reject(new Error('the PDF worker pool is closed'));
        s.task = null;
      }
    }
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }

  private dispatch(): void {
    while (this.queue.length > 0 && !this.closed) {
      let slot = this.slots.find((s) => !s.task);
      if (!slot) {
        if (this.slots.length >= this.size) return;
        slot = this.spawn();
      }
      this.start(slot, this.queue.shift()!);
    }
  }

  private spawn(): Slot {
    const worker = new Worker(BOOTSTRAP, { eval: true, workerData: { url: WORKER_URL, fromSource: FROM_SOURCE } });
    const slot: Slot = { worker, task: null };
    worker.on('message', (m: Reply) => this.finish(slot, m));
    worker.on('error', (err) => this.lost(slot, err));
    worker.on('exit', (code) => this.lost(slot, new Error(`the PDF worker stopped (exit code ${code})`)));
    // An idle thread does not keep the process alive (a CLI, a test run); a busy one does.
    worker.unref();
    this.slots.push(slot);
    return slot;
  }

  private start(slot: Slot, task: Task): void {
    slot.task = task;
    slot.worker.ref();
    task.timer = setTimeout(() => this.overBudget(slot, task), this.timeBudgetMs);
    slot.worker.postMessage({ id: task.id, html: task.html });
  }

  private finish(slot: Slot, m: Reply): void {
    const task = slot.task;
    if (!task || task.id !== m.id) return;
    clearTimeout(task.timer);
    slot.task = null;
    slot.worker.unref();
    if (m.error !== undefined) task.reject(new Error(`the letter could not be laid out as PDF: ${m.error}`));
    else task.resolve(Buffer.from(m.pdf.buffer, m.pdf.byteOffset, m.pdf.byteLength));
    this.dispatch();
  }

  private overBudget(slot: Slot, task: Task): void {
    if (slot.task !== task) return;
    slot.task = null;
    this.drop(slot);
    void slot.worker.terminate();
    task.reject(new PdfBudgetError(`the PDF layout of this letter took longer than its budget of ${this.timeBudgetMs} ms and was stopped`));
    this.dispatch();
  }

  /** A thread that failed or stopped: its letter fails, a new thread takes the queue. */
  private lost(slot: Slot, err: Error): void {
    if (!this.drop(slot)) return;
    const task = slot.task;
    slot.task = null;
    if (task) {
      clearTimeout(task.timer);
      task.reject(new Error(`the PDF worker failed: ${err.message}`, { cause: err }));
    }
    this.dispatch();
  }

  private drop(slot: Slot): boolean {
    const i = this.slots.indexOf(slot);
    if (i < 0) return false;
    this.slots.splice(i, 1);
    return true;
  }
}
