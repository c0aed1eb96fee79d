// The payloads this extension sends, checked against a real tactful language server: the
// initialization options from serverSettings(), and the didChangeConfiguration body that
// vscode-languageclient builds for `synchronize.configurationSection = "tactful"` (the whole
// section, with `server`, `trace` and nulls in it).
//
// The server comes from TACTFUL_LSP (a path) or PATH; without one these tests are skipped.
// The tactful CLI (`tactful lsp`) is tried too, from TACTFUL_CLI or PATH.

import * as assert from 'node:assert/strict';
import * as cp from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import {
  createProtocolConnection,
  Diagnostic,
  ProtocolConnection,
  PublishDiagnosticsParams,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver-protocol/node';

import { launchFor, resolveCommand, serverSettings } from '../src/server';

const EXAMPLE = path.resolve(__dirname, '../../../../examples/broke-my-website');
const WAIT_MS = 20000;

function locate(variable: string, name: string): { path: string; args: string[] } | undefined {
  const launch = launchFor(process.env[variable] || name, os.homedir());
  const found = resolveCommand(launch.command, process.env);
  return found.ok ? { path: found.path, args: launch.args } : undefined;
}

interface Session {
  connection: ProtocolConnection;
  child: cp.ChildProcess;
  shown: string[];
  next(uri: string): Promise<Diagnostic[]>;
  close(): Promise<number | null>;
}

function launch(server: { path: string; args: string[] }): Session {
  const child = cp.spawn(server.path, server.args, { stdio: ['pipe', 'pipe', 'inherit'] });
  const connection = createProtocolConnection(
    new StreamMessageReader(child.stdout!),
    new StreamMessageWriter(child.stdin!),
  );
  const shown: string[] = [];
  const waiting = new Map<string, (d: Diagnostic[]) => void>();
  connection.onNotification('window/showMessage', (p: { message: string }) => shown.push(p.message));
  connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
    const resolve = waiting.get(p.uri);
    if (resolve) {
      waiting.delete(p.uri);
      resolve(p.diagnostics);
    }
  });
  connection.listen();
  return {
    connection,
    child,
    shown,
    next: (uri) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no diagnostics for ${uri} in ${WAIT_MS} ms`)), WAIT_MS);
        waiting.set(uri, (d) => {
          clearTimeout(timer);
          resolve(d);
        });
      }),
    close: async () => {
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      await connection.sendRequest('shutdown');
      await connection.sendNotification('exit');
      const code = await exited;
      connection.dispose();
      return code;
    },
  };
}

function rules(diagnostics: Diagnostic[]): Set<string> {
  return new Set(diagnostics.map((d) => String(d.code)));
}

async function initialize(session: Session, root: string, options: unknown): Promise<{ name?: string }> {
  const result = await session.connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(root).href,
    workspaceFolders: [{ uri: pathToFileURL(root).href, name: 'drafts' }],
    capabilities: {
      general: { positionEncodings: ['utf-16'] },
      textDocument: { publishDiagnostics: { relatedInformation: true } },
      workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } },
    },
    initializationOptions: options,
  });
  await session.connection.sendNotification('initialized', {});
  return (result as { serverInfo?: { name?: string } }).serverInfo ?? {};
}

const server = locate('TACTFUL_LSP', 'tactful-lsp');

test('initialization options and configuration changes reach the server', { skip: server ? false : 'tactful-lsp is not on PATH and TACTFUL_LSP is not set' }, async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tactful-vscode-'));
  const reply = path.join(root, 'reply.md');
  fs.copyFileSync(path.join(EXAMPLE, 'reply.md'), reply);
  fs.copyFileSync(path.join(EXAMPLE, 'ticket.md'), path.join(root, 'reply.ticket.md'));
  const uri = pathToFileURL(reply).href;

  const session = launch(server!);
  try {
    const settings: Record<string, unknown> = { audience: null, mode: null, rules: { 'lecture-length': 'off' } };
    const info = await initialize(session, root, serverSettings((k) => settings[k]));
    assert.equal(info.name, 'tactful');

    const opened = session.next(uri);
    await session.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'markdown', version: 1, text: fs.readFileSync(reply, 'utf8') },
    });
    const first = rules(await opened);
    assert.ok(first.has('missing-acknowledgement'), `got ${[...first]}`);
    assert.ok(first.has('jargon'), `got ${[...first]}`);
    assert.ok(!first.has('lecture-length'), 'lecture-length was turned off in the initialization options');

    // What vscode-languageclient sends when a tactful.* setting changes.
    const changed = session.next(uri);
    await session.connection.sendNotification('workspace/didChangeConfiguration', {
      settings: {
        tactful: {
          server: { path: 'tactful-lsp' },
          audience: null,
          mode: null,
          rules: { jargon: 'off' },
          trace: { server: 'off' },
        },
      },
    });
    const second = rules(await changed);
    assert.ok(!second.has('jargon'), 'jargon was turned off in the changed settings');
    assert.ok(second.has('lecture-length'), 'lecture-length is back once the new settings no longer turn it off');
    assert.deepEqual(session.shown, [], 'the server complained about the settings');
  } finally {
    assert.equal(await session.close(), 0);
  }
});

// vscode-languageclient 9 pulls diagnostics (textDocument/diagnostic) and re-pulls only when a
// document changes or when the server sends workspace/diagnostic/refresh. So after a settings
// change the server has to send that refresh, or VS Code keeps the old findings until the next
// edit.
test(
  'after a settings change, a pulling client is asked to pull again',
  {
    skip: server ? false : 'tactful-lsp is not on PATH and TACTFUL_LSP is not set',
    todo: 'the server does not send workspace/diagnostic/refresh yet',
  },
  async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tactful-vscode-'));
    const reply = path.join(root, 'reply.md');
    fs.copyFileSync(path.join(EXAMPLE, 'reply.md'), reply);
    const uri = pathToFileURL(reply).href;
    const child = cp.spawn(server!.path, server!.args, { stdio: ['pipe', 'pipe', 'inherit'] });
    const connection = createProtocolConnection(
      new StreamMessageReader(child.stdout!),
      new StreamMessageWriter(child.stdin!),
    );
    let refreshed: () => void = () => undefined;
    const refresh = new Promise<void>((resolve) => (refreshed = resolve));
    connection.onRequest('workspace/diagnostic/refresh', () => {
      refreshed();
      return null;
    });
    connection.listen();
    const exited = new Promise((resolve) => child.once('exit', resolve));
    try {
      await connection.sendRequest('initialize', {
        processId: process.pid,
        rootUri: pathToFileURL(root).href,
        capabilities: {
          textDocument: { diagnostic: { dynamicRegistration: true, relatedDocumentSupport: false } },
          workspace: { diagnostics: { refreshSupport: true } },
        },
        initializationOptions: serverSettings(() => undefined),
      });
      await connection.sendNotification('initialized', {});
      await connection.sendNotification('textDocument/didOpen', {
        textDocument: { uri, languageId: 'markdown', version: 1, text: fs.readFileSync(reply, 'utf8') },
      });
      await connection.sendRequest('textDocument/diagnostic', { textDocument: { uri } });
      await connection.sendNotification('workspace/didChangeConfiguration', {
        settings: { tactful: { rules: { jargon: 'off' } } },
      });
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), 3000)));
      const outcome = await Promise.race([refresh.then(() => 'refreshed' as const), timeout]);
      clearTimeout(timer);
      assert.equal(outcome, 'refreshed');
    } finally {
      await connection.sendRequest('shutdown');
      await connection.sendNotification('exit');
      await exited;
      connection.dispose();
    }
  },
);

const cli = locate('TACTFUL_CLI', 'tactful');

test('the tactful CLI runs the same server with the lsp argument', { skip: cli ? false : 'tactful is not on PATH and TACTFUL_CLI is not set' }, async () => {
  assert.deepEqual(cli!.args, ['lsp']);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tactful-vscode-'));
  const session = launch(cli!);
  try {
    const info = await initialize(session, root, serverSettings(() => undefined));
    assert.equal(info.name, 'tactful');
  } finally {
    assert.equal(await session.close(), 0);
  }
});
