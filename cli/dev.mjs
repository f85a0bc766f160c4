#!/usr/bin/env node
// The `wirewatch` command run from the TypeScript sources (tsx compiles them as they load), for development and
// the tests, which must see the code as it is now rather than the last build. `npx wirewatch` runs the build.
import { register } from "tsx/esm/api";

register();
await import("./run.ts");
