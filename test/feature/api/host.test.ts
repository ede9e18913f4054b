import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { loadConfig } from '../../../src/config.js';
import { startServer } from '../../../src/server.js';

describe('Issue 10 #10: the server binds to the loopback interface by default', function () {
  this.timeout(60_000);

  it('Issue 10 #10 started without HOST it listens on 127.0.0.1 only, and says so', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dsr-host-'));
    const config = loadConfig({ PORT: '0', DATABASE_URL: `sqlite:${path.join(dir, 'host.sqlite')}`, DSR_JOB_POLL_MS: '60000' });
    const said: string[] = [];
    const running = await startServer(config, (m) => said.push(m));
    try {
      const address = running.server.address();
      expect(address).to.be.an('object');
      expect((address as { address: string }).address).to.equal('127.0.0.1');
      expect(said.join('\n')).to.match(/listening on http:\/\/localhost:\d+ \(interface 127\.0\.0\.1;/);
    } finally {
      await running.stop();
    }
  });
});
