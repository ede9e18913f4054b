import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import { execFileSync } from 'node:child_process';

export interface TestImap {
  url: string;
  /** Put a message into the mailbox as a delivery agent would (Maildir/new). */
  deliver(raw: Buffer, name: string): void;
  close(): void;
}

const DOVECOT = '/usr/sbin/dovecot';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

/**
 * A real IMAP server (Debian's dovecot-imapd) on loopback, in a throwaway folder, with one user `dpo`.
 * Fails with the install command when dovecot is missing: these tests must not pass by being skipped.
 */
export async function startDovecot(): Promise<TestImap> {
  if (!fs.existsSync(DOVECOT)) throw new Error('dovecot is missing: apt-get install -y dovecot-imapd (.ci/run installs it)');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dsr-imap-'));
  const port = await freePort();
  const mail = path.join(dir, 'mail', 'dpo');
  for (const d of ['new', 'cur', 'tmp']) fs.mkdirSync(path.join(mail, d), { recursive: true });
  fs.writeFileSync(path.join(dir, 'users'), 'dpo:{PLAIN}skrivnost-za-test\n', { mode: 0o644 });
  const asRoot = process.getuid?.() === 0;
  // As root (CI), dovecot's own unprivileged users run the mail processes; otherwise the current user does.
  const user = asRoot ? 'dovecot' : os.userInfo().username;
  const conf = `
base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain
mail_location = maildir:${dir}/mail/%u
first_valid_uid = 1
${asRoot ? 'default_internal_user = dovecot\ndefault_internal_group = dovecot\ndefault_login_user = dovenull' : `default_internal_user = ${user}\ndefault_login_user = ${user}`}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
  chroot =
}
service anvil {
  chroot =
}
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/users
}
userdb {
  driver = static
  args = uid=${user} gid=${asRoot ? 'dovecot' : os.userInfo().gid} home=${dir}/mail/%u
}
`;
  fs.mkdirSync(path.join(dir, 'state'));
  fs.writeFileSync(path.join(dir, 'dovecot.conf'), conf);
  fs.chmodSync(dir, 0o755);
  if (asRoot) execFileSync('chown', ['-R', 'dovecot:dovecot', path.join(dir, 'mail')]);
  // stdio ignored: the daemon would otherwise hold our pipe open and the call would never return.
  execFileSync(DOVECOT, ['-c', path.join(dir, 'dovecot.conf')], { stdio: 'ignore' });
  for (let i = 0; i < 50; i++) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => { s.end(); resolve(true); });
      s.on('error', () => resolve(false));
    });
    if (ok) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url: `imap://dpo:skrivnost-za-test@127.0.0.1:${port}/INBOX`,
    deliver(raw, name) {
      const file = path.join(mail, 'new', `${Date.now()}.${name}.test`);
      fs.writeFileSync(file, raw);
      if (asRoot) execFileSync('chown', ['dovecot:dovecot', file]);
    },
    close() {
      try {
        execFileSync(DOVECOT, ['-c', path.join(dir, 'dovecot.conf'), 'stop'], { stdio: 'ignore' });
      } catch { /* already stopped */ }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
