/**
 * Minimal assertions for the kit's tests (the std library is not reachable through npm here).
 */
export class AssertionError extends Error {
  override name = "AssertionError";
}

function format(v: unknown): string {
  try {
    return JSON.stringify(v);
  } catch {
    return String(v);
  }
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

export function assertEquals(actual: unknown, expected: unknown, msg?: string): void {
  if (!deepEqual(actual, expected)) {
    throw new AssertionError(`${msg ? `${msg}: ` : ""}expected ${format(expected)}, got ${format(actual)}`);
  }
}

export function assert(cond: unknown, msg = "assertion failed"): asserts cond {
  if (!cond) throw new AssertionError(msg);
}

export function assertMatch(actual: string, re: RegExp, msg?: string): void {
  if (!re.test(actual)) {
    throw new AssertionError(`${msg ? `${msg}: ` : ""}${format(actual)} does not match ${re}`);
  }
}

export async function assertRejects<E extends Error>(
  fn: () => Promise<unknown>,
  // deno-lint-ignore no-explicit-any
  type?: new (...a: any[]) => E,
) {
  try {
    await fn();
  } catch (err) {
    if (type && !(err instanceof type)) {
      throw new AssertionError(
        `expected ${type.name}, got ${err instanceof Error ? err.name : String(err)}: ${err}`,
      );
    }
    return err as E;
  }
  throw new AssertionError("expected the promise to reject");
}
