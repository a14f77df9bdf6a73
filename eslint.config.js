// Import rules of the layer table in DESIGN.md. A wrong arrow fails `npm test` (npm run lint).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import { builtinModules } from 'node:module';
import noImportCycle from './eslint-rules/no-import-cycle.js';

const LAYERS = ['electron', 'renderer', 'server', 'central', 'state', 'domain', 'drivers', 'store', 'shared', 'fixtures', 'bench', 'test'];

/** A relative import that climbs out into one of these top-level folders. */
const intoLayer = (names) => `^(\\.\\./)+(${names.join('|')})(/|$)`;

const NODE_IO = {
  regex: `^(node:.*|${builtinModules
    .filter((m) => !m.startsWith('_'))
    .map((m) => m.replace('/', '\\/'))
    .join('|')})$`,
  message: 'No I/O here: state/ and domain/ are pure (DESIGN.md layout). Inject the effect instead.',
};
const NATIVE_IO = {
  regex: '^(better-sqlite3|serialport|@serialport/.*|node-hid|electron|ws|fastify|@fastify/.*|pino.*|@napi-rs/canvas)$',
  message: 'Devices, database, network and Electron belong to drivers/, store/ or server/, not to this layer.',
};

function layer(folder, allowed, extra = []) {
  const forbidden = LAYERS.filter((l) => l !== folder && !allowed.includes(l));
  return {
    files: [`${folder}/**/*.ts`],
    ignores: [`${folder}/**/*.test.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: intoLayer(forbidden),
              message: `${folder}/ may import only ${allowed.length ? allowed.map((a) => a + '/').join(', ') : 'nothing of the app'} (DESIGN.md layout table).`,
            },
            ...extra,
          ],
        },
      ],
    },
  };
}

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'data/**', 'test/fixtures/lint/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  // The kiosk command's launcher and the two scripts it takes are CommonJS (bin/package.json; bin/kiosk.js says why).
  {
    files: ['**/*.cjs', 'bin/kiosk.js'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  layer('shared', []),
  layer('domain', ['shared'], [NODE_IO, NATIVE_IO]),
  layer('state', ['domain', 'shared'], [NODE_IO, NATIVE_IO]),
  layer('store', ['domain', 'shared']),
  layer('drivers', ['shared']),
  layer('renderer', ['shared'], [NODE_IO, NATIVE_IO]),
  layer('electron', ['shared']),
  // The ministry's service: its own store (central/db/) on PostgreSQL, sharing only the pure layers.
  layer('central', ['domain', 'shared']),
  // No import cycles inside the daemon's layers (issue 13, build item 2); type-only imports count.
  {
    files: ['{server,store,domain,state,shared,drivers}/**/*.ts'],
    plugins: { cycles: { rules: { 'no-import-cycle': noImportCycle } } },
    rules: { 'cycles/no-import-cycle': ['error', { folders: ['server', 'store', 'domain', 'state', 'shared', 'drivers'] }] },
  },
  // One door to hardware (issue 13): server features reach drivers only through server/devices/ (its
  // index.ts re-exports); server/devices/ and the CLI use a driver folder only through its index.ts.
  // The typescript-eslint variant of the rule, so this block adds to (not replaces) any other
  // no-restricted-imports block on server/.
  {
    files: ['server/**/*.ts'],
    ignores: ['server/devices/**', 'server/commands/**', 'server/cli.ts', 'server/**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(\\.\\./)+drivers(/|$)',
              message:
                'server features reach hardware only through server/devices/: ' +
                'import the driver type or function from server/devices/index.ts (add a re-export there).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['server/devices/**/*.ts', 'server/commands/**/*.ts', 'server/cli.ts'],
    ignores: ['server/**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(\\.\\./)+drivers/[^/]+/(?!index$)',
              message: "a driver folder's public entry is its index.ts: import from drivers/<name>/index (add an export there).",
            },
          ],
        },
      ],
    },
  },
  // One way for the pages to call the daemon (issue 13, item 6): renderer/lib/api.ts, typed from the route
  // declarations in shared/routes/. A page's own fetch would skip the schemas and the X-Kiosk-App header.
  {
    files: ['renderer/**/*.ts'],
    ignores: ['renderer/lib/api.ts'],
    rules: {
      'no-restricted-globals': ['error', { name: 'fetch', message: 'call the daemon with api() from renderer/lib/api.ts (typed from shared/routes/).' }],
      'no-restricted-properties': [
        'error',
        { object: 'window', property: 'fetch', message: 'call the daemon with api() from renderer/lib/api.ts (typed from shared/routes/).' },
        { object: 'globalThis', property: 'fetch', message: 'call the daemon with api() from renderer/lib/api.ts (typed from shared/routes/).' },
      ],
    },
  },
  // Lines fit Prettier's print width (issue 13, item 7). Prettier splits code but never a string, template
  // literal or comment, so those are counted too: split a long message with +, break SQL over lines.
  {
    files: ['**/*.{ts,js,mjs,cjs}'],
    rules: { 'max-len': ['error', { code: 160, tabWidth: 2, ignoreUrls: true, ignoreRegExpLiterals: true }] },
  },
  // SQL only in store/ (issue 13, item 3): a statement or pragma anywhere else is a query the store's tests
  // never see. Tests may still reach into a journal (an attacker's edit, a check of what was written).
  {
    files: ['{server,state,domain,drivers,shared,renderer,electron}/**/*.ts'],
    ignores: ['**/*.test.ts', '**/*.test-util.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'CallExpression[callee.property.name=/^(prepare|pragma)$/]',
          message: 'SQL belongs in store/: add a function there (with its test) and call it.',
        },
      ],
    },
  },
  // The central service's SQL lives in central/db/, as the daemon's in store/.
  {
    files: ['central/**/*.ts'],
    ignores: ['central/db/**', '**/*.test.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'CallExpression[callee.property.name=/^(query|copyFrom|copyTo)$/]',
          message: 'SQL belongs in central/db/: add a function there (with its test) and call it.',
        },
      ],
    },
  },
);
