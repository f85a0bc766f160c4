#!/usr/bin/env node
// The installed `wirewatch` command: runs the CLI built by `npm run build` (npm ci and npm install run it as the
// `prepare` script), so nothing is compiled at run time. `node cli/dev.mjs` runs the sources instead.
import { setFlagsFromString } from "node:v8";

// Regexes straight to native code, as in the functions that tag (lambdas/regexp-tiering.ts says why and by how
// much, and why not --no-regexp-tier-up): set before the CLI loads, so every topic pattern goes native at once.
setFlagsFromString("--regexp-tier-up-ticks=0");
try {
  await import("../build/cli/wirewatch.mjs");
} catch (error) {
  if (error?.code === "ERR_MODULE_NOT_FOUND" && String(error.message).includes("build/cli/wirewatch.mjs")) {
    process.stderr.write("wirewatch: the CLI is not built; run `npm run build` (npm ci does it too)\n");
    process.exit(1);
  }
  throw error;
}
