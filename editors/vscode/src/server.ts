// How the extension finds and launches the tactful language server, and which settings it
// sends to it. Nothing here imports `vscode`, so test/server.test.ts runs it under plain Node.

import * as fs from 'node:fs';
import * as path from 'node:path';

/** The program started when `tactful.server.path` is unset or empty. */
export const DEFAULT_SERVER = 'tactful-lsp';

/** What to start, as decided from the `tactful.server.path` setting. */
export interface Launch {
  /** The setting's value as the user wrote it (shown in messages). */
  configured: string;
  /** A program name to look up on PATH, or an absolute path. */
  command: string;
  /** `["lsp"]` for the `tactful` CLI, nothing for `tactful-lsp`. */
  args: string[];
}

/** Where a command was found, or why it could not be. */
export type Resolution = { ok: true; path: string } | { ok: false; reason: string };

/** The settings the server reads, under the key it expects. */
export interface ServerSettings {
  tactful: {
    audience?: string;
    mode?: string;
    rules?: Record<string, string>;
  };
}

function pathApi(platform: NodeJS.Platform): typeof path.posix {
  return platform === 'win32' ? path.win32 : path.posix;
}

/**
 * Turns the `tactful.server.path` setting into a command and its arguments. A leading `~` is
 * the home directory. When the program's file name is `tactful` (the CLI, which runs the same
 * server as `tactful lsp`), the `lsp` argument is added.
 */
export function launchFor(
  configured: string | undefined,
  home: string,
  platform: NodeJS.Platform = process.platform,
): Launch {
  const written = (configured ?? '').trim();
  let command = written === '' ? DEFAULT_SERVER : written;
  if (command === '~' || command.startsWith('~/') || (platform === 'win32' && command.startsWith('~\\'))) {
    command = pathApi(platform).join(home, command.slice(1));
  }
  const base = pathApi(platform).basename(command).toLowerCase().replace(/\.exe$/, '');
  return { configured: written, command, args: base === 'tactful' ? ['lsp'] : [] };
}

function executableFile(file: string, platform: NodeJS.Platform): boolean {
  try {
    if (!fs.statSync(file).isFile()) {
      return false;
    }
    if (platform !== 'win32') {
      fs.accessSync(file, fs.constants.X_OK);
    }
    return true;
  } catch {
    return false;
  }
}

function envValue(env: NodeJS.ProcessEnv, name: string, platform: NodeJS.Platform): string {
  if (platform !== 'win32') {
    return env[name] ?? '';
  }
  // Windows environment names are case-insensitive (`Path`, `PATH`).
  const key = Object.keys(env).find((k) => k.toUpperCase() === name);
  return (key && env[key]) || '';
}

/**
 * Finds the program to start: an absolute path must be an executable file; a bare name is
 * looked up in PATH (with PATHEXT on Windows), as the shell would.
 */
export function resolveCommand(
  command: string,
  env: NodeJS.ProcessEnv,
  platform: NodeJS.Platform = process.platform,
): Resolution {
  const p = pathApi(platform);
  const hasSeparator = command.includes('/') || (platform === 'win32' && command.includes('\\'));
  if (hasSeparator) {
    if (!p.isAbsolute(command)) {
      return {
        ok: false,
        reason: `"${command}" is a relative path, and tactful.server.path needs a program name on PATH or an absolute path`,
      };
    }
    if (!fs.existsSync(command)) {
      return { ok: false, reason: `there is no file at ${command}` };
    }
    if (!executableFile(command, platform)) {
      return { ok: false, reason: `${command} is not an executable file` };
    }
    return { ok: true, path: command };
  }
  const dirs = envValue(env, 'PATH', platform)
    .split(p.delimiter)
    .filter((d) => d !== '');
  const extensions =
    platform === 'win32'
      ? ['', ...envValue(env, 'PATHEXT', platform).split(';').filter((e) => e !== '')]
      : [''];
  for (const dir of dirs) {
    for (const ext of extensions) {
      const candidate = p.join(dir, command + ext);
      if (executableFile(candidate, platform)) {
        return { ok: true, path: candidate };
      }
    }
  }
  return { ok: false, reason: `"${command}" was not found on PATH` };
}

/** The error shown when the server cannot be started. */
export function startFailureMessage(launch: Launch, reason: string): string {
  const setting =
    launch.configured === ''
      ? 'tactful.server.path is not set, so the default "tactful-lsp" was tried'
      : `tactful.server.path is "${launch.configured}"`;
  return (
    `tactful could not start its language server: ${reason} (${setting}). ` +
    'Put tactful-lsp on PATH, or set tactful.server.path to the absolute path of tactful-lsp ' +
    '(or of the tactful CLI), then run "tactful: Restart Language Server".'
  );
}

/**
 * The `tactful` settings to send as initialization options and in
 * `workspace/didChangeConfiguration`. A setting left at "From tactful.toml" (null) is left out,
 * so the workspace's tactful.toml decides it.
 */
export function serverSettings(read: (key: string) => unknown): ServerSettings {
  const out: ServerSettings = { tactful: {} };
  const audience = read('audience');
  if (typeof audience === 'string' && audience !== '') {
    out.tactful.audience = audience;
  }
  const mode = read('mode');
  if (typeof mode === 'string' && mode !== '') {
    out.tactful.mode = mode;
  }
  const rules = read('rules');
  if (rules !== null && typeof rules === 'object' && !Array.isArray(rules)) {
    const levels: Record<string, string> = {};
    for (const [id, level] of Object.entries(rules)) {
      if (typeof level === 'string') {
        levels[id] = level;
      }
    }
    out.tactful.rules = levels;
  }
  return out;
}
