import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/dist-app/**',
      '**/dist-electron/**',
      'test-results/**',
      '**/node_modules/**',
      'data/**',
      '.kits-cache/**',
      'plugin-sdk/templates/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    // The till is what every shop runs whatever its plugins: it imports no plugin (DESIGN §4).
    // `npm run deps:check` holds the same rule for every package; this says it in the editor.
    files: ['till/app/**', 'till/src/**', 'till/electron/**', 'till/hardware/**', 'till/hardware-agent/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@kits/core-*', '@kits/purchasing*', '@kits/escpos-*'],
              message: 'The till imports no plugin: add an extension point to the till context (plugin-sdk/src/till-context) instead.',
            },
            {
              regex: '^(\\.\\./){2,}plugins/',
              message: 'The till imports no plugin: add an extension point to the till context (plugin-sdk/src/till-context) instead.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly', Buffer: 'readonly' } },
  },
);
