// Runs the extension's client (extension.js) with stand-ins for `vscode`
// and `vscode-languageclient/node`, which exist only inside VS Code and
// after `npm install`: it must start `charter lsp` from the configured path
// for Charter documents, and, given an executable that is not there, say so
// naming the setting and start nothing.
//
//   node editors/vscode/test/extension.test.js /path/to/charter
//
// Exits 0 when every expectation holds, 1 otherwise (each failure printed).
'use strict';

const Module = require('module');
const path = require('path');

const charter = process.argv[2];
const settings = { 'server.path': charter };
const seen = { clients: [], errors: [], watchers: [], onConfiguration: null };

const vscode = {
  workspace: {
    getConfiguration: (section) => ({ get: (key) => (section === 'charter' ? settings[key] : undefined) }),
    createFileSystemWatcher: (glob) => { seen.watchers.push(glob); return { dispose() {} }; },
    onDidChangeConfiguration: (listener) => { seen.onConfiguration = listener; return { dispose() {} }; },
  },
  window: { showErrorMessage: (message) => { seen.errors.push(message); return Promise.resolve(undefined); } },
  commands: { executeCommand: () => Promise.resolve() },
};

const State = { Stopped: 1, Starting: 3, Running: 2 };
class LanguageClient {
  constructor(id, name, server, options) {
    Object.assign(this, { id, name, server, options, state: State.Starting, started: false });
    seen.clients.push(this);
  }
  start() { this.started = true; this.state = State.Running; return Promise.resolve(); }
  stop() { this.state = State.Stopped; return Promise.resolve(); }
}

const load = Module._load;
Module._load = function (request, ...rest) {
  if (request === 'vscode') return vscode;
  if (request === 'vscode-languageclient/node') return { LanguageClient, State };
  return load.call(this, request, ...rest);
};

const failures = [];
function expect(condition, what) { if (!condition) failures.push(what); }

(async () => {
  const extension = require(path.join(__dirname, '..', 'extension.js'));
  const context = { subscriptions: [] };
  await extension.activate(context);
  expect(seen.clients.length === 1, `one client started, not ${seen.clients.length}`);
  const client = seen.clients[0] || {};
  expect(client.started, 'the client is started');
  expect(client.server && client.server.command === charter, 'the server is the configured executable');
  expect(client.server && JSON.stringify(client.server.args) === '["lsp"]', 'the server is started with `lsp`');
  const selector = (client.options && client.options.documentSelector) || [];
  expect(selector.some((filter) => filter.language === 'charter' && filter.scheme === 'file'), 'Charter files are served');
  expect(seen.watchers.includes('**/charter.toml') && seen.watchers.includes('**/*.charter'), 'charter.toml and Charter files are watched');
  expect(seen.errors.length === 0, `no error at start: ${seen.errors}`);

  // The setting changes to an executable that is not there: the old server stops, nothing new starts, and the error names the setting.
  settings['server.path'] = path.join(__dirname, 'no-such-charter');
  await seen.onConfiguration({ affectsConfiguration: (key) => key === 'charter.server.path' });
  expect(client.state === State.Stopped, 'the old client is stopped');
  expect(seen.clients.length === 1, 'no client starts for a missing executable');
  expect(seen.errors.length === 1 && seen.errors[0].includes('charter.server.path'), `the error names the setting: ${seen.errors}`);

  await extension.deactivate();
  for (const failure of failures) console.log(`not ok: ${failure}`);
  console.log(failures.length === 0 ? 'ok: the extension starts `charter lsp` as configured' : `${failures.length} failed`);
  process.exit(failures.length === 0 ? 0 : 1);
})().catch((error) => { console.log(`error: ${error.stack || error}`); process.exit(1); });
