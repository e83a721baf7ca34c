import type { Diagnostic, Edit } from './diagnostic.js';

type FileDiagnostic = Omit<Diagnostic, 'origin'>;

/**
 * The checks sbatch makes on the whole script before it reads any directive (sbatch.c
 * _get_script_buffer and _check_script). Each failure makes sbatch refuse the script.
 */
export function checkWholeScript(text: string): FileDiagnostic[] {
  const found: FileDiagnostic[] = [];
  if (text.length === 0) {
    found.push({
      code: 'empty-script',
      severity: 'error',
      message: 'the script is empty; sbatch refuses it ("Batch script is empty!")',
      hint: 'start the script with an interpreter line such as #!/bin/bash',
      range: { start: 0, end: 0 },
      refusedBySbatch: true,
    });
    return found;
  }
  if (/^[\t\n\v\f\r ]*$/.test(text)) {
    found.push({
      code: 'whitespace-only-script',
      severity: 'error',
      message: 'the script contains only whitespace; sbatch refuses it ("Batch script contains only whitespace!")',
      hint: 'start the script with an interpreter line such as #!/bin/bash',
      range: { start: 0, end: text.length },
      refusedBySbatch: true,
    });
    return found;
  }
  if (!text.startsWith('#!')) found.push(missingShebang(text));

  const nul = text.indexOf('\0');
  if (nul !== -1) {
    found.push({
      code: 'nul-byte',
      severity: 'error',
      message: 'the script contains a NUL byte; sbatch refuses it',
      hint: 'the file is probably binary or was saved in UTF-16; save it as UTF-8 text',
      range: { start: nul, end: nul + 1 },
      refusedBySbatch: true,
    });
  }

  const crlf = text.indexOf('\r\n');
  if (crlf !== -1) {
    const fix: Edit[] = [];
    for (let i = crlf; i !== -1; i = text.indexOf('\r\n', i + 2)) fix.push({ range: { start: i, end: i + 1 }, text: '' });
    found.push({
      code: 'dos-line-breaks',
      severity: 'error',
      message: 'the script has DOS line breaks (\\r\\n); sbatch refuses it ("Batch script contains DOS line breaks")',
      hint: 'convert it to UNIX line breaks, e.g. with `dos2unix` or `sed -i "s/\\r$//"`',
      range: { start: crlf, end: crlf + 2 },
      refusedBySbatch: true,
      fix,
    });
  }
  return found;
}

function missingShebang(text: string): FileDiagnostic {
  const bom = text.charCodeAt(0) === 0xfeff;
  if (bom && text.startsWith('#!', 1)) {
    return {
      code: 'missing-shebang',
      severity: 'error',
      message: 'the script starts with a byte-order mark, so its first two bytes are not "#!"; sbatch refuses it ("This does not look like a batch script")',
      hint: 'save the file as UTF-8 without a byte-order mark',
      range: { start: 0, end: 1 },
      refusedBySbatch: true,
      fix: [{ range: { start: 0, end: 1 }, text: '' }],
    };
  }
  const firstLineEnd = text.indexOf('\n');
  return {
    code: 'missing-shebang',
    severity: 'error',
    message: 'the first line does not start with "#!"; sbatch refuses the script ("This does not look like a batch script")',
    hint: 'make the first line an interpreter line such as #!/bin/bash',
    range: { start: 0, end: firstLineEnd === -1 ? text.length : firstLineEnd },
    refusedBySbatch: true,
    fix: [{ range: { start: 0, end: 0 }, text: '#!/bin/bash\n' }],
  };
}
