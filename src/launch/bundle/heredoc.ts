/**
 * Bash that writes `content` to `target` (a shell word) byte for byte. Text ending in a newline goes
 * in a quoted here-document, which bash copies untouched and gzip compresses well; anything else
 * (no final newline, not UTF-8) goes in base64.
 */
export function writeFileCommand(target: string, content: string, encoding: 'utf8' | 'base64'): string {
  const plain = encoding === 'utf8' && content.endsWith('\n');
  const body = plain ? content : `${wrap(encoding === 'base64' ? content : Buffer.from(content, 'utf8').toString('base64'))}\n`;
  const delimiter = uniqueDelimiter(body);
  return `${plain ? 'cat' : 'base64 -d'} > ${target} <<'${delimiter}'\n${body}${delimiter}\n`;
}

function wrap(base64: string): string {
  return base64.replace(/.{1,76}/g, '$&\n').replace(/\n$/, '');
}

/** A here-document ends at the first line equal to its delimiter: pick one no line of the body equals. */
export function uniqueDelimiter(body: string, stem = 'SPAWN_SLURM_EOF'): string {
  const lines = new Set(body.split('\n'));
  let delimiter = stem;
  for (let n = 1; lines.has(delimiter); n++) delimiter = `${stem}_${n}`;
  return delimiter;
}
