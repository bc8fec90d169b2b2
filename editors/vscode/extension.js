// The Charter extension's client. Highlighting comes from the grammar that
// package.json contributes; everything else (diagnostics, hover, go to
// definition, references, rename, completion, outline, formatting, quick
// fixes, inlay hints) comes from `charter lsp`, the language server inside the
// charter executable, which this file starts over stdio. Plain JavaScript, so
// there is nothing to build.
'use strict';

const { execFile } = require('child_process');
const vscode = require('vscode');
const { LanguageClient, State } = require('vscode-languageclient/node');

/** The running client, if any. */
let client;

/** The charter executable: the setting `charter.server.path`, else `charter` on the PATH. */
function serverPath() {
  const configured = vscode.workspace.getConfiguration('charter').get('server.path');
  return typeof configured === 'string' && configured.trim() !== '' ? configured.trim() : 'charter';
}

/** Says why the server is not running and offers the setting that fixes it. */
function complain(command, reason) {
  const open = 'Open Settings';
  vscode.window.showErrorMessage(
    `Charter: cannot start the language server \`${command} lsp\` (${reason}). ` +
      'Install charter, or set "charter.server.path" to the charter executable.', open)
    .then((choice) => {
      if (choice === open) vscode.commands.executeCommand('workbench.action.openSettings', 'charter.server.path');
    });
}

/** Whether the executable can be run at all: a missing one is the usual reason the server fails. */
function runnable(command) {
  return new Promise((resolve) => {
    execFile(command, ['--version'], { timeout: 10000 }, (error) =>
      resolve(!error || (error.code !== 'ENOENT' && error.code !== 'EACCES') ? null : error.message));
  });
}

async function start(watchers) {
  const command = serverPath();
  const missing = await runnable(command);
  if (missing) return complain(command, missing);
  try {
    // No `transport`: stdio is the default, and naming it would add a `--stdio` argument.
    client = new LanguageClient('charter', 'Charter', { command, args: ['lsp'] }, {
      documentSelector: [
        { scheme: 'file', language: 'charter' },
        { scheme: 'untitled', language: 'charter' },
      ],
      // Imported files and charter.toml change what the server reports, open or not.
      synchronize: { fileEvents: watchers },
    });
    await client.start();
  } catch (error) {
    client = undefined;
    complain(command, error instanceof Error ? error.message : String(error));
  }
}

async function stop() {
  const running = client;
  client = undefined;
  if (running && running.state !== State.Stopped) {
    try { await running.stop(); } catch (_) { /* it is gone already */ }
  }
}

function activate(context) {
  const watchers = ['**/charter.toml', '**/*.charter'].map((glob) => vscode.workspace.createFileSystemWatcher(glob));
  context.subscriptions.push(...watchers);
  // A new executable needs a new server; `charter.trace.server` the client reads itself.
  context.subscriptions.push(vscode.workspace.onDidChangeConfiguration(async (event) => {
    if (event.affectsConfiguration('charter.server.path')) {
      await stop();
      await start(watchers);
    }
  }));
  return start(watchers);
}

const deactivate = () => stop();

module.exports = { activate, deactivate };
