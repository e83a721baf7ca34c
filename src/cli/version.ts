declare const __VERSION__: string | undefined;

/** Set by the bundler from package.json; tests running the sources see a development version. */
export const VERSION = typeof __VERSION__ === 'string' ? __VERSION__ : '0.0.0-dev';
