/** One request as a latency pod saw it, in milliseconds of `performance.now()`. */
export interface RequestSpan {
  kind: string;
  path: string;
  start: number;
  end: number;
}

/**
 * The number of requests on the longest chain in which each one started only
 * after the one before it had finished: the round trips an operation waits
 * for one after the other, whatever runs in parallel beside them. Requests
 * that overlap in time count once, so 100 parallel reads are one wave.
 */
export function criticalPath(spans: readonly RequestSpan[]): number {
  const byStart = [...spans].sort((a, b) => a.start - b.start);
  const byEnd = [...spans].sort((a, b) => a.end - b.end);
  const depth = new Map<RequestSpan, number>();
  // Sweep in start order, keeping the deepest chain among requests already finished.
  let finished = 0;
  let deepestFinished = 0;
  let longest = 0;
  for (const span of byStart) {
    while (finished < byEnd.length && (byEnd[finished] as RequestSpan).end <= span.start) {
      deepestFinished = Math.max(deepestFinished, depth.get(byEnd[finished] as RequestSpan) ?? 0);
      finished++;
    }
    const d = deepestFinished + 1;
    depth.set(span, d);
    longest = Math.max(longest, d);
  }
  return longest;
}
