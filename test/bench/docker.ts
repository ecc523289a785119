// Docker helpers and the generated projects the Docker sections build.
import { copyFileSync, cpSync, existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Framework, LuaEngine } from '../../generators/lib/types.js';
import { cliPath } from '../support/paths.js';
import { dockerBin } from '../support/tools.js';
import { must, run } from './lib.js';
import { DOCKER_ENV } from './config.js';
import { state } from './state.js';

export const containers = new Set<string>();
export function docker(args: string[], timeout = 1_800_000) {
  return must(dockerBin, args, { env: DOCKER_ENV, timeout });
}
export function dockerTry(args: string[]) {
  return run(dockerBin, args, { env: DOCKER_ENV, timeout: 120_000 });
}
export function removeContainer(id: string): void {
  dockerTry(['rm', '-f', id]);
  containers.delete(id);
}

// ---- projects ---------------------------------------------------------------------------------

export interface Project {
  key: string; // e.g. gin-none
  framework: Framework;
  lua: LuaEngine;
  dir: string;
}
export const projects = new Map<string, Project>();

export function generateProject(framework: Framework, lua: LuaEngine): Project {
  const key = `${framework}-${lua}`;
  const parent = path.join(state.benchRoot, 'projects');
  mkdirSync(parent, { recursive: true });
  const name = `bench-${key}`;
  must(process.execPath, [cliPath, name, '--defaults', '--framework', framework, '--lua', lua], { cwd: parent, timeout: 600_000 });
  const p = { key, framework, lua, dir: path.join(parent, name) };
  projects.set(key, p);
  return p;
}

/** Our Dockerfile for a project and target, rendered by the image sub-generator in a scratch copy. */
export const dockerfiles = new Map<string, string>();
export function ourDockerfile(p: Project, target: string, upx = false): string {
  const id = `${p.key}-${target}${upx ? '-upx' : ''}`;
  if (dockerfiles.has(id)) return dockerfiles.get(id)!;
  const scratchCopy = path.join(state.benchRoot, 'render', `${p.key}${upx ? '-upx' : ''}`);
  if (!existsSync(scratchCopy)) cpSync(p.dir, scratchCopy, { recursive: true });
  must(process.execPath, [cliPath, 'image', target, ...(upx ? ['--upx'] : []), '--force'], { cwd: scratchCopy });
  const out = path.join(state.benchRoot, 'dockerfiles', `${id}.Dockerfile`);
  mkdirSync(path.dirname(out), { recursive: true });
  copyFileSync(path.join(scratchCopy, 'Dockerfile'), out);
  dockerfiles.set(id, out);
  return out;
}

export function build(contextDir: string, dockerfile: string, tag: string, extra: string[] = []): number {
  const r = docker(['build', '-q', ...extra, '-f', dockerfile, '-t', tag, contextDir]);
  return r.ms;
}

export function imageSize(tag: string): number {
  return Number(docker(['image', 'inspect', '-f', '{{.Size}}', tag]).stdout.trim());
}

export function binarySize(tag: string, file: string): number {
  const cid = docker(['create', tag]).stdout.trim();
  const out = path.join(state.benchRoot, `bin-${Math.random().toString(36).slice(2)}`);
  try {
    docker(['cp', `${cid}:${file}`, out]);
    return statSync(out).size;
  } finally {
    dockerTry(['rm', cid]);
    rmSync(out, { force: true });
  }
}

export function extractBinary(tag: string, file: string, out: string): void {
  const cid = docker(['create', tag]).stdout.trim();
  try {
    docker(['cp', `${cid}:${file}`, out]);
  } finally {
    dockerTry(['rm', cid]);
  }
}
