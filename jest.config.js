/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // Every .xlsx the product writes in a test is checked against the ECMA-376 schemas (test/fixtures/writtenBooks.ts).
  setupFilesAfterEnv: ['<rootDir>/test/fixtures/setupWrittenBooks.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: false, isolatedModules: true }] },
  testTimeout: 60000,
};
