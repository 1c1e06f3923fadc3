/**
 * At most `limit` jobs at a time, the rest waiting. The language server's git
 * work goes through one of these: opening a thousand patches must not start a
 * thousand git lookups at once (each spawns processes and parses their
 * output on the one thread that also answers hovers and completions).
 *
 * Waiting jobs start newest first: the document just opened or edited is the
 * one on screen. A job whose signal aborts while it waits is dropped unrun.
 */
export class WorkQueue {
  private running = 0;
  private readonly waiting: { start: () => void; signal?: AbortSignal; drop: () => void }[] = [];

  constructor(private readonly limit: number) {
    if (!(limit >= 1)) throw new RangeError(`a work queue runs at least one job at a time, not ${limit}`);
  }

  /** Jobs started and not yet finished. */
  get active(): number {
    return this.running;
  }

  /** Jobs waiting for a free place. */
  get queued(): number {
    return this.waiting.length;
  }

  /** Runs `job` when a place is free; rejects with the signal's reason if it aborts first. */
  run<T>(job: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (signal?.aborted) {
        reject(abortReason(signal));
        return;
      }
      const start = () => {
        this.running++;
        let result: Promise<T>;
        try {
          result = job();
        } catch (err) {
          result = Promise.reject(err);
        }
        result.then(resolve, reject).finally(() => {
          this.running--;
          this.startWaiting();
        });
      };
      if (this.running < this.limit) {
        start();
        return;
      }
      const entry = {
        start,
        signal,
        drop: () => {
          const at = this.waiting.indexOf(entry);
          if (at >= 0) this.waiting.splice(at, 1);
          reject(abortReason(signal!));
        },
      };
      this.waiting.push(entry);
      signal?.addEventListener('abort', entry.drop, { once: true });
    });
  }

  private startWaiting(): void {
    while (this.running < this.limit && this.waiting.length > 0) {
      const next = this.waiting.pop()!;
      next.signal?.removeEventListener('abort', next.drop);
      next.start();
    }
  }
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new Error('aborted');
}
