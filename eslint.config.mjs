import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/**", "dist-bench/**", "node_modules/**", "data/**", "coverage/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.ts"],
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "@typescript-eslint/no-explicit-any": "error",
      "no-console": "error",
    },
  },
  {
    // The domain must not know how it is delivered or stored.
    files: ["server/src/domain/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ group: ["socket.io", "socket.io-*", "mongoose", "ioredis", "better-sqlite3", "express", "**/gateway/**", "**/http/**", "**/storage/sqlite/**", "**/storage/mongo/**"], message: "Domain code stays free of transport and database details." }] },
      ],
    },
  },
  {
    files: ["test/**/*.{ts,mjs,cjs}", "jest.config.js", "client/build.mjs", "bench/**", "**/*.cjs", "**/*.mjs"],
    languageOptions: { globals: { process: "readonly", console: "readonly", require: "readonly", module: "writable", __dirname: "readonly" } },
    rules: { "no-console": "off", "@typescript-eslint/no-require-imports": "off" },
  },
);
