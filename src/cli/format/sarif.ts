import type { RuleInfo } from '../../lint/codes.js';
import type { FileReport, LocatedDiagnostic } from './located.js';

type SarifLevel = 'error' | 'warning' | 'note';

function level(severity: LocatedDiagnostic['severity']): SarifLevel {
  if (severity === 'error') return 'error';
  if (severity === 'warning') return 'warning';
  return 'note';
}

function toUri(file: string): string {
  return file
    .replace(/^\.\//, '')
    .split('/')
    .map((part) => encodeURIComponent(part))
    .join('/');
}

/** SARIF 2.1.0 for code scanning: one run, rules[] for every code used, results in a fixed order. */
export function formatSarif(reports: readonly FileReport[], toolVersion: string, ruleInfo: (code: string) => RuleInfo): string {
  const codes = [...new Set(reports.flatMap((r) => r.diagnostics.map((d) => d.code)))].sort();
  const ruleIndex = new Map(codes.map((code, i) => [code, i]));
  const rules = codes.map((code) => {
    const info = ruleInfo(code);
    return {
      id: code,
      name: info.title,
      shortDescription: { text: info.title },
      fullDescription: { text: info.description },
      help: { text: info.description },
    };
  });
  const results = reports.flatMap((report) =>
    report.diagnostics.map((d) => {
      const location: Record<string, unknown> = {
        physicalLocation: {
          artifactLocation: { uri: toUri(d.file), uriBaseId: '%SRCROOT%' },
          ...(d.line > 0 ? { region: { startLine: d.line, startColumn: d.column, endLine: d.endLine, endColumn: Math.max(d.endColumn, d.column) } } : {}),
        },
      };
      const text = d.hint ? `${d.message} (hint: ${d.hint})` : d.message;
      return {
        ruleId: d.code,
        ruleIndex: ruleIndex.get(d.code),
        level: level(d.severity),
        message: { text },
        locations: [location],
        ...(d.fix
          ? {
              fixes: [
                {
                  description: { text: d.hint ?? 'apply the suggested fix' },
                  artifactChanges: [
                    {
                      artifactLocation: { uri: toUri(d.file), uriBaseId: '%SRCROOT%' },
                      replacements: d.fix.map((f) => ({
                        deletedRegion: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn },
                        insertedContent: { text: f.text },
                      })),
                    },
                  ],
                },
              ],
            }
          : {}),
      };
    }),
  );
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'spawn-slurm', version: toolVersion, rules } },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
