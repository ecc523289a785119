// yo go-minimal [name] [flags]  /  go-minimal [name] [flags]
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import {
  choices,
  coerce,
  equivalentCommand,
  validateAnswers,
  withDefaults,
  type Answers,
  type Choice,
  type DefaultsEnv,
} from '../lib/choices.js';
import { buildContext, type StoredConfig } from '../lib/context.js';
import { GoMinimalGenerator, detectLocalGo } from '../lib/base.js';
import { renderFiles } from '../lib/render.js';
import { validateDestination } from '../lib/validators.js';
import { imageFiles } from '../image/files.js';
import { appFiles } from './files.js';

export default class AppGenerator extends GoMinimalGenerator {
  private answers: Answers = {};
  private final?: StoredConfig;
  private asked = false;
  private defaultsEnv: DefaultsEnv = {};

  constructor(args: string[], options: Record<string, unknown>, features?: Record<string, unknown>) {
    super(args, options, features);
    this.argument('name', { type: String, required: false, description: 'project name and folder to create' });
    this._registerChoiceOptions();
    this._registerRunOptions();
  }

  initializing(): void {
    this._failOnUnknownFlags();
    const given = this._givenAnswers();
    const positional = (this.options as Record<string, unknown>).name;
    if (typeof positional === 'string' && given.name === undefined) given.name = positional;
    // Validate what was given on the command line before asking anything else.
    const problem = validateAnswers(given);
    if (problem) this._fail(problem);
    this.answers = Object.fromEntries(
      Object.entries(given).map(([k, v]) => [k, coerce(choices.find((c) => c.name === k)!, v)]),
    ) as Answers;
    this.defaultsEnv = { localGo: detectLocalGo(this._goBinary()) };
  }

  async prompting(): Promise<void> {
    if (this._option('defaults')) return;
    for (const c of choices) {
      if (this.answers[c.name] !== undefined) continue;
      this.asked = true;
      const answer = await this.prompt<Record<string, unknown>>([this._question(c) as never]);
      (this.answers as Record<string, unknown>)[c.name] = coerce(c, answer[c.name]);
    }
  }

  private _question(c: Choice): Record<string, unknown> {
    const def = c.default(this.answers, this.defaultsEnv);
    const base = { name: c.name, message: c.prompt, default: def, validate: (v: unknown) => c.validate(v) };
    if (c.kind === 'enum') {
      return { ...base, type: 'select', choices: c.choices!.map((v) => ({ name: c.choiceLabels?.[v] ?? v, value: v })) };
    }
    if (c.kind === 'boolean') return { ...base, type: 'confirm' };
    return { ...base, type: 'input', default: String(def) };
  }

  configuring(): void {
    const all = withDefaults(this.answers, this.defaultsEnv);
    const problem = validateAnswers(all);
    if (problem) this._fail(problem);
    const dest = path.resolve(this.destinationRoot(), all.name);
    let state = { exists: false, isDirectory: false, entries: 0 };
    try {
      const st = statSync(dest);
      state = { exists: true, isDirectory: st.isDirectory(), entries: st.isDirectory() ? readdirSync(dest).length : 0 };
    } catch {
      // does not exist: fine
    }
    const verdict = validateDestination(all.name, state, Boolean(this._option('force')));
    if (verdict !== true) this._fail(verdict);
    this.final = { ...all, endpoints: [] };
  }

  writing(): void {
    const cfg = this.final!;
    this.destinationRoot(path.resolve(this.destinationRoot(), cfg.name));
    const ctx = buildContext(cfg);
    const generated = this._writeAll(renderFiles([...appFiles(ctx), ...imageFiles(ctx)], ctx));
    this.config.set({ ...cfg, generated } as unknown as Record<string, unknown>);
  }

  async install(): Promise<void> {
    await this._goInstall();
  }

  end(): void {
    const cfg = this.final!;
    this.log.ok(`created ${cfg.name}/ (${cfg.framework}, lua: ${cfg.lua}, target: ${cfg.target}, port ${cfg.port})`);
    if (this.asked) {
      this.log(`\nTo repeat this without prompts:\n  ${equivalentCommand(cfg)}\n`);
    }
    this.log(`Next:\n  cd ${cfg.name}\n  go test ./...\n  go run .            # then: curl localhost:${cfg.port}/time\n  docker build -t ${cfg.name} .`);
  }
}
