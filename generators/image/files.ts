// Which templates make up the container image files of a project, as a pure function of
// the context. The Dockerfile is shared (builder + test stages); its final stage comes from
// templates/image/final/<target name>.ejs, so adding a target = one catalogue entry in
// lib/targets.ts + one final-stage template.
import type { ProjectContext } from '../lib/context.js';
import type { FileSpec } from '../lib/render.js';

const t = (template: string, dest: string): FileSpec => ({ template, dest });

/** Template of the final stage of a target (included by image/Dockerfile.ejs). */
export function finalStageTemplate(targetName: string): string {
  return `image/final/${targetName}.ejs`;
}

// The file list is the same for every target: ctx.target only changes what Dockerfile.ejs renders.
export function imageFiles(_ctx: ProjectContext): FileSpec[] {
  return [t('image/Dockerfile.ejs', 'Dockerfile'), t('image/dockerignore', '.dockerignore')];
}
