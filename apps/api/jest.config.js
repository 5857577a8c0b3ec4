// Three tiers: unit (mocked repositories), int (real PostgreSQL), e2e (the real app over HTTP, with Redis).
const swc = ['@swc/jest', { jsc: { parser: { syntax: 'typescript', decorators: true }, transform: { legacyDecorator: true, decoratorMetadata: true }, target: 'es2022', keepClassNames: true } }];
const common = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': swc },
  moduleNameMapper: {
    '^@/(.*)$': '<rootDir>/src/$1',
    '^@test/(.*)$': '<rootDir>/test/$1',
    '^@canteen/shared$': '<rootDir>/../../packages/shared/src',
  },
};
const database = {
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
};

module.exports = {
  // Real databases and argon2 hashing on a shared 2-core machine: generous, so load is not a failure.
  // Jest reads testTimeout from the global configuration only, not from a project's.
  testTimeout: 60_000,
  projects: [
    { ...common, displayName: 'unit', roots: ['<rootDir>/src', '<rootDir>/../../packages/shared/src'], testMatch: ['**/*.spec.ts'], rootDir: __dirname },
    { ...common, ...database, displayName: 'int', testMatch: ['<rootDir>/src/**/*.int-spec.ts', '<rootDir>/test/int/**/*.int-spec.ts'], rootDir: __dirname },
    { ...common, ...database, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'], rootDir: __dirname },
  ],
};
