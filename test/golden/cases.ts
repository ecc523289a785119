// The golden cases: answer sets whose whole generated tree is stored under test/golden/<id>/ and
// compared byte for byte by test/unit/golden.test.ts. To add one: append an entry here, run
// `npm run golden:update`, review and commit the new folder.
// Choices a case leaves out take their defaults on a machine without go or git (goldenEnv), so
// the snapshots do not depend on the machine that renders them.
import type { Answers } from '../../generators/lib/choices.js';
import type { CustomEndpoint } from '../../generators/lib/context.js';

export interface GoldenCase {
  /** folder name under test/golden/ */
  id: string;
  answers: Answers;
  /** endpoints as `go-minimal endpoint` would have recorded them, in order */
  endpoints?: CustomEndpoint[];
}

export const goldenCases: readonly GoldenCase[] = [
  { id: 'defaults', answers: {} },
  {
    id: 'gin-gopher-distroless',
    answers: { name: 'shop', framework: 'gin', lua: 'gopher', target: 'distroless', ci: true, k8s: true, compose: true },
  },
  {
    id: 'golua-golang-upx',
    answers: { name: 'luasvc', framework: 'nethttp', lua: 'golua', target: 'golang', upx: true, ci: false },
  },
  {
    id: 'endpoints',
    answers: { name: 'items' },
    endpoints: [
      { name: 'items', path: '/items', method: 'GET' },
      { name: 'add-item', path: '/items', method: 'POST' },
    ],
  },
  {
    id: 'chi-golua-endpoints',
    answers: { name: 'chisvc', framework: 'chi', lua: 'golua', target: 'scratch' },
    endpoints: [
      { name: 'greet', path: '/greet', method: 'GET' },
      { name: 'user-profile', path: '/v1/user-profile', method: 'PUT' },
    ],
  },
  {
    id: 'odd-module',
    answers: { name: 'my-svc', module: 'example.com/My.Svc/v2', target: 'alpine', port: 9090 },
  },
];
