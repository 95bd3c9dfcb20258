/**
 * `lineBatches` against Node's own `readline` (with `crlfDelay: Infinity`, as the stream CLI
 * used it): the same lines for the same bytes, however the bytes are cut into chunks.
 */
import * as readline from 'node:readline';
import { Readable } from 'node:stream';
import { lineBatches, runStream } from '../../inference/lib/stream';

async function viaReadline(chunks: Buffer[]): Promise<string[]> {
  const out: string[] = [];
  for await (const line of readline.createInterface({ input: Readable.from(chunks), crlfDelay: Infinity })) out.push(line);
  return out;
}

async function viaBatches(chunks: Array<Buffer | string>): Promise<string[][]> {
  const out: string[][] = [];
  for await (const batch of lineBatches(Readable.from(chunks))) out.push(batch);
  return out;
}

/** A small deterministic generator, so a failure names a seed that reproduces it. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function cut(bytes: Buffer, rnd: () => number): Buffer[] {
  const chunks: Buffer[] = [];
  for (let at = 0; at < bytes.length; ) {
    const size = 1 + Math.floor(rnd() * 7);
    chunks.push(bytes.subarray(at, at + size));
    at += size;
  }
  return chunks;
}

describe('lineBatches', () => {
  test('splits like readline at \\n, \\r\\n and a lone \\r, keeps blank lines and the last line without a break', async () => {
    const text = '{"a":1}\n\n{"b":2}\r\n{"c":3}\r{"d":4}\r\n\r\n  \n{"e":5}';
    const expected = ['{"a":1}', '', '{"b":2}', '{"c":3}', '{"d":4}', '', '  ', '{"e":5}'];
    expect(await viaReadline([Buffer.from(text)])).toEqual(expected);
    expect((await viaBatches([Buffer.from(text)])).flat()).toEqual(expected);
    // One chunk, one batch (the last line, without a break, comes at the end).
    expect(await viaBatches([Buffer.from(text)])).toEqual([expected.slice(0, -1), ['{"e":5}']]);
  });

  test('a \\r at the end of one chunk and a \\n at the start of the next are one break', async () => {
    expect((await viaBatches([Buffer.from('a\r'), Buffer.from('\nb\r'), Buffer.from('\n')])).flat()).toEqual(['a', 'b']);
    expect(await viaReadline([Buffer.from('a\r'), Buffer.from('\nb\r'), Buffer.from('\n')])).toEqual(['a', 'b']);
  });

  test('a character cut between two chunks is decoded whole', async () => {
    const bytes = Buffer.from('{"name":"Zoë ✓"}\n{"name":"日本"}\n');
    const chunks = Array.from(bytes, (_, i) => bytes.subarray(i, i + 1));
    expect((await viaBatches(chunks)).flat()).toEqual(['{"name":"Zoë ✓"}', '{"name":"日本"}']);
  });

  test('the same lines as readline for random texts cut at random places (200 cases)', async () => {
    const pieces = ['{"x":1}', 'ab', '', ' ', '\n', '\r', '\r\n', '\n\r', 'é', '日'];
    for (let seed = 1; seed <= 200; seed++) {
      const rnd = random(seed);
      const text = Array.from({ length: 1 + Math.floor(rnd() * 30) }, () => pieces[Math.floor(rnd() * pieces.length)]).join('');
      const chunks = cut(Buffer.from(text), rnd);
      const expected = await viaReadline(chunks);
      expect({ seed, lines: (await viaBatches(chunks)).flat() }).toEqual({ seed, lines: expected });
    }
  });

  test('string chunks (a stream with an encoding set) split the same way', async () => {
    expect((await viaBatches(['a\nb', '\r', '\nc'])).flat()).toEqual(['a', 'b', 'c']);
  });
});

describe('runStream over batches', () => {
  test('line numbers in errors count every line of every batch, blank ones included', async () => {
    const output: string[] = [];
    async function* batches() {
      yield ['{"v":1}', ''];
      yield ['not json', '{"v":2}'];
      yield '{"v":3}';
    }
    const summary = await runStream({
      predictOne: async (instance) => instance,
      lines: batches(),
      output: { write: (s: string) => (output.push(s), true) } as unknown as NodeJS.WritableStream,
      concurrency: 2,
    });
    expect(summary).toMatchObject({ total: 4, ok: 3, failed: 1 });
    expect(output.map((l) => JSON.parse(l))).toEqual([
      { index: 0, prediction: { v: 1 } },
      { index: 1, line: 3, error: { code: 'INVALID_JSON', message: expect.stringMatching(/^line 3: /) } },
      { index: 2, prediction: { v: 2 } },
      { index: 3, prediction: { v: 3 } },
    ]);
  });
});
