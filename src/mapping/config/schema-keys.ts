/** The keys a mapping.yaml map accepts at a given path, read from the zod schema (for did-you-mean). */
import { z } from 'zod';

function unwrap(schema: z.core.$ZodType): z.core.$ZodType {
  let current = schema;
  for (;;) {
    if (current instanceof z.ZodOptional || current instanceof z.ZodPrefault || current instanceof z.ZodDefault) {
      current = current.unwrap();
    } else if (current instanceof z.ZodPipe) {
      current = current.in;
    } else {
      return current;
    }
  }
}

export function knownKeysAt(schema: z.core.$ZodType, path: readonly PropertyKey[]): string[] {
  let current = unwrap(schema);
  for (const segment of path) {
    if (current instanceof z.ZodObject) {
      const field = (current.shape as Record<string, z.core.$ZodType | undefined>)[String(segment)];
      if (!field) return [];
      current = field;
    } else if (current instanceof z.ZodRecord) {
      current = current.valueType;
    } else if (current instanceof z.ZodArray) {
      current = current.element;
    } else {
      return [];
    }
    current = unwrap(current);
  }
  return current instanceof z.ZodObject ? Object.keys(current.shape) : [];
}
