/**
 * Parses a streamed body of JSON values, one per line, as they arrive, so a
 * long listing is consumed without holding it whole.
 */
export async function* jsonLines(body: ReadableStream<Uint8Array>): AsyncGenerator<unknown> {
  const decoder = new TextDecoder();
  const reader = body.getReader();
  let pending = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      pending += done ? decoder.decode() : decoder.decode(value, { stream: true });
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) if (line !== '') yield JSON.parse(line);
      if (done) break;
    }
    if (pending !== '') yield JSON.parse(pending);
  } finally {
    // Stops the download when the consumer leaves early.
    await reader.cancel().catch(() => {});
  }
}
