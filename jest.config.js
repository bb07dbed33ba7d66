/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  // Transpile only: the type check is `npm run typecheck`, run once for the whole project.
  transform: { "^.+\\.ts$": ["ts-jest", { isolatedModules: true, diagnostics: false }] },
  testTimeout: 20000,
  // Integration suites start real servers and child processes; two cores, two workers.
  maxWorkers: 2,
};
