/**
 * API defects found by the test suites. Each affected test asserts the correct behaviour and is
 * registered with `it.failing` while its flag is true, so the suite stays green and turns red
 * the moment the defect is fixed: then set the flag to false.
 */
export const KNOWN_BUGS = {
  /**
   * org-units.repository.ts `moveSubtree`: `substring(path from ${n})` sends an untyped
   * parameter, so PostgreSQL picks `substring(text from text)`, the regular-expression form, which
   * returns NULL; the UPDATE then violates NOT NULL on org_unit.path and every successful move
   * answers 500. Fix: `substring(path from ${unit.path.length + 1}::int)`.
   */
  moveAnswers500: true,
  /**
   * http-exception.filter.ts: Nest's RoutesResolver turns Fastify's errors into an HttpException
   * before they reach the filter, so the `INVALID_JSON` branch is dead and malformed JSON answers
   * error `BAD_REQUEST` instead of `INVALID_JSON`.
   */
  invalidJsonNotNamed: true,
  /**
   * A NUL character (U+0000) in any string that reaches PostgreSQL (login username, names,
   * display names, reasons, search `q`, audit `entity`) raises `invalid byte sequence for
   * encoding "UTF8": 0x00` from the driver (a DriverAdapterError), which the filter answers 500.
   */
  nulByteAnswers500: true,
} as const;

/** `it`, or `it.failing` while the named defect is still present. */
export function itUnlessBug(bug: keyof typeof KNOWN_BUGS): jest.It {
  return KNOWN_BUGS[bug] ? (it.failing as unknown as jest.It) : it;
}
