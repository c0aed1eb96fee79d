// Loads the bundled out/extension.js (what the .vsix ships) with a minimal stand-in for the
// `vscode` module, and checks what a user sees when the server binary cannot be found: one
// error naming the path tried and the setting to change, and no language client started.

import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';

const Module = require('node:module') as {
  _load: (request: string, parent: unknown, isMain: boolean) => unknown;
};

interface Recorded {
  errors: string[];
  commands: string[];
  output: string[];
}

// Stands in for every part of the API this test does not look at (the language client's
// classes extend some of them when the bundle loads): constructible, callable, and every
// property of it is another such stand-in.
const anything: unknown = new Proxy(function () {}, {
  get: (_target, key) => (key === 'prototype' ? {} : anything),
  apply: () => anything,
  construct: () => ({}),
});

function fakeVscode(settings: Record<string, unknown>, recorded: Recorded): unknown {
  const disposable = { dispose: () => undefined };
  const api: Record<string, unknown> = {
    window: {
      createOutputChannel: () => ({
        appendLine: (line: string) => recorded.output.push(line),
        append: (text: string) => recorded.output.push(text),
        show: () => undefined,
        dispose: () => undefined,
      }),
      showErrorMessage: (message: string) => {
        recorded.errors.push(message);
        return Promise.resolve(undefined);
      },
    },
    commands: {
      registerCommand: (id: string) => {
        recorded.commands.push(id);
        return disposable;
      },
      executeCommand: () => Promise.resolve(undefined),
    },
    workspace: {
      getConfiguration: (section: string) => {
        assert.equal(section, 'tactful');
        return { get: (key: string) => settings[key] };
      },
      onDidChangeConfiguration: () => disposable,
      onDidGrantWorkspaceTrust: () => disposable,
    },
  };
  return new Proxy(api, { get: (target, key: string) => (key in target ? target[key] : anything) });
}

async function activateWith(settings: Record<string, unknown>): Promise<Recorded> {
  const recorded: Recorded = { errors: [], commands: [], output: [] };
  const stub = fakeVscode(settings, recorded);
  const bundle = path.resolve(__dirname, '../extension.js');
  const load = Module._load;
  Module._load = function (request, parent, isMain) {
    return request === 'vscode' ? stub : load.call(this, request, parent, isMain);
  };
  try {
    delete require.cache[bundle];
    const extension = require(bundle) as {
      activate: (context: { subscriptions: unknown[] }) => Promise<void>;
      deactivate: () => Promise<void>;
    };
    await extension.activate({ subscriptions: [] });
    await extension.deactivate();
  } finally {
    Module._load = load;
  }
  return recorded;
}

test('a server path that does not exist gives one error that says what to do', async () => {
  const recorded = await activateWith({ 'server.path': '/nowhere/tactful-lsp' });
  assert.deepEqual(recorded.commands, ['tactful.restartServer', 'tactful.showOutput']);
  assert.equal(recorded.errors.length, 1);
  const [message] = recorded.errors;
  assert.match(message, /there is no file at \/nowhere\/tactful-lsp/);
  assert.match(message, /tactful\.server\.path is "\/nowhere\/tactful-lsp"/);
  assert.match(message, /set tactful\.server\.path to the absolute path/);
  assert.ok(!recorded.output.some((l) => l.startsWith('starting ')), 'a server was started');
});

test('a default that is not on PATH says so', async () => {
  const saved = process.env.PATH;
  process.env.PATH = path.join(__dirname, 'no-such-dir');
  try {
    const recorded = await activateWith({});
    assert.equal(recorded.errors.length, 1);
    assert.match(recorded.errors[0], /"tactful-lsp" was not found on PATH/);
    assert.match(recorded.errors[0], /the default "tactful-lsp" was tried/);
  } finally {
    process.env.PATH = saved;
  }
});
