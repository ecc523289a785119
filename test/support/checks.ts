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
  assertProblem(badZone, 400, 'unknown zone');
  assert.match(badZone.json().detail, /zone/i);

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
    assertProblem(lua, 404, '/lua is absent without lua');
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
  assertProblem(ip, 502, '/ip without the CA');
}

/** An RFC 9457 problem answer with the given status, carrying the response's request id. */
export function assertProblem(r: { status: number; body: string; headers: Headers }, status: number, what: string): void {
  assert.equal(r.status, status, `${what}: status (body ${r.body.slice(0, 200)})`);
  assert.equal(r.headers.get('content-type'), 'application/problem+json', `${what}: media type`);
  const p = JSON.parse(r.body);
  assert.equal(p.status, status, `${what}: problem status`);
  assert.equal(p.type, 'about:blank', `${what}: problem type`);
  assert.equal(typeof p.title, 'string', `${what}: problem title`);
  assert.equal(typeof p.detail, 'string', `${what}: problem detail`);
  assert.ok(p.request_id && p.request_id === r.headers.get('x-request-id'), `${what}: request_id ${p.request_id} = X-Request-ID ${r.headers.get('x-request-id')}`);
}

/**
 * The HTTP contract of the running service (README "HTTP behaviour"), for any router: HEAD,
 * OPTIONS, 405 + Allow, problem+json 404, no redirects, request ids, 431 for a 64 KiB header,
 * strict JSON bodies on `bodyPath` (a POST endpoint).
 */
export async function checkContract(base: string, opts: { bodyPath: string }): Promise<void> {
  const head = await get(`${base}/time`, { method: 'HEAD' });
  assert.equal(head.status, 200, 'HEAD /time');
  assert.equal(head.body, '', 'HEAD has no body');
  assert.match(head.headers.get('content-type') ?? '', /^application\/json/, 'HEAD carries the GET media type');

  const options = await get(`${base}/time`, { method: 'OPTIONS' });
  assert.equal(options.status, 204, 'OPTIONS /time');
  assert.equal(options.headers.get('allow'), 'GET, HEAD, OPTIONS');

  const wrong = await get(`${base}/time`, { method: 'DELETE' });
  assertProblem(wrong, 405, 'DELETE /time');
  assert.equal(wrong.headers.get('allow'), 'GET, HEAD, OPTIONS', '405 Allow');

  for (const p of ['/nope', '/time/', '/TIME', '//time']) {
    const r = await get(`${base}${p}`, { redirect: 'manual' });
    assertProblem(r, 404, `GET ${p}`);
  }

  const traced = await get(`${base}/healthz`, { headers: { 'x-request-id': 'trace-abc.1_2' } });
  assert.equal(traced.headers.get('x-request-id'), 'trace-abc.1_2', 'valid X-Request-ID echoed');
  const replaced = await get(`${base}/healthz`, { headers: { 'x-request-id': 'bad id!' } });
  assert.match(replaced.headers.get('x-request-id') ?? '', /^[A-Za-z0-9._-]{1,128}$/);
  assert.notEqual(replaced.headers.get('x-request-id'), 'bad id!', 'invalid X-Request-ID replaced');

  const big = await get(`${base}/healthz`, { headers: { 'x-big': 'a'.repeat(64 * 1024) } });
  assertProblem(big, 431, '64 KiB request header');

  const json = { 'content-type': 'application/json' };
  const cases: [string, Record<string, string>, string, number][] = [
    ['wrong media type', { 'content-type': 'text/plain' }, '{}', 415],
    ['null', json, 'null', 400],
    ['array', json, '[]', 400],
    ['garbage after the object', json, '{} garbage', 400],
    ['unknown field', json, '{"zz_unknown":1}', 400],
    ['over 1 MiB', json, `{"name":"${'a'.repeat(1024 * 1024)}"}`, 413],
  ];
  for (const [what, headers, body, status] of cases) {
    assertProblem(await get(`${base}${opts.bodyPath}`, { method: 'POST', headers, body }), status, `POST ${opts.bodyPath} ${what}`);
  }
  const ok = await get(`${base}${opts.bodyPath}`, { method: 'POST', headers: json, body: '{"name":"gopher"}' });
  assert.equal(ok.status, 200, ok.body);
  assert.equal(ok.json().received.name, 'gopher');
}
