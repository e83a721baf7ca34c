/**
 * Reads mapping.yaml: YAML syntax, schema and cross-field problems all become diagnostics that point
 * into the file; nothing here throws on bad input. Loads yaml and zod, so import it lazily.
 */
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, join } from 'node:path';
import { isScalar, parseDocument, visit } from 'yaml';
import type { Document, ErrorCode, YAMLError } from 'yaml';
import type { Diagnostic, Origin, TextRange } from '../../parser/diagnostic.js';
import { checkMappingConfig } from './checks.js';
import { MAPPING_CODES } from './codes.js';
import { fieldPath, issueDiagnostics } from './issues.js';
import { mappingFileSchema } from './schema.js';
import type { EventRule, MappingConfig, ModuleSetup, SinkSettings } from './types.js';
import { keyText, locate } from './yaml-locate.js';

export interface MappingLoadResult {
  /** Undefined when any diagnostic is an error: a half-understood mapping must not be used. */
  config: MappingConfig | undefined;
  /** In file order. */
  diagnostics: Diagnostic[];
}

const YAML_HINTS: Partial<Record<ErrorCode, string>> = {
  TAB_AS_INDENT: 'indent with spaces; YAML does not allow tabs for indentation',
  MULTIPLE_DOCS: 'a mapping file holds one YAML document: remove the second `---` and what follows, or merge them',
};

/** The whole key a duplicate-key error points into (yaml reports only its first character). */
function keyAt(doc: Document, offset: number): { range: TextRange; text: string } | undefined {
  let found: { range: TextRange; text: string } | undefined;
  visit(doc, {
    Pair(_, pair) {
      if (isScalar(pair.key) && pair.key.range?.[0] === offset) {
        found = { range: { start: pair.key.range[0], end: pair.key.range[1] }, text: keyText(pair.key) };
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return found;
}

function yamlDiagnostic(error: YAMLError, doc: Document, origin: Origin, textLength: number): Diagnostic {
  // A character missing at the end of the text is reported just past it.
  const start = Math.min(error.pos[0], textLength);
  const range = { start, end: Math.min(Math.max(start, error.pos[1]), textLength) };
  if (error.code === 'DUPLICATE_KEY') {
    const key = keyAt(doc, error.pos[0]);
    return {
      code: MAPPING_CODES.duplicateKey,
      severity: 'error',
      message: `duplicate key${key ? ` "${key.text}"` : ''}: a key may appear only once in a map`,
      hint: 'keep one of them (YAML tools disagree on which one wins)',
      origin,
      range: key?.range ?? range,
    };
  }
  const warning = error.name === 'YAMLWarning';
  const hint = YAML_HINTS[error.code];
  return {
    code: warning ? MAPPING_CODES.yamlWarning : MAPPING_CODES.yamlSyntax,
    severity: warning ? 'warning' : 'error',
    message: `YAML ${warning ? 'warning' : 'syntax error'}: ${error.message}`,
    ...(hint ? { hint } : {}),
    origin,
    range,
  };
}

const relativeTo = (fileName: string, path: string) => (isAbsolute(path) ? path : join(dirname(fileName), path));

/** Conda environment files are named relative to the mapping file. */
function resolveModulePaths(modules: Record<string, ModuleSetup>, fileName: string): Record<string, ModuleSetup> {
  return Object.fromEntries(
    Object.entries(modules).map(([name, setup]) => {
      const conda = setup.conda;
      if (conda?.kind !== 'file') return [name, setup];
      return [name, { ...setup, conda: { kind: 'file', path: relativeTo(fileName, conda.path) } }];
    }),
  );
}

/** So are the scripts rules submit. */
function resolveRuleScripts(rules: EventRule[], fileName: string): EventRule[] {
  return rules.map((rule) => ({ ...rule, actions: rule.actions.map((action) => ('submit' in action ? { ...action, submit: relativeTo(fileName, action.submit) } : action)) }));
}

/** And so is the directory a command sink runs in. */
function resolveSinkDirectories(sinks: SinkSettings[], fileName: string): SinkSettings[] {
  return sinks.map((sink) => (sink.type === 'command' ? { ...sink, cwd: dirname(fileName) } : sink));
}

function byPosition(a: Diagnostic, b: Diagnostic): number {
  return (a.range?.start ?? 0) - (b.range?.start ?? 0);
}

export function parseMappingText(text: string, fileName: string): MappingLoadResult {
  const origin: Origin = { kind: 'file', file: fileName };
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  const diagnostics = [...doc.errors, ...doc.warnings].map((e) => yamlDiagnostic(e, doc, origin, text.length));
  // Past a syntax error the structure is guesswork; a duplicate key leaves it intact.
  if (doc.errors.some((e) => e.code !== 'DUPLICATE_KEY')) return { config: undefined, diagnostics: diagnostics.sort(byPosition) };

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    diagnostics.push({
      code: MAPPING_CODES.yamlAliasLimit,
      severity: 'error',
      message: `YAML aliases expand too far: ${error instanceof Error ? error.message : String(error)}`,
      hint: 'use fewer aliases (*name) that refer to other aliases',
      origin,
      range: { start: 0, end: 0 },
    });
    return { config: undefined, diagnostics };
  }

  // An empty file (or one with only comments) is an empty mapping.
  const parsed = mappingFileSchema.safeParse(data ?? {}, { reportInput: true });
  let config: MappingConfig | undefined;
  if (parsed.success) {
    config = {
      ...parsed.data,
      modules: resolveModulePaths(parsed.data.modules, fileName),
      rules: resolveRuleScripts(parsed.data.rules, fileName),
      sinks: resolveSinkDirectories(parsed.data.sinks, fileName),
    };
    for (const finding of checkMappingConfig(config)) {
      diagnostics.push({
        code: finding.code,
        severity: finding.severity,
        message: `${fieldPath(finding.path)}: ${finding.message}`,
        ...(finding.hint ? { hint: finding.hint } : {}),
        origin,
        range: locate(doc, finding.path, finding.target),
      });
    }
  } else {
    const source = { doc, origin, schema: mappingFileSchema };
    diagnostics.push(...parsed.error.issues.flatMap((issue) => issueDiagnostics(issue, source)));
  }
  diagnostics.sort(byPosition);
  return { config: diagnostics.some((d) => d.severity === 'error') ? undefined : config, diagnostics };
}

export async function loadMappingFile(path: string): Promise<MappingLoadResult> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    return {
      config: undefined,
      diagnostics: [
        {
          code: MAPPING_CODES.fileUnreadable,
          severity: 'error',
          message: `cannot read the mapping file ${path}: ${reason}`,
          origin: { kind: 'file', file: path },
        },
      ],
    };
  }
  return parseMappingText(text, path);
}
