import type { OptionSetting, OptionSettings } from '../parser/option-state.js';

/** Typed reads of the parser's option settings, tolerant of options that were not given. */
export class SettingsReader {
  constructor(private readonly settings: OptionSettings) {}

  has(id: string): boolean {
    return this.settings.has(id);
  }

  setting(id: string): OptionSetting | undefined {
    return this.settings.get(id);
  }

  /** The argument as written, or null. */
  raw(id: string): string | null {
    return this.settings.get(id)?.raw ?? null;
  }

  /** The validator's typed value, or undefined when the option is absent. */
  value<T>(id: string): T | undefined {
    return this.settings.get(id)?.value as T | undefined;
  }

  int(id: string): number | null {
    const value = this.settings.get(id)?.value;
    if (typeof value === 'number' && Number.isInteger(value)) return value;
    const raw = this.raw(id);
    if (raw === null) return null;
    const parsed = Number.parseInt(raw.trim(), 10);
    return Number.isFinite(parsed) ? parsed : null;
  }

  flag(id: string): boolean {
    return this.settings.has(id);
  }

  all(): OptionSetting[] {
    return [...this.settings.values()];
  }
}
