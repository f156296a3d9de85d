/**
 * Polls `fn` every 50 ms until it returns something truthy (no fixed sleeps in the suite);
 * fails after `timeout` ms naming what it waited for and the last error seen.
 */
export async function poll<T>(what: string, fn: () => T | undefined | false | Promise<T | undefined | false>, timeout = 15_000): Promise<T> {
  const deadline = Date.now() + timeout;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
