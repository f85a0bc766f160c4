/**
 * The `wirewatch` process: what runs before and around `main`. Built into build/cli/wirewatch.mjs by
 * scripts/build-cli.ts (the installed command, cli/bin.mjs, loads that); cli/dev.mjs runs it from the sources.
 */
import { main } from "./main.ts";

// The SDK warns on Node 20 that releases after January 2027 need Node 22; the lock file pins this release.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
// `wirewatch tag | head`: a closed pipe ends the command quietly, as it does for other Unix tools.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(0);
  throw error;
});
process.exitCode = await main(process.argv.slice(2));
