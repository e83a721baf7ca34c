import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatTable } from '../../../src/core/table.js';
import type { TableColumn } from '../../../src/core/table.js';

interface Fruit {
  name: string;
  count: number;
  note: string;
}
const rows: Fruit[] = [
  { name: 'apple', count: 3, note: 'red and crisp' },
  { name: 'watermelon', count: 12, note: 'heavy' },
];
const columns: TableColumn<Fruit>[] = [
  { header: 'NAME', value: (r) => r.name, minWidth: 4 },
  { header: 'COUNT', value: (r) => String(r.count), align: 'right' },
  { header: 'NOTE', value: (r) => r.note, dropOrder: 0 },
];

describe('formatTable', () => {
  it('pads columns to their widest cell, right-aligns where asked and trims line ends', () => {
    expect(formatTable(rows, columns)).toBe(['NAME        COUNT  NOTE', 'apple           3  red and crisp', 'watermelon     12  heavy'].join('\n'));
  });

  it('cuts a cuttable column with an ellipsis to fit the width', () => {
    expect(formatTable(rows, columns, { width: 32 })).toBe(formatTable(rows, columns)); // fits as it is
    const text = formatTable(rows, columns, { width: 31 });
    expect(text.split('\n')).toEqual(['NAME       COUNT  NOTE', 'apple          3  red and crisp', 'watermel…     12  heavy']);
  });

  it('leaves out an optional column when cutting is not enough', () => {
    expect(formatTable(rows, columns, { width: 17 }).split('\n')).toEqual(['NAME        COUNT', 'apple           3', 'watermelon     12']);
    expect(formatTable(rows, columns, { width: 16 }).split('\n')).toEqual(['NAME       COUNT', 'apple          3', 'watermel…     12']);
  });

  it('never goes below a column’s minimum width, even if the table then overflows', () => {
    const lines = formatTable(rows, columns, { width: 5 }).split('\n');
    expect(lines[2]).toBe('wat…     12');
  });

  it('keeps every cell on one line', () => {
    expect(formatTable([{ name: 'a\nb', count: 1, note: 'x\ty' }], columns)).toBe('NAME  COUNT  NOTE\na b       1  x y');
  });

  it('fits any table into any width its minimums allow', () => {
    const cell = fc.string({ maxLength: 20 }).map((s) => s.replace(/[\r\n\t]/g, ''));
    fc.assert(
      fc.property(fc.array(fc.tuple(cell, cell, cell), { maxLength: 8 }), fc.integer({ min: 0, max: 80 }), (data, extra) => {
        const cols: TableColumn<[string, string, string]>[] = [
          { header: 'A', value: (r) => r[0], minWidth: 3 },
          { header: 'B', value: (r) => r[1], minWidth: 3, align: 'right' },
          { header: 'C', value: (r) => r[2], dropOrder: 0 },
        ];
        const width = 3 + 2 + 3 + extra;
        for (const line of formatTable(data, cols, { width }).split('\n')) expect([...line].length).toBeLessThanOrEqual(width);
      }),
    );
  });
});
