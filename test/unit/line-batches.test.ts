/** cli/line-batches.ts: the lines `wirewatch tag` reads, a batch per chunk, with readline's line ends. */
import { createInterface } from "node:readline";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { lineBatches } from "../../cli/line-batches.ts";

async function batches(chunks: (string | Buffer)[]): Promise<string[][]> {
  const out: string[][] = [];
  for await (const b of lineBatches(Readable.from(chunks, { objectMode: true }))) out.push(b);
  return out;
}

async function readlineLines(chunks: (string | Buffer)[]): Promise<string[]> {
  const out: string[] = [];
  const rl = createInterface({
    input: Readable.from(chunks, { objectMode: true }),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  for await (const l of rl) out.push(l);
  return out;
}

describe("lineBatches", () => {
  it("yields the complete lines of each chunk together, holding a partial line for the next chunk", async () => {
    expect(await batches(['{"id":1}\n{"id":2}\n{"i', 'd":3}\n'])).toEqual([
      ['{"id":1}', '{"id":2}'],
      ['{"id":3}'],
    ]);
  });

  it("yields a last line that has no line end", async () => {
    expect(await batches(["one\ntwo"])).toEqual([["one"], ["two"]]);
    expect(await batches(["one\n"])).toEqual([["one"]]);
    expect(await batches([])).toEqual([]);
  });

  it("treats \\r\\n as one line end even when a chunk ends between the two", async () => {
    expect((await batches(["a\r", "\nb\r\n"])).flat()).toEqual(["a", "b"]);
    expect((await batches(["a\r"])).flat()).toEqual(["a"]);
  });

  it("keeps a character whose UTF-8 bytes are split across chunks", async () => {
    const bytes = Buffer.from("Plzeň’s envoy\nČTK\n", "utf8");
    const cut = bytes.indexOf(0xc5) + 1; // inside the two bytes of "ň"
    expect((await batches([bytes.subarray(0, cut), bytes.subarray(cut)])).flat()).toEqual([
      "Plzeň’s envoy",
      "ČTK",
    ]);
  });

  it("gives the lines readline gives, blank lines and lone \\r included", async () => {
    const inputs = [
      ["x\n\ny\r\rz\r\n", "\n"],
      ["\r\n\r\n", "end"],
      ["a", "b\n", "c"],
    ];
    for (const chunks of inputs) expect((await batches(chunks)).flat()).toEqual(await readlineLines(chunks));
  });
});
