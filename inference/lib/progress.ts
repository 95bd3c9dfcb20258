import * as cliProgress from 'cli-progress';

/** Progress of a stream: items read so far (or known up front) and items finished. */
export interface Progress {
  seen(count: number): void;
  update(ok: number, failed: number): void;
  stop(): void;
}

/**
 * A progress bar on stderr, so stdout stays pure NDJSON. With no known total (stdin) the
 * total grows as lines are read.
 */
export function createProgress(stream: NodeJS.WritableStream, knownTotal?: number): Progress {
  const bar = new cliProgress.SingleBar(
    {
      stream: stream as NodeJS.WriteStream,
      format: ' {bar} {value}/{total} | ok {ok} failed {failed} | {rate} req/s | ETA {eta_formatted}',
      hideCursor: true,
      etaBuffer: 50,
      fps: 10,
    },
    cliProgress.Presets.shades_classic,
  );
  const started = performance.now();
  let total = knownTotal ?? 0;
  bar.start(total, 0, { ok: 0, failed: 0, rate: '0.0' });
  return {
    seen(count) {
      if (knownTotal === undefined && count > total) {
        total = count;
        bar.setTotal(total);
      }
    },
    update(ok, failed) {
      const rate = ((ok + failed) / Math.max(0.001, (performance.now() - started) / 1000)).toFixed(1);
      bar.update(ok + failed, { ok, failed, rate });
    },
    stop() {
      bar.stop();
    },
  };
}
