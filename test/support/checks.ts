// The behaviour every generated service must show, wherever it runs (host binary or container).
import assert from 'node:assert/strict';
import { get } from './http.js';

export interface Expect {
  lua: boolean;
  /** the IP the local TLS upstream answers with */
  upstreamIP: string;
  /** custom endpoints to probe: [method, path] */
  custom?: { method: string; path: string }[];
}

export async function checkEndpoints(base: string, expect: Expect): Promise<void> {
  const health = await get(`${base}/healthz`);
  assert.equal(health.status, 200, `/healthz: ${health.body}`);
  assert.deepEqual(health.json(), { status: 'ok' });

  const ready = await get(`${base}/readyz`);
  assert.equal(ready.status, 200, `/readyz: ${ready.body}`);

  const tokyo = await get(`${base}/time`);
  assert.equal(tokyo.status, 200, `/time: ${tokyo.body}`);
  assert.match(tokyo.headers.get('content-type') ?? '', /application\/json/);
  const t = tokyo.json();
  assert.equal(t.zone, 'Asia/Tokyo');
  assert.equal(t.offset, '+09:00');
  assert.match(t.time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?\+09:00$/);
  assert.ok(Math.abs(t.unix - Date.now() / 1000) < 120, 'time is now');

  const ny = await get(`${base}/time?tz=America/New_York`);
  assert.equal(ny.status, 200, ny.body);
  assert.equal(ny.json().zone, 'America/New_York');
  assert.match(ny.json().offset, /^-0[45]:00$/);

  const badZone = await get(`${base}/time?tz=Mars/Olympus_Mons`);
  assert.equal(badZone.status, 400, badZone.body);
  assert.match(badZone.json().error, /zone/i);

  const ip = await get(`${base}/ip`);
  assert.equal(ip.status, 200, `/ip: ${ip.body}`);
  assert.deepEqual(ip.json(), { ip: expect.upstreamIP });

  const lua = await get(`${base}/lua`);
  if (expect.lua) {
    assert.equal(lua.status, 200, `/lua: ${lua.body}`);
    assert.equal(lua.body.trim(), 'hello world');
    const named = await get(`${base}/lua?name=gopher`);
    assert.equal(named.status, 200, named.body);
    assert.deepEqual(named.json(), { hello: 'gopher' });
  } else {
    assert.equal(lua.status, 404, '/lua is absent without lua');
  }

  const wrong = await get(`${base}/time`, { method: 'POST' });
  assert.equal(wrong.status, 405, 'wrong method is refused');

  for (const c of expect.custom ?? []) {
    const r = await get(`${base}${c.path}`, { method: c.method, ...(c.method === 'GET' ? {} : { body: '{}', headers: { 'content-type': 'application/json' } }) });
    assert.equal(r.status, 200, `${c.method} ${c.path}: ${r.body}`);
  }
}

/** Without the test CA the TLS handshake must fail: 502, and no answer from the upstream reaches the client. */
export async function checkTLSRefused(base: string): Promise<void> {
  const ip = await get(`${base}/ip`);
  assert.equal(ip.status, 502, `/ip without the CA must be refused: ${ip.body}`);
  assert.ok(typeof ip.json().error === 'string');
}
