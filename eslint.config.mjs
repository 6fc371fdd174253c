import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'lib/', '.cache/', 'out/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-globals': ['error', 'SpreadsheetApp', 'LockService', 'PropertiesService', 'ScriptApp', 'MailApp'],
    },
  },
  {
    files: ['src/gas/**/*.ts', 'src/entrypoints.ts', 'test/**/*.ts'],
    rules: { 'no-restricted-globals': 'off' },
  },
  {
    // A command file never imports another command file: what two commands share lives in
    // src/commands/shared/ (docs/architecture.md). Only the registry and the runners know every command.
    files: ['src/commands/*.ts'],
    ignores: ['src/commands/registry.ts', 'src/commands/run.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^\\./(?!shared/|types$)',
              message:
                'A command file imports only ./shared/* and ./types: move what it shares into src/commands/shared/.',
            },
          ],
        },
      ],
    },
  },
  {
    // The shared modules serve the commands and know none of them.
    files: ['src/commands/shared/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^\\.\\./(?!types$|\\.\\./(domain|workbook)/)',
              message: 'A shared module imports only ./*, ../types, the domain and the port: never a command.',
            },
          ],
        },
      ],
    },
  },
  {
    // The domain is pure: no port, no adapter, no command.
    files: ['src/domain/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '^\\.\\./', message: 'src/domain imports only src/domain.' }] },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: {
      globals: {
        require: 'readonly',
        module: 'writable',
        process: 'readonly',
        __dirname: 'readonly',
        console: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
