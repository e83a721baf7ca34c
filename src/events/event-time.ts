/** An event's `time`: ISO 8601, UTC, whole seconds, as EventBridge writes it. */
export const eventTime = (date: Date = new Date()): string => date.toISOString().replace(/\.\d{3}Z$/, 'Z');
