import type { System } from '../system.js';
import { IntakeDrafts } from './drafts.js';
import { fetchImap } from './imap.js';

/** Fetch the intake mailbox now and every `seconds`; returns a stop function. Errors are logged without the URL's password. */
export function pollImap(url: string, seconds: number, system: System, log: (m: string) => void): () => void {
  const drafts = new IntakeDrafts(system.db, system.clock);
  const where = url.replace(/\/\/[^@]*@/, '//');
  let running = false;
  const poll = async () => {
    if (running) return;
    running = true;
    try {
      const r = await fetchImap(url, drafts, system.db, system.clock);
      if (r.drafts || r.refused) log(`IMAP ${where}: ${r.drafts} new draft(s), ${r.refused} refused`);
    } catch (err) {
      log(`IMAP ${where}: ${(err as Error).message}`);
    } finally {
      running = false;
    }
  };
  void poll();
  const timer = setInterval(() => void poll(), Math.max(5, seconds) * 1000);
  timer.unref();
  return () => clearInterval(timer);
}
