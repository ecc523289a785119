// Go tier, Lua specifics per engine: native fuzzing of the runner (FuzzRun) and a mutation check
// proving that the generated tests notice when a safety mechanism is removed from pkg/luarun.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { generate, must, sh, type Generated } from '../support/project.js';
import { strict } from '../support/tools.js';
import { engines, hostGoluaProblem } from '../support/matrix.js';

interface Mutation {
  /** what the mutation removes */
  name: string;
  /** file under pkg/luarun */
  file: string;
  /** exact text replaced (each must occur once) */
  edits: Array<[from: string, to: string]>;
  /** the generated tests that must catch it */
  run: string;
}

const limiterMutation: Mutation = {
  name: 'concurrency limit',
  file: 'limit.go',
  edits: [
    [
      'func (l *limiter) acquire(ctx context.Context) (release func(), err error) {\n',
      'func (l *limiter) acquire(ctx context.Context) (release func(), err error) {\n\treturn func() {}, nil\n',
    ],
  ],
  run: 'TestAdmission',
};

const mutations: Record<string, Mutation[]> = {
  gopher: [
    {
      name: 'timeout check',
      file: 'luarun.go',
      edits: [
        ['\treturn m.Context.Done()\n}', '\treturn nil\n}'],
        ['\tif s.ctx != nil && s.ctx.Err() != nil {\n\t\tL.RaiseError("%s", ErrTimeout.Error())', '\tif false {\n\t\tL.RaiseError("%s", ErrTimeout.Error())'],
      ],
      run: 'TestTimeout|TestDeadlineInsideBuiltins',
    },
    {
      name: 'memory guard',
      file: 'luarun.go',
      edits: [
        ['func (s *state) grow(L *lua.LState, n int64) {\n', 'func (s *state) grow(L *lua.LState, n int64) {\n\tif n >= 0 {\n\t\treturn\n\t}\n'],
        ['\ts.instr = max(measureEvery, w.total/64)\n\treturn w.ok()', '\ts.instr = max(measureEvery, w.total/64)\n\treturn true'],
      ],
      run: 'TestMemoryGuardSubprocess',
    },
    {
      name: 'reset/isolation',
      file: 'luarun.go',
      edits: [['\tif !s.pristineEnv() {\n\t\ts.env = s.freshEnv()', '\tif s.env == nil {\n\t\ts.env = s.freshEnv()']],
      run: 'TestHostileIsolation|TestGlobalsDoNotLeak',
    },
    limiterMutation,
  ],
  golua: [
    {
      name: 'timeout check',
      file: 'luarun.go',
      edits: [['|| lr_now() >= s->deadline) {', ') {']],
      run: 'TestTimeout|TestDeadlineInsideBuiltins',
    },
    {
      name: 'memory guard',
      file: 'luarun.go',
      edits: [['if (nsize > osize && (s->used > s->limit || nsize - osize > s->limit - s->used)) {', 'if (0) {']],
      run: 'TestMemoryGuardSubprocess',
    },
    {
      name: 'reset/isolation',
      file: 'luarun.go',
      edits: [['\tlr_restore(L, s);\n\treturn 0;', '\treturn 0;']],
      run: 'TestHostileIsolation|TestGlobalsDoNotLeak',
    },
    limiterMutation,
  ],
};

for (const lua of engines.filter((e) => e !== 'none')) {
  const cgoProblem = lua === 'golua' ? hostGoluaProblem() : null;
  describe(`lua ${lua}: fuzzing and mutation check`, { concurrency: false, skip: cgoProblem && !strict ? `golua on the host: ${cgoProblem}` : false }, () => {
    let p: Generated;
    if (cgoProblem) it('has cgo and Lua 5.1 on the host (required under CI)', () => assert.fail(cgoProblem));

    it('generates', () => {
      p = generate(`lua-${lua}`, ['--lua', lua]);
    });

    it('FuzzRun: 15 s of random Lua never crashes and always returns in time', () => {
      const out = must('go', ['test', '-run', '^$', '-fuzz=^FuzzRun$', '-fuzztime=15s', '-parallel=2', './pkg/luarun/'], p.dir, {}, 300_000);
      assert.match(out, /^ok\s/m, out);
    });

    it('the generated tests fail when a safety mechanism is removed', () => {
      const killed: string[] = [];
      const survived: string[] = [];
      for (const m of mutations[lua]!) {
        const file = path.join(p.dir, 'pkg/luarun', m.file);
        const original = readFileSync(file, 'utf8');
        let mutated = original;
        for (const [from, to] of m.edits) {
          assert.equal(mutated.split(from).length - 1, 1, `mutation "${m.name}": ${JSON.stringify(from)} occurs exactly once in ${m.file}`);
          mutated = mutated.replace(from, to);
        }
        writeFileSync(file, mutated);
        try {
          // must compile: a mutant that does not build proves nothing (vet is not asked: a mutant
          // may well contain unreachable code)
          must('go', ['build', './pkg/luarun/'], p.dir);
          const r = sh('go', ['test', '-count=1', '-timeout=90s', '-run', `^(${m.run})$`, './pkg/luarun/'], p.dir, {}, 180_000);
          (r.status !== 0 ? killed : survived).push(m.name);
        } finally {
          writeFileSync(file, original);
        }
      }
      console.log(`mutation score (${lua}): ${killed.length}/${killed.length + survived.length} killed; survived: ${survived.join(', ') || 'none'}`);
      assert.deepEqual(survived, [], `mutants the generated tests did not notice (${lua})`);
      // the restored package passes again
      must('go', ['test', '-count=1', '-run', `^(${mutations[lua]!.map((m) => m.run).join('|')})$`, './pkg/luarun/'], p.dir);
    });
  });
}
