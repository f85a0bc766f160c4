/**
 * zod for the event schemas at the handlers' edge, through its tree-shakable API (`zod/mini`: functions in place
 * of methods, so a bundle carries only the checks it uses: about 21 KB where the classic API is 75 to 95 KB) and
 * with the English messages the classic API loads by itself, so errors read the same. Import it as
 * `import * as z from "../core/schema.ts"`; re-exported binding by binding (never as one namespace object, which
 * would bring every locale along).
 */
import { en } from "zod/locales";
import { config } from "zod/mini";

config(en());

export * from "zod/mini";
