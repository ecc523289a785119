// A local HTTPS upstream standing in for the public IP echo service.
// Its certificate comes from a throwaway CA, so a client trusts it only when told to
// (SSL_CERT_FILE=<ca.pem>): that is how the tests prove TLS verification really happens.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface Upstream {
  url: string;
  caFile: string;
  dir: string;
  hits: () => number;
  close: () => Promise<void>;
}

export function makeCerts(): { dir: string; caFile: string; keyFile: string; certFile: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gm-tls-'));
  // readable by the containers' non-root user when mounted (the CA only; keys stay private)
  chmodSync(dir, 0o755);
  const f = (n: string) => path.join(dir, n);
  const ossl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'ignore' });
  ossl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', f('ca.key'), '-out', f('ca.pem'), '-days', '2', '-subj', '/CN=go-minimal test CA');
  ossl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', f('leaf.key'), '-out', f('leaf.csr'), '-subj', '/CN=localhost');
  writeFileSync(f('ext.cnf'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n');
  ossl('x509', '-req', '-in', f('leaf.csr'), '-CA', f('ca.pem'), '-CAkey', f('ca.key'), '-CAcreateserial', '-out', f('leaf.pem'), '-days', '2', '-extfile', f('ext.cnf'));
  chmodSync(f('ca.pem'), 0o644);
  return { dir, caFile: f('ca.pem'), keyFile: f('leaf.key'), certFile: f('leaf.pem') };
}

/** Answers {"ip": "203.0.113.7"} on 127.0.0.1 (any path), like api.ipify.org?format=json. */
export async function startUpstream(ip = '203.0.113.7'): Promise<Upstream> {
  const certs = makeCerts();
  let hits = 0;
  const server = https.createServer({ key: readFileSync(certs.keyFile), cert: readFileSync(certs.certFile) }, (_req, res) => {
    hits++;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ ip }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}/?format=json`,
    caFile: certs.caFile,
    dir: certs.dir,
    hits: () => hits,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
