/** An error answer: the HTTP status and the code and message of the protocol's error body. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** EC2 Query `Prefix.1`, `Prefix.2`, … as a list. */
export function listParam(params: Record<string, string>, prefix: string): string[] {
  const values: string[] = [];
  for (let i = 1; params[`${prefix}.${i}`] !== undefined; i++) values.push(params[`${prefix}.${i}`] as string);
  return values;
}

/** EC2 Query `Filter.N.Name` / `Filter.N.Value.M` as [name, values] in order. */
export function queryFilters(params: Record<string, string>): Array<[string, string[]]> {
  const filters: Array<[string, string[]]> = [];
  for (let i = 1; params[`Filter.${i}.Name`] !== undefined; i++) filters.push([params[`Filter.${i}.Name`] as string, listParam(params, `Filter.${i}.Value`)]);
  return filters;
}
