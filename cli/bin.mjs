#!/usr/bin/env node
// Entry point of the `wirewatch` command: registers tsx so the TypeScript sources run as they are.
import { register } from "tsx/esm/api";

// The SDK warns on Node 20 that releases after January 2027 need Node 22; the lock file pins this release.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
register();
// `wirewatch tag | head`: a closed pipe ends the command quietly, as it does for other Unix tools.
process.stdout.on("error", (error) => {
  if (error.code === "EPIPE") process.exit(0);
  throw error;
});
const { main } = await import("./main.ts");
process.exitCode = await main(process.argv.slice(2));
