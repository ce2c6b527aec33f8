/** Jest: ts-jest for TypeScript; office-addin-mock's ESM-only dependencies mapped to CommonJS shims. */
module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.tsx?$': ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: { warnOnly: false } }] },
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  moduleNameMapper: {
    '^strip-bom$': '<rootDir>/test/shims/strip-bom.js',
    '^uuid$': '<rootDir>/test/shims/uuid.js',
  },
  reporters: ['default', '<rootDir>/test/summary-reporter.js'],
  testTimeout: 60000,
};
