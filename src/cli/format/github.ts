import type { FileReport, LocatedDiagnostic } from './located.js';

// Workflow-command escaping: data escapes % CR LF; property values also escape : and ,.
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function command(severity: LocatedDiagnostic['severity']): 'error' | 'warning' | 'notice' {
  if (severity === 'error') return 'error';
  if (severity === 'warning') return 'warning';
  return 'notice';
}

/** GitHub Actions annotations: `::error file=…,line=…,col=…,title=…::message`. */
export function formatGithub(reports: readonly FileReport[]): string {
  const lines: string[] = [];
  for (const report of reports) {
    for (const d of report.diagnostics) {
      const props = [`file=${escapeProperty(d.file)}`];
      if (d.line > 0) {
        props.push(`line=${d.line}`, `col=${d.column}`);
        if (d.endLine === d.line) props.push(`endColumn=${d.endColumn}`);
        else props.push(`endLine=${d.endLine}`);
      }
      props.push(`title=${escapeProperty(`spawn-slurm ${d.code}`)}`);
      const message = d.hint ? `${d.message}\nhint: ${d.hint}` : d.message;
      lines.push(`::${command(d.severity)} ${props.join(',')}::${escapeData(message)}`);
    }
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}
