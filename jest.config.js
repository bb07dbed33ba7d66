/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  // Transpile only (tsconfig sets isolatedModules): the type check is `npm run typecheck`, run once.
  transform: { "^.+\\.ts$": ["ts-jest", { diagnostics: false }] },
  testTimeout: 20000,
  // Integration suites start real servers and child processes; two cores, two workers.
  maxWorkers: 2,
};
