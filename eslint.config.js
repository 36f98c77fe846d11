import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '.data/**',
      'apps/management-api/src/generated/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'off',
      'no-console': ['error', { allow: ['error'] }],
    },
  },
  {
    // Services never import each other's code, only the shared package.
    files: ['apps/auth-service/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['**/management-api/**'] }],
    },
  },
  {
    files: ['apps/management-api/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['**/auth-service/**'] }],
    },
  },
  {
    files: ['scripts/**', 'bench/**', '**/*.cli.ts', '**/test/**'],
    rules: { 'no-console': 'off' },
  },
);
