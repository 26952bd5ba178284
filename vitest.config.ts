import { defineConfig } from "vitest/config";

// Unit tests of the front end's pure logic (no DOM, no WebGL): node environment.
export default defineConfig({
  test: {
    include: ["js/**/*.test.ts"],
    environment: "node",
  },
});
