import { expect } from 'chai';
import express from 'express';
import request from 'supertest';
import { ConfigError, loadConfig } from '../../../src/config.js';
import { errorHandler } from '../../../src/http/errors.js';
import { jsonDepth, MAX_JSON_DEPTH } from '../../../src/http/jsonDepth.js';
import { storageLimitOf } from '../../../src/persistence/storageErrors.js';
import { ProcessError } from '../../../src/errors.js';
import { sameToken } from '../../../src/web/middleware.js';
import { codePoints } from '../../../src/requests/schemas.js';

describe('Issue 10 #10: the server listens on loopback unless HOST says otherwise', () => {
  it('Issue 10 #10 HOST defaults to 127.0.0.1; 0.0.0.0 and :: listen on all interfaces; anything else is refused at start', () => {
    expect(loadConfig({}).host).to.equal('127.0.0.1');
    expect(loadConfig({ HOST: '' }).host).to.equal('127.0.0.1');
    expect(loadConfig({ HOST: '0.0.0.0' }).host).to.equal('0.0.0.0');
    expect(loadConfig({ HOST: '::' }).host).to.equal('::');
    expect(loadConfig({ HOST: 'dsr.internal' }).host).to.equal('dsr.internal');
    expect(() => loadConfig({ HOST: '0.0.0.0; rm -rf' })).to.throw(ConfigError, 'HOST');
  });
});

describe('Issue 10 #9: input limits and errors, unit by unit', () => {
  it('Issue 10 #9 JSON depth is counted on the raw bytes, brackets in strings (and escaped quotes) do not count', () => {
    expect(jsonDepth(Buffer.from('{"a":[1,{"b":[]}]}'))).to.equal(4);
    expect(jsonDepth(Buffer.from('{"a":"[[[[\\"[[[["}'))).to.equal(1);
    expect(jsonDepth(Buffer.from('['.repeat(100_000)), MAX_JSON_DEPTH)).to.equal(MAX_JSON_DEPTH + 1);
  });

  it('Issue 10 #9 CSRF tokens are compared as bytes: the same length in characters but not in bytes is simply different', () => {
    expect(sameToken('abc', 'abc')).to.equal(true);
    expect(sameToken('č'.repeat(3), 'abc')).to.equal(false);
    expect(sameToken('\u00c4\u008d\u00c4', 'abc')).to.equal(false);
    expect(sameToken('', 'abc')).to.equal(false);
  });

  it('Issue 10 #9 lengths count code points, as MariaDB counts characters in utf8mb4', () => {
    expect(codePoints('😀😀')).to.equal(2);
    expect('😀😀'.length).to.equal(4);
    expect(codePoints('Čuček')).to.equal(5);
  });

  it('Issue 10 #9 MariaDB\'s "data too long" and "incorrect string value" are recognised through TypeORM and our own wrapping', () => {
    const tooLong = { errno: 1406, code: 'ER_DATA_TOO_LONG', sqlMessage: "Data too long for column 'recipient' at row 1" };
    expect(storageLimitOf(new ProcessError('process failed', [], { cause: { driverError: tooLong } }))?.reason).to.equal('data too long (column recipient)');
    expect(storageLimitOf({ errno: 1366, sqlMessage: "Incorrect string value: '\\xF0\\x9F...' for column 'subject_name' at row 1" })?.reason).to.include('subject_name');
    expect(storageLimitOf(new Error('connection lost'))).to.equal(null);
  });

  it('Issue 10 #9 the error handler: a database refusal is 422, any other failure a 500 that shows neither SQL nor stack nor our message', async () => {
    const logged: string[] = [];
    const app = express();
    app.get('/long', () => {
      throw new ProcessError("process dsrRequest v1 failed: Data too long for column 'recipient' at row 1", [], { cause: { errno: 1406, sqlMessage: "Data too long for column 'recipient' at row 1", sql: 'INSERT INTO `letter` …' } });
    });
    app.get('/broken', () => {
      throw new ProcessError('process dsrRequest v1 failed: ER_PARSE_ERROR near SELECT * FROM dsr_request');
    });
    app.get('/plain', () => {
      throw new TypeError("Cannot read properties of undefined (reading 'sql')");
    });
    app.use(errorHandler((m) => logged.push(m)));
    expect((await request(app).get('/plain')).body).to.deep.equal({ error: { code: 'internal_error', message: 'An unexpected error occurred; it has been logged.', details: [] } });
    const long = await request(app).get('/long');
    expect(long.status).to.equal(422);
    expect(long.body).to.deep.equal({ error: { code: 'validation_failed', message: 'A value is too long to be stored.', details: [{ path: '(body)', message: 'Vrednost je predolga za shranjevanje.' }] } });
    const broken = await request(app).get('/broken');
    expect(broken.status).to.equal(500);
    expect(broken.body).to.deep.equal({ error: { code: 'process_failed', message: 'An unexpected error occurred; it has been logged.', details: [] } });
    expect(logged.join('\n')).to.include('SELECT * FROM dsr_request');
  });
});
