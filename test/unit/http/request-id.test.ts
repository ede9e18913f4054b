import { expect } from 'chai';
import express from 'express';
import request from 'supertest';
import { requestIds } from '../../../src/http/requestId.js';
import { errorHandler } from '../../../src/http/errors.js';

describe('Issue 11: every answer has a request id; a 500 names it in its message and in the log line', () => {
  const logged: string[] = [];
  const app = express();
  app.use(requestIds);
  app.get('/ok', (_req, res) => {
    res.json({ ok: true });
  });
  app.get('/boom', () => {
    throw new Error('SELECT * FROM secret went wrong');
  });
  app.use(errorHandler((m) => logged.push(m)));

  it('a new id on each answer, a plain offered id kept, a hostile one replaced', async () => {
    const a = await request(app).get('/ok');
    const b = await request(app).get('/ok');
    expect(a.headers['x-request-id']).to.match(/^[0-9a-f-]{36}$/);
    expect(a.headers['x-request-id']).not.to.equal(b.headers['x-request-id']);
    expect((await request(app).get('/ok').set('x-request-id', 'lb-12345678')).headers['x-request-id']).to.equal('lb-12345678');
    const hostile = await request(app).get('/ok').set('x-request-id', 'x; DROP TABLE user; -- and a long tail that goes on and on and on and on');
    expect(hostile.headers['x-request-id']).to.match(/^[0-9a-f-]{36}$/);
  });

  it('the 500 shows no SQL, and its id leads from the answer to the log line', async () => {
    const res = await request(app).get('/boom');
    expect(res.status).to.equal(500);
    const id = res.headers['x-request-id'] as string;
    expect(res.body.error.message).to.include(id).and.not.include('SELECT');
    expect(logged.some((l) => l.includes(`[request ${id}]`) && l.includes('SELECT * FROM secret'))).to.equal(true);
  });
});
