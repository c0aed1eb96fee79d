// The tactful extension: starts the tactful language server for Markdown and plain-text
// documents, hands it the `tactful.*` settings, and restarts it when the server path changes.

import * as os from 'node:os';
import * as vscode from 'vscode';
import {
  DocumentSelector,
  Executable,
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
} from 'vscode-languageclient/node';

import { launchFor, resolveCommand, serverSettings, startFailureMessage } from './server';

const SECTION = 'tactful';
const OPEN_SETTINGS = 'Open Settings';
const SHOW_OUTPUT = 'Show Output';

// Files on disk and unsaved buffers; not the Output panel or other virtual documents.
const DOCUMENTS: DocumentSelector = [
  { scheme: 'file', language: 'markdown' },
  { scheme: 'file', language: 'plaintext' },
  { scheme: 'untitled', language: 'markdown' },
  { scheme: 'untitled', language: 'plaintext' },
];

let client: LanguageClient | undefined;
let output: vscode.OutputChannel;
// Serialises start/stop so that quick successive restarts cannot leave two servers running.
let pending: Promise<void> = Promise.resolve();

export function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel('tactful');
  context.subscriptions.push(
    output,
    vscode.commands.registerCommand('tactful.restartServer', () => restart()),
    vscode.commands.registerCommand('tactful.showOutput', () => output.show()),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration(`${SECTION}.server.path`)) {
        void restart();
      }
    }),
    // A workspace's own tactful.server.path counts only once the workspace is trusted.
    vscode.workspace.onDidGrantWorkspaceTrust(() => restart()),
  );
  return restart();
}

export function deactivate(): Promise<void> {
  pending = pending.then(stop);
  return pending;
}

function restart(): Promise<void> {
  pending = pending.then(stop).then(start);
  return pending;
}

async function stop(): Promise<void> {
  const running = client;
  client = undefined;
  if (running) {
    try {
      await running.stop();
    } catch (error) {
      output.appendLine(`stopping the tactful language server failed: ${describe(error)}`);
    }
  }
}

async function start(): Promise<void> {
  const config = vscode.workspace.getConfiguration(SECTION);
  const launch = launchFor(config.get<string>('server.path'), os.homedir());
  const found = resolveCommand(launch.command, process.env);
  if (!found.ok) {
    failed(startFailureMessage(launch, found.reason));
    return;
  }
  output.appendLine(`starting ${[found.path, ...launch.args].join(' ')}`);

  // No `transport`: with TransportKind.stdio the client would append `--stdio` to the arguments.
  const executable: Executable = { command: found.path, args: launch.args };
  const serverOptions: ServerOptions = { run: executable, debug: executable };
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENTS,
    // Sends workspace/didChangeConfiguration with `{ "tactful": { ... } }` whenever a
    // tactful.* setting changes.
    synchronize: { configurationSection: SECTION },
    initializationOptions: () =>
      serverSettings((key) => vscode.workspace.getConfiguration(SECTION).get(key)),
    outputChannel: output,
    initializationFailedHandler: (error) => {
      failed(`the tactful language server failed to initialize: ${describe(error)}`);
      return false;
    },
  };

  const next = new LanguageClient(SECTION, 'tactful', serverOptions, clientOptions);
  try {
    await next.start();
    client = next;
  } catch (error) {
    failed(startFailureMessage(launch, `${found.path} could not be run (${describe(error)})`));
    try {
      await next.dispose();
    } catch {
      // Nothing was started, so nothing is left to clean up.
    }
  }
}

function failed(message: string): void {
  output.appendLine(message);
  void vscode.window.showErrorMessage(message, OPEN_SETTINGS, SHOW_OUTPUT).then((choice) => {
    if (choice === OPEN_SETTINGS) {
      void vscode.commands.executeCommand('workbench.action.openSettings', `${SECTION}.server.path`);
    } else if (choice === SHOW_OUTPUT) {
      output.show();
    }
  });
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
