import { throwIfAborted } from '@lakota/core';

/**
 * Bounds the requests one pod keeps in flight, whatever its callers do: a
 * caller that starts 10,000 reads at once gets them queued here instead of
 * 10,000 sockets and a wall of 429s.
 */
export class RequestLimiter {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly limit: number) {}

  async run<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (this.active >= this.limit) {
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.active++;
    }
    try {
      throwIfAborted(signal);
      return await fn();
    } finally {
      const next = this.waiting.shift();
      // The slot passes straight to the next waiter, so `active` stays counted.
      if (next) next();
      else this.active--;
    }
  }
}
