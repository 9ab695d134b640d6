/** Smallest burst the bucket allows: one read-stream chunk, so a slow limit still moves whole chunks. */
const MIN_BURST = 64 * 1024;
/** The bucket holds this share of a second's worth of bytes: a short burst, never a second's overshoot. */
const BURST_SECONDS = 0.2;

/**
 * TokenBucket is one bandwidth limit shared by every copy (SPEC §8 `transfer.maxBytesPerSecond`). A taker
 * reserves its bytes at once and waits until the bucket has paid for them, so waiters are served in order
 * and the long-run rate never exceeds the limit, however many copies share it. Rate 0 means unlimited.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;
  private readonly sleepers = new Set<() => void>();

  constructor(private bytesPerSecond: number, private readonly now: () => number = () => performance.now()) {
    this.tokens = this.burst();
    this.last = now();
  }

  /** rate is the current limit in bytes per second (0: unlimited). */
  get rate(): number {
    return this.bytesPerSecond;
  }

  /** setRate changes the limit now; copies waiting on the old one go on at once under the new one. */
  setRate(bytesPerSecond: number): void {
    if (bytesPerSecond === this.bytesPerSecond) return;
    this.bytesPerSecond = bytesPerSecond;
    this.tokens = Math.min(Math.max(this.tokens, 0), this.burst());
    this.last = this.now();
    for (const wake of [...this.sleepers]) wake();
  }

  /** take waits until `bytes` may be sent; rejects with the signal's reason when it aborts first. */
  async take(bytes: number, signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    if (this.bytesPerSecond <= 0) return;
    this.refill();
    this.tokens -= bytes;
    if (this.tokens >= 0) return;
    await this.sleep((-this.tokens / this.bytesPerSecond) * 1000, signal);
  }

  private burst(): number {
    return Math.max(MIN_BURST, this.bytesPerSecond * BURST_SECONDS);
  }

  private refill(): void {
    const t = this.now();
    this.tokens = Math.min(this.burst(), this.tokens + ((t - this.last) / 1000) * this.bytesPerSecond);
    this.last = t;
  }

  private sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      const settle = () => {
        clearTimeout(timer);
        this.sleepers.delete(done);
        signal?.removeEventListener('abort', onAbort);
      };
      const done = () => (settle(), resolve());
      const onAbort = () => (settle(), reject(signal!.reason));
      const timer = setTimeout(done, ms);
      this.sleepers.add(done);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}
