import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

/**
 * The Management API's data-access boundaries: feature code reaches
 * PostgreSQL only through the scoped client and the unit of work. The raw
 * Prisma client belongs to the database and tenancy modules, the system
 * database to the named system paths (`*.system-path.ts`).
 */
const DATA_ACCESS = {
  prismaService: {
    group: ['**/database/prisma.service.js'],
    message: 'Feature code reaches PostgreSQL through TenantDatabase and UnitOfWork only.',
  },
  rawTransaction: {
    group: ['**/tenancy/unit-of-work.js'],
    importNames: ['rawTransaction'],
    message: 'The unscoped transaction belongs to the tenancy module.',
  },
  prismaClient: {
    group: ['**/generated/prisma/client.js'],
    importNames: ['PrismaClient'],
    allowTypeImports: true,
    message: 'Only the database module constructs Prisma clients.',
  },
  systemDatabase: {
    group: ['**/database/system-database.js'],
    allowTypeImports: true,
    message: 'Cross-tenant access goes through a named *.system-path.ts entry point.',
  },
};

function managementApiBoundaries() {
  const rule = (...allowed) => ({
    'no-restricted-imports': 'off',
    '@typescript-eslint/no-restricted-imports': [
      'error',
      {
        patterns: [
          {
            group: ['**/auth-service/**'],
            message: 'Services share code only through packages/shared.',
          },
          ...Object.entries(DATA_ACCESS)
            .filter(([name]) => !allowed.includes(name))
            .map(([, pattern]) => pattern),
        ],
      },
    ],
  });
  return [
    { files: ['apps/management-api/**/*.ts'], rules: rule() },
    {
      files: ['apps/management-api/src/database/**/*.ts'],
      rules: rule('prismaService', 'prismaClient', 'systemDatabase'),
    },
    {
      files: ['apps/management-api/src/tenancy/**/*.ts'],
      rules: rule('prismaService', 'rawTransaction'),
    },
    { files: ['apps/management-api/src/**/*.system-path.ts'], rules: rule('systemDatabase') },
    {
      files: ['apps/management-api/src/seed/**/*.ts', 'apps/management-api/test/**/*.ts'],
      rules: rule(...Object.keys(DATA_ACCESS)),
    },
  ];
}

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
  ...managementApiBoundaries(),
  {
    files: ['scripts/**', 'bench/**', '**/*.cli.ts', '**/test/**'],
    rules: { 'no-console': 'off' },
  },
);
