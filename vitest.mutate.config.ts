import { defineConfig, mergeConfig } from "vitest/config";
import base from "./vitest.config.ts";

/**
 * The tests Stryker runs against each mutant (`npm run mutate`): unit and embedded integration tests. Left out:
 * the infra tests (they synthesize the stack and test no Lambda code path), and the moto tier, which needs a
 * moto_server per test file and takes seconds per test; the embedded tier runs the same handlers and adapters.
 * WIREWATCH_MOTO_SERVER points at nothing so the moto suites skip (visibly) instead of starting servers.
 */
export default mergeConfig(
  base,
  defineConfig({
    test: {
      include: ["test/unit/**/*.test.ts", "test/integration/**/*.test.ts"],
      exclude: ["test/integration/deploy-local.test.ts", "test/integration/subscribers-cli.test.ts"],
      env: { WIREWATCH_MOTO_SERVER: "/nonexistent/moto_server", WIREWATCH_REQUIRE_MOTO: "0" },
      reporters: ["default"],
    },
  }),
);
