// The architecture, enforced: which folder may import which (ARCHITECTURE.md says why).
// Each entry lists what a folder of src/ may import besides itself; anything else is a
// lint error naming the rule. Imports flow one way: cli -> app -> api/pipeline ->
// kafka/window/status/config -> contract. sinks/ and notifiers/ see only src/contract/, and
// src/ sees only sinks/index.ts and notifiers/index.ts; web/ (the status page) sees only
// src/contract/. Folders of src/ are flat: a subfolder needs its own entry here.

// The composition root sees every layer below the CLI.
const appLayer = [
  'contract',
  'config',
  'kafka',
  'window',
  'status',
  'state',
  'pipeline',
  'api',
  'alerts',
  'util',
  'log.js',
  'sinks',
  'notifiers',
];

/**
 * src/<folder> -> what it may import: other folders of src/, root files (log.js), 'sinks',
 * 'notifiers' (each through its index.ts).
 */
export const layers = {
  contract: [],
  util: ['contract'],
  status: ['contract'],
  alerts: ['contract'],
  window: ['contract'],
  config: ['contract', 'sinks', 'notifiers'],
  kafka: ['contract', 'config', 'util'],
  state: ['contract', 'config', 'window', 'util'],
  pipeline: ['contract', 'config', 'kafka', 'window', 'status', 'util'],
  api: ['contract', 'config', 'pipeline', 'status', 'window', 'version.js'],
  demo: ['contract', 'config', 'kafka', 'status', 'util'],
  app: appLayer,
  cli: [...appLayer, 'app', 'demo', 'version.js'],
};

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A pattern that matches an import leaving `src/<folder>/` for anything not allowed. */
function leavingFolder(folder, allowed) {
  const targets = allowed
    .filter((a) => a !== 'sinks' && a !== 'notifiers')
    .map((a) => (a.endsWith('.js') ? `${escape(a)}$` : `${escape(a)}/`));
  if (allowed.includes('sinks')) targets.push('\\.\\./sinks/index\\.js$');
  if (allowed.includes('notifiers')) targets.push('\\.\\./notifiers/index\\.js$');
  const except = targets.length === 0 ? '' : `(?!${targets.join('|')})`;
  return {
    regex: `^\\.\\./${except}`,
    message:
      allowed.length === 0
        ? `src/${folder}/ is the contract: it imports nothing of lagwatch.`
        : `src/${folder}/ may import only: ${allowed.join(', ')} (see ARCHITECTURE.md).`,
  };
}

const sinksDoor = {
  regex: '(^|/)sinks/(?!index\\.js$)',
  message: 'src/ reaches sinks/ only through sinks/index.ts.',
};
const notifiersDoor = {
  regex: '(^|/)notifiers/(?!index\\.js$)',
  message: 'src/ reaches notifiers/ only through notifiers/index.ts.',
};
const notifiersSeeOnlyContract = {
  regex: '(^|/)(src/(?!contract/)|sinks/)',
  message: 'notifiers/ may import only src/contract/ of src/ (and nothing of sinks/).',
};
const noNotifierImportsAnother = {
  regex: '^\\.\\./(?!delivery/|\\.\\./src/contract/)[^/]+/',
  message:
    'a notifier imports no other notifier (notifiers/delivery/ and the notifiers/ root files are shared).',
};
const sinksSeeNoNotifiers = {
  regex: '(^|/)notifiers/',
  message: 'sinks/ may import only src/contract/ of src/ (and nothing of notifiers/).',
};
const sinksSeeOnlyContract = {
  regex: '(^|/)src/(?!contract/)',
  message: 'sinks/ may import only src/contract/ of src/.',
};
const noSinkImportsAnother = {
  regex: '^\\.\\./(?!delivery/|\\.\\./src/contract/)[^/]+/',
  message: 'a sink imports no other sink (sinks/delivery/ and the sinks/ root files are shared).',
};

// web/ is the status page's browser code: it shares only the contract's types with the
// server (the JSON it reads), never server code, and nothing of Node.
const webSeesOnlyContract = {
  regex: '(^|/)(src/(?!contract/)|sinks/)|^node:',
  message: 'web/ (browser code) may import only src/contract/ of the server, and no node: module.',
};

const restrict = (patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });

export const boundaries = [
  ...Object.entries(layers).map(([folder, allowed]) => ({
    files: [`src/${folder}/*.ts`],
    rules: restrict([leavingFolder(folder, allowed), sinksDoor, notifiersDoor]),
  })),
  { files: ['sinks/*.ts'], rules: restrict([sinksSeeOnlyContract, sinksSeeNoNotifiers]) },
  {
    files: ['sinks/*/**/*.ts'],
    rules: restrict([sinksSeeOnlyContract, sinksSeeNoNotifiers, noSinkImportsAnother]),
  },
  { files: ['notifiers/*.ts'], rules: restrict([notifiersSeeOnlyContract]) },
  {
    files: ['notifiers/*/**/*.ts'],
    rules: restrict([notifiersSeeOnlyContract, noNotifierImportsAnother]),
  },
  { files: ['web/**/*.ts'], rules: restrict([webSeesOnlyContract]) },
];
