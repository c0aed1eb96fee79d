// Unit tests for src/server.ts: the server command, its lookup, the settings payload.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';

import {
  DEFAULT_SERVER,
  launchFor,
  resolveCommand,
  serverSettings,
  startFailureMessage,
} from '../src/server';

test('an unset or blank setting starts tactful-lsp with no arguments', () => {
  for (const value of [undefined, '', '   ']) {
    assert.deepEqual(launchFor(value, '/home/u', 'linux'), {
      configured: '',
      command: DEFAULT_SERVER,
      args: [],
    });
  }
});

test('the tactful CLI gets the lsp argument, tactful-lsp does not', () => {
  assert.deepEqual(launchFor('tactful', '/h', 'linux').args, ['lsp']);
  assert.deepEqual(launchFor('/opt/tactful/bin/tactful', '/h', 'linux').args, ['lsp']);
  assert.deepEqual(launchFor('C:\\tools\\tactful.exe', 'C:\\h', 'win32').args, ['lsp']);
  assert.deepEqual(launchFor('C:\\tools\\TACTFUL.EXE', 'C:\\h', 'win32').args, ['lsp']);
  assert.deepEqual(launchFor('/usr/local/bin/tactful-lsp', '/h', 'linux').args, []);
  assert.deepEqual(launchFor('tactful-lsp.exe', 'C:\\h', 'win32').args, []);
  // Only the file name counts, not a directory called tactful.
  assert.deepEqual(launchFor('/opt/tactful/tactful-lsp', '/h', 'linux').args, []);
});

test('a leading ~ is the home directory', () => {
  assert.equal(launchFor('~/.cargo/bin/tactful-lsp', '/home/u', 'linux').command, '/home/u/.cargo/bin/tactful-lsp');
  assert.equal(launchFor('~user/x', '/home/u', 'linux').command, '~user/x');
});

function scratch(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'tactful-vscode-'));
}

function program(dir: string, name: string, mode: number): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, '#!/bin/sh\n');
  fs.chmodSync(file, mode);
  return file;
}

test('a bare name is looked up on PATH, skipping files that are not executable', { skip: process.platform === 'win32' }, () => {
  const first = scratch();
  const second = scratch();
  program(first, 'tactful-lsp', 0o644);
  const wanted = program(second, 'tactful-lsp', 0o755);
  const env = { PATH: [first, '', second].join(path.delimiter) };
  assert.deepEqual(resolveCommand('tactful-lsp', env, 'linux'), { ok: true, path: wanted });
  const missing = resolveCommand('tactful-lsp', { PATH: first }, 'linux');
  assert.deepEqual(missing, { ok: false, reason: '"tactful-lsp" was not found on PATH' });
});

test('an absolute path must be an executable file', { skip: process.platform === 'win32' }, () => {
  const dir = scratch();
  const good = program(dir, 'tactful-lsp', 0o755);
  const plain = program(dir, 'notes', 0o644);
  assert.deepEqual(resolveCommand(good, {}, 'linux'), { ok: true, path: good });
  assert.deepEqual(resolveCommand(plain, {}, 'linux'), { ok: false, reason: `${plain} is not an executable file` });
  assert.deepEqual(resolveCommand(dir, {}, 'linux'), { ok: false, reason: `${dir} is not an executable file` });
  const gone = path.join(dir, 'gone');
  assert.deepEqual(resolveCommand(gone, {}, 'linux'), { ok: false, reason: `there is no file at ${gone}` });
});

test('a relative path with a directory in it is refused with the reason', () => {
  const r = resolveCommand('target/release/tactful-lsp', { PATH: '/usr/bin' }, 'linux');
  assert.equal(r.ok, false);
  assert.match(!r.ok ? r.reason : '', /relative path/);
});

test('the start error names the path tried and the setting to change', () => {
  const launch = launchFor('/opt/bin/tactful-lsp', '/h', 'linux');
  const message = startFailureMessage(launch, 'there is no file at /opt/bin/tactful-lsp');
  assert.match(message, /there is no file at \/opt\/bin\/tactful-lsp/);
  assert.match(message, /tactful\.server\.path is "\/opt\/bin\/tactful-lsp"/);
  assert.match(message, /set tactful\.server\.path to the absolute path/);
  const unset = startFailureMessage(launchFor('', '/h', 'linux'), '"tactful-lsp" was not found on PATH');
  assert.match(unset, /the default "tactful-lsp" was tried/);
});

test('settings left to tactful.toml are not sent; the rest go under "tactful"', () => {
  const values: Record<string, unknown> = {
    audience: null,
    mode: 'template',
    rules: { 'lecture-length': 'off', jargon: 'info', bogus: 3 },
  };
  assert.deepEqual(serverSettings((k) => values[k]), {
    tactful: { mode: 'template', rules: { 'lecture-length': 'off', jargon: 'info' } },
  });
  assert.deepEqual(serverSettings(() => undefined), { tactful: {} });
});
