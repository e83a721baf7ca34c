/** mapping.yaml with one rule: an `Object Created` event from `source` for a `.csv` key submits `script`. */
export function submitOnCsvYaml(rule: string, source: string, script: string): string {
  return [
    'rules:',
    `  - name: ${rule}`,
    '    pattern:',
    `      source: [${source}]`,
    '      detail-type: [Object Created]',
    '      detail:',
    '        object:',
    '          key: [{ suffix: .csv }]',
    '    actions:',
    `      - submit: ${script}`,
    '',
  ].join('\n');
}
