/**
 * zod for the event schemas at the handlers' edge, through its tree-shakable API (`zod/mini`: functions in place
 * of methods, so a bundle carries only the checks it uses: about 21 KB where the classic API is 75 to 95 KB) and
 * with the English messages the classic API loads by itself, so errors read the same. Import `z` from here.
 */
import { en } from "zod/locales";
import * as z from "zod/mini";

z.config(en());

export { z };
