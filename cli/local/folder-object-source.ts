import { readFile, stat } from "node:fs/promises";
import { join, resolve, sep } from "node:path";
import { ValidationError } from "../../lambdas/core/errors.ts";
import type { ObjectSource } from "../../lambdas/core/ports.ts";

/** The embedded stand-in for the ingest bucket: object keys are paths under one folder (events/bucket by default). */
export class FolderObjectSource implements ObjectSource {
  constructor(private readonly root: string) {}

  async read(bucket: string, key: string, maxBytes: number): Promise<{ bytes: Uint8Array }> {
    const root = resolve(this.root);
    const path = resolve(join(root, key));
    if (!path.startsWith(root + sep))
      throw new ValidationError(`key ${key} escapes the local bucket folder`, { code: "invalid_key" });
    const info = await stat(path).catch(() => undefined);
    if (!info?.isFile())
      throw new ValidationError(`s3://${bucket}/${key} does not exist (looked in ${path})`, {
        code: "not_found",
      });
    if (info.size > maxBytes) {
      throw new ValidationError(`s3://${bucket}/${key} is ${info.size} bytes; the limit is ${maxBytes}`, {
        status: 413,
        code: "body_too_large",
      });
    }
    return { bytes: await readFile(path) };
  }
}
