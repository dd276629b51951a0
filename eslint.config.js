// Lint, and the layering rule of DESIGN.md "Layout" (an error, so CI catches a slip):
//   core/ imports no Electron, no React/DOM, nothing from renderer/ or electron/, and uses no DOM globals;
//   domain modules (content, calendar, directory, ticketing, media, store, sync) import no core/api, core/auth,
//     transport (core/daemon) or each other's API;
//   core/auth imports no domain module.
import tseslint from 'typescript-eslint';

const DOMAINS = ['content', 'calendar', 'directory', 'ticketing', 'media', 'store', 'sync'];
const DOM_GLOBALS = ['window', 'document', 'navigator', 'localStorage', 'sessionStorage', 'HTMLElement', 'location'].map((name) => ({
  name,
  message: 'core/ runs without a DOM: no browser globals here.',
}));

const coreForbidden = [
  { group: ['electron', 'electron/*'], message: 'core/ must not import Electron (layering rule).' },
  { group: ['react', 'react-dom', 'react-dom/*', '@tanstack/react-*'], message: 'core/ must not import React or DOM code (layering rule).' },
  { group: ['**/renderer/**', '**/electron/**'], message: 'core/ must not import renderer/ or electron/ (layering rule).' },
];

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'dist-electron/**', 'release/**', 'coverage/**', '.tmp/**', 'test-results/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/ban-ts-comment': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-syntax': ['error', { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'Take time from the injected Clock.' }],
    },
  },
  {
    files: ['core/**/*.ts'],
    
    rules: {
      'no-restricted-imports': ['error', { patterns: coreForbidden }],
      'no-restricted-globals': ['error', ...DOM_GLOBALS],
    },
  },
  ...DOMAINS.map((domain) => ({
    files: [`core/${domain}/**/*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...coreForbidden,
            { group: ['**/api/**', '../api', '../api/*'], message: `core/${domain} is a domain module: it must not import core/api (layering rule).` },
            { group: ['**/auth/**', '../auth', '../auth/*'], message: `core/${domain} is a domain module: it must not import core/auth; authorization happens in the dispatcher (layering rule).` },
            { group: ['**/daemon/**'], message: `core/${domain} must not import a transport (layering rule).` },
          ],
        },
      ],
    },
  })),
  {
    files: ['core/auth/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...coreForbidden,
            ...DOMAINS.filter((d) => d !== 'store').map((d) => ({ group: [`**/${d}/**`, `../${d}`, `../${d}/*`], message: `core/auth must not import the ${d} domain module (layering rule).` })),
            { group: ['**/api/**', '../api/*', '**/daemon/**'], message: 'core/auth must not import core/api or a transport (layering rule).' },
          ],
        },
      ],
    },
  },
  {
    files: ['core/clock.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    files: ['test/**/*.ts', 'test/**/*.tsx'],
    rules: { 'no-restricted-syntax': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
