/**
 * When to lint a document after it changes. A lone edit is linted at once (the
 * squiggle follows the keystroke); a burst of edits is coalesced so that at most
 * one lint runs per `minInterval`, which grows with how long linting takes. The
 * last edit of a burst is always linted (trailing edge), so the final publish is
 * for the final version.
 */
export class LintScheduler {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly lastStart = new Map<string, number>();
  private readonly lastDuration = new Map<string, number>();
  private readonly running = new Set<string>();
  private readonly again = new Set<string>();

  constructor(
    private readonly run: (uri: string) => Promise<void>,
    private readonly onError: (err: unknown) => void,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Minimum time between two lints of one document during a burst. */
  minInterval(uri: string): number {
    return Math.max(10, 3 * (this.lastDuration.get(uri) ?? 0));
  }

  schedule(uri: string, immediate = false): void {
    if (this.running.has(uri)) {
      this.again.add(uri);
      return;
    }
    if (this.timers.has(uri)) return;
    const since = this.now() - (this.lastStart.get(uri) ?? -Infinity);
    const delay = immediate ? 0 : Math.max(0, this.minInterval(uri) - since);
    this.timers.set(
      uri,
      setTimeout(() => void this.fire(uri), delay),
    );
  }

  cancel(uri: string): void {
    const t = this.timers.get(uri);
    if (t) clearTimeout(t);
    this.timers.delete(uri);
    this.again.delete(uri);
    this.lastStart.delete(uri);
    this.lastDuration.delete(uri);
  }

  private async fire(uri: string): Promise<void> {
    this.timers.delete(uri);
    this.running.add(uri);
    const start = this.now();
    this.lastStart.set(uri, start);
    try {
      await this.run(uri);
    } catch (err) {
      this.onError(err);
    } finally {
      // Not for a document closed (cancelled) meanwhile: the entry would outlive it, one per closed uri.
      if (this.lastStart.get(uri) === start) this.lastDuration.set(uri, this.now() - start);
      this.running.delete(uri);
      if (this.again.delete(uri)) this.schedule(uri);
    }
  }
}
