// ESLint for the widget's front end (js/): the recommended JavaScript and typescript-eslint rules, no
// type-aware rules (tsc --noEmit already type-checks; they would double the run time).
import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules/", ".venv/", "src/hdbscope/static/", "build/", "dist/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["js/**/*.ts", "*.config.ts", "*.config.js", "benchmarks/**/*.mjs"],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      // `_name` marks a deliberately unused argument (callbacks with a fixed signature).
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
);
