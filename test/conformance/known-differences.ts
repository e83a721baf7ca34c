/**
 * Cases of the conformance matrix whose comparison is knowingly skipped, each with the reason.
 * Keep it small: a case belongs here only when the oracle cannot say what a real cluster would do.
 */
export const KNOWN_DIFFERENCES: Record<string, string> = {};
