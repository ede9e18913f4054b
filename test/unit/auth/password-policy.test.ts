import { expect } from 'chai';
import { assertPasswordPolicy, passwordProblem } from '../../../src/http/auth/passwordPolicy.js';
import { NewUserSchema } from '../../../src/http/auth/users.js';
import { ValidationError } from '../../../src/errors.js';

describe('Issue 10 #10: one password policy for every password', () => {
  it('Issue 10 #10: refuses short, the username, common and one-note passwords; says why in English and Slovenian', () => {
    expect(passwordProblem('a', 'admin')).to.deep.equal({ message: 'at least 12 characters', sl: 'Geslo mora imeti vsaj 12 znakov.' });
    // 12 characters counted as a person counts them, not as UTF-16 units
    expect(passwordProblem('žžžščćđ12345', 'ana')).to.equal(null);
    expect(passwordProblem('🔒🔒🔒🔒🔒🔒🔒🔒🔒🔒🔒', 'ana')?.message).to.equal('at least 12 characters');
    expect(passwordProblem('Ana.Novak-2026!', 'ana.novak')?.sl).to.equal('Geslo ne sme vsebovati uporabniškega imena.');
    expect(passwordProblem('Password-1234', 'ana')?.sl).to.equal('To geslo je med najpogostejšimi; izberite drugo.');
    expect(passwordProblem('choose-a-long-password', 'admin')?.message).to.match(/common/);
    expect(passwordProblem('aaaaaaaaaaaaaaaa', 'ana')?.sl).to.equal('Geslo mora vsebovati vsaj 5 različnih znakov.');
    expect(passwordProblem('x'.repeat(201), 'ana')?.message).to.equal('at most 200 characters');
    expect(passwordProblem('correct horse battery staple', 'ana')).to.equal(null);
  });

  it('Issue 10 #10: a new user\'s password is refused with details path password; assertPasswordPolicy names its field', () => {
    const parsed = NewUserSchema.safeParse({ username: 'ana.novak', password: 'ana.novak-geslo', roles: ['dpo'] });
    expect(parsed.success).to.equal(false);
    expect(parsed.error!.issues.map((i) => [i.path.join('.'), i.message])).to.deep.equal([['password', 'must not contain the username']]);
    try {
      assertPasswordPolicy('kratko', 'ana', 'newPassword');
      expect.fail('accepted a short password');
    } catch (err) {
      expect(err).to.be.instanceOf(ValidationError);
      expect((err as ValidationError).details).to.deep.equal([{ path: 'newPassword', message: 'at least 12 characters' }]);
    }
  });
});
