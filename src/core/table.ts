/**
 * A plain-text table: a header line and one line per row, columns separated by spaces, numbers
 * right-aligned. Given a width (the terminal's), it fits the table into it by cutting the columns
 * that allow it (with `…`), no further than their minimum width; when that is not enough, optional
 * columns are left out first, least important first. A table that still does not fit is printed as is.
 */
export type Align = 'left' | 'right';

export interface TableColumn<Row> {
  header: string;
  value: (row: Row) => string;
  /** Default left. */
  align?: Align;
  /** The column may be cut down to this many characters to fit the width. Unset: never cut. */
  minWidth?: number;
  /** The column may be left out to fit the width; the lowest number goes first. Unset: always shown. */
  dropOrder?: number;
}

export interface TableOptions {
  /** Maximum line length, e.g. `process.stdout.columns`. Unset or 0: no limit. */
  width?: number;
  /** Spaces between columns; default 2. */
  gap?: number;
}

/** Length in terminal cells, counting code points (the tables hold ASCII and a few symbols like × and …). */
const cells = (text: string) => [...text].length;

function cut(text: string, width: number): string {
  const chars = [...text];
  if (chars.length <= width) return text;
  return width <= 1 ? chars.slice(0, width).join('') : `${chars.slice(0, width - 1).join('')}…`;
}

function pad(text: string, width: number, align: Align): string {
  const room = ' '.repeat(Math.max(0, width - cells(text)));
  return align === 'right' ? room + text : text + room;
}

export function formatTable<Row>(rows: readonly Row[], columns: readonly TableColumn<Row>[], options: TableOptions = {}): string {
  const gap = options.gap ?? 2;
  const limit = options.width && options.width > 0 ? options.width : Infinity;
  // Cell text is one line: a stray newline or tab would break the layout.
  const grid = rows.map((row) => columns.map((column) => column.value(row).replace(/[\r\n\t]+/g, ' ')));
  const natural = columns.map((column, c) => Math.max(cells(column.header), ...grid.map((line) => cells(line[c] as string))));
  const floor = columns.map((column, c) => Math.min(natural[c] as number, column.minWidth ?? Infinity));

  const visible = columns.map((_, c) => c);
  const total = (widths: readonly number[]) => visible.reduce((sum, c) => sum + (widths[c] as number), 0) + gap * (visible.length - 1);
  const droppable = visible.filter((c) => columns[c]?.dropOrder !== undefined).sort((a, b) => (columns[a]?.dropOrder as number) - (columns[b]?.dropOrder as number));
  while (total(floor) > limit && droppable.length > 0) visible.splice(visible.indexOf(droppable.shift() as number), 1);

  const widths = [...natural];
  // Cut the widest cuttable column one cell at a time, so the cuts spread over the columns that can take them.
  while (total(widths) > limit) {
    const widest = visible
      .filter((c) => (widths[c] as number) > (floor[c] as number))
      .reduce<number | undefined>((best, c) => (best === undefined || (widths[c] as number) > (widths[best] as number) ? c : best), undefined);
    if (widest === undefined) break;
    widths[widest] = (widths[widest] as number) - 1;
  }

  const line = (texts: readonly string[]) =>
    visible
      .map((c) => pad(cut(texts[c] as string, widths[c] as number), widths[c] as number, columns[c]?.align ?? 'left'))
      .join(' '.repeat(gap))
      .trimEnd();
  return [line(columns.map((column) => column.header)), ...grid.map(line)].join('\n');
}
