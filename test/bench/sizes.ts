// Image and binary sizes: ours per framework x Lua engine x target, and the seeds'.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { targets } from '../../generators/lib/targets.js';
import type { Framework, LuaEngine } from '../../generators/lib/types.js';
import { firstLine, log } from './lib.js';
import { fixturesDir, goluaTemplate } from './config.js';
import { R, type SeedRow, type SizeRow, skip, skips } from './state.js';
import { type Project, binarySize, build, generateProject, imageSize, ourDockerfile, projects } from './docker.js';
import { readFixtures } from './fixtures.js';
import { frameworkNames, luaEngineNames } from '../../generators/lib/catalogue.js';


/** Build `tag` from the Dockerfile `dockerfile()` gives and record its sizes in `row`; on failure note why (skip list). */
export function buildAndMeasure(row: SizeRow, p: Project, tag: string, dockerfile: () => string, what: string): boolean {
  try {
    const df = dockerfile();
    row.tag = tag;
    log(`build ${row.tag}`);
    build(p.dir, df, row.tag);
    row.image = imageSize(row.tag);
    row.binary = binarySize(row.tag, '/app');
    return true;
  } catch (e) {
    row.note = `build failed: ${firstLine((e as Error).message)}`;
    skip(what, row.note);
    return false;
  }
}

export function sectionSizes(): void {
  for (const framework of frameworkNames) {
    for (const lua of luaEngineNames) {
      let p: Project;
      try {
        p = projects.get(`${framework}-${lua}`) ?? generateProject(framework, lua);
      } catch (e) {
        skip(`${framework} × lua ${lua}: all images`, `generation failed: ${firstLine((e as Error).message)}`);
        if (lua === 'golua') R.golua = `generation failed: ${firstLine((e as Error).message)}`;
        continue;
      }
      for (const t of targets) {
        const row: SizeRow = { project: p.key, framework, lua, target: t.name, upx: false };
        if (lua !== 'none' && !t.lua[lua as 'gopher' | 'golua']) continue; // refused by the generator: not a variant
        if (!t.buildableOffline) {
          row.note = 'not measured (offline: see Skipped)';
          if (!skips.some((x) => x.what === `target ${t.name} (all variants)`)) skip(`target ${t.name} (all variants)`, `not buildable on this offline machine: ${t.offlineReason}`);
          R.sizes.push(row);
          continue;
        }
        if (!buildAndMeasure(row, p, `gm-bench/${p.key}-${t.name}:latest`, () => ourDockerfile(p, t.name), `image ${p.key} × ${t.name}`) && lua === 'golua') R.golua = row.note ?? 'build failed';
        R.sizes.push(row);
      }
    }
  }
  // our own --upx (the same packer seed 003 uses), for the same source the seeds are built from
  const p = projects.get('gin-none');
  if (p) {
    const row: SizeRow = { project: p.key, framework: 'gin', lua: 'none', target: 'scratch', upx: true };
    buildAndMeasure(row, p, 'gm-bench/gin-none-scratch-upx:latest', () => ourDockerfile(p, 'scratch', true), 'image gin-none × scratch --upx');
    R.sizes.push(row);
  }
  if (!existsSync(goluaTemplate)) {
    R.golua = `templates/app/pkg/luarun/golua.go.ejs does not exist yet (the golua engine is still being written), so no golua project can be generated`;
    skip('golua (sizes, /lua load)', R.golua);
  } else if (!R.golua) R.golua = 'included';
}

export function sectionSeeds(): void {
  for (const fx of readFixtures()) {
    const row: SeedRow = { fx };
    R.seeds.push(row);
    if (fx.unbuildable) {
      row.note = 'not measured (offline: see Skipped)';
      skip(`seed fixture ${fx.file}`, fx.unbuildable);
      continue;
    }
    const [framework, lua] = fx.source.split('-') as [Framework, LuaEngine];
    let p = projects.get(fx.source);
    try {
      if (!p) {
        if (lua === 'golua' && !existsSync(goluaTemplate)) throw new Error('needs a golua project, and the golua template does not exist yet');
        p = generateProject(framework, lua);
      }
      row.tag = `gm-bench/${fx.id}:latest`;
      log(`build ${row.tag} (${fx.file})`);
      build(p.dir, path.join(fixturesDir, fx.file), row.tag);
      row.image = imageSize(row.tag);
      row.binary = binarySize(row.tag, fx.binary);
    } catch (e) {
      row.note = `build failed: ${firstLine((e as Error).message)}`;
      skip(`seed fixture ${fx.file}`, row.note);
    }
  }
}
