// Validates `sluice lint --format sarif` against the SARIF 2.1.0 JSON schema and checks
// what GitHub code scanning relies on beyond the schema: every rule described with its
// documentation link, ruleIndex pointing at the result's rule, 1-based regions, and
// artifact URIs relative to the directory sluice ran in.
//
// The schema is the one Microsoft publishes in @microsoft/jest-sarif (sarif-2.1.0-rtm.5,
// the schema of the SARIF 2.1.0 standard); ajv 6 validates draft-04 schemas. Both come
// from package.json through ci/setup. Usage: node sarif_schema_test.cjs SLUICE NODE_MODULES
'use strict';
const assert = require('node:assert/strict');
const { execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const sluice = path.resolve(process.argv[2]);
const nodeModules = path.resolve(process.argv[3]);
const schemaPath = path.join(nodeModules, '@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
if (!fs.existsSync(schemaPath)) {
  console.error(`SARIF schema not found at ${schemaPath}: run ci/setup (npm ci --ignore-scripts)`);
  process.exit(1);
}
const Ajv = require(path.join(nodeModules, 'ajv'));
const ajv = new Ajv({ schemaId: 'auto', allErrors: true, format: 'full' });
ajv.addMetaSchema(require(path.join(nodeModules, 'ajv/lib/refs/json-schema-draft-04.json')));
const validate = ajv.compile(JSON.parse(fs.readFileSync(schemaPath, 'utf8')));

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'sluice-sarif-'));
process.on('exit', () => fs.rmSync(work, { recursive: true, force: true }));
const dir = path.join(work, 'db migrations');
fs.mkdirSync(dir);
fs.writeFileSync(path.join(dir, '20240101000000_init.sql'), 'CREATE TABLE users (id bigint);\n');
fs.writeFileSync(
  path.join(dir, '20240102000000_changes.sql'),
  'DROP TABLE users;\nCREATE INDEX users_email_idx\n    ON accounts (email);\nSELEC 1;\n-- sluice:ignore drop-table\nCREATE TABLE ok (id bigint);\n',
);
// In a folder of its own, so that only the run over the whole tree meets it.
fs.mkdirSync(path.join(dir, 'broken'));
fs.writeFileSync(path.join(dir, 'broken', '20240103000000_binary.sql'), Buffer.from([0x53, 0x45, 0x4c, 0x00, 0x01]));

function lint(args) {
  const run = spawnSync(sluice, ['lint', ...args], { cwd: work, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return run;
}

let failures = 0;
function check(name, fn) {
  try {
    fn();
    console.log(`ok   ${name}`);
  } catch (error) {
    failures++;
    console.log(`FAIL ${name}\n${error.stack || error}`);
  }
}

const run = lint(['--format', 'sarif', 'db migrations']);
const log = JSON.parse(run.stdout);

check('exit code says an input could not be read', () => assert.equal(run.status, 2));
check('valid against the SARIF 2.1.0 schema', () => {
  const ok = validate(log);
  assert.ok(ok, JSON.stringify(validate.errors, null, 2));
});
check('a log with no findings is valid too', () => {
  const clean = JSON.parse(lint(['--format', 'sarif', 'db migrations/20240101000000_init.sql']).stdout);
  assert.ok(validate(clean), JSON.stringify(validate.errors, null, 2));
  assert.deepEqual(clean.runs[0].results, []);
});

const runObject = log.runs[0];
const rules = runObject.tool.driver.rules;
const registry = execFileSync(sluice, ['rules'], { encoding: 'utf8' })
  .split('\n')
  .slice(1)
  .filter((line) => /^[a-z]/.test(line))
  .map((line) => line.split(/\s+/)[0]);

check('the driver describes every rule', () => {
  assert.deepEqual(rules.map((rule) => rule.id), registry);
  for (const rule of rules) {
    assert.ok(rule.name && rule.shortDescription.text && rule.fullDescription.text, rule.id);
    assert.match(rule.helpUri, new RegExp(`/rules/${rule.id}\\.md$`));
  }
});
check('results name their rule by id and index', () => {
  assert.ok(runObject.results.length >= 3);
  for (const result of runObject.results) {
    assert.equal(rules[result.ruleIndex].id, result.ruleId);
    assert.ok(['error', 'warning', 'note'].includes(result.level));
  }
});
check('regions are 1-based and URIs relative and percent-encoded', () => {
  const byRule = Object.fromEntries(runObject.results.map((r) => [r.ruleId, r.locations[0].physicalLocation]));
  assert.deepEqual(byRule['drop-table'], {
    artifactLocation: { uri: 'db%20migrations/20240102000000_changes.sql', uriBaseId: '%SRCROOT%' },
    region: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 17 },
  });
  assert.deepEqual(byRule['require-concurrent-index'].region, { startLine: 2, startColumn: 1, endLine: 3, endColumn: 24 });
  assert.deepEqual(byRule['syntax-error'].region, { startLine: 4, startColumn: 1, endLine: 4, endColumn: 6 });
  assert.equal(byRule['unused-ignore'].region.startLine, 5);
});
check('an unreadable input is a tool notification, not a result', () => {
  const invocation = runObject.invocations[0];
  assert.equal(invocation.executionSuccessful, false);
  const notes = invocation.toolExecutionNotifications;
  assert.equal(notes.length, 1);
  assert.match(notes[0].message.text, /binary/);
  assert.equal(notes[0].locations[0].physicalLocation.artifactLocation.uri, 'db%20migrations/broken/20240103000000_binary.sql');
});
check('absolute paths below the working directory become relative', () => {
  const absolute = JSON.parse(lint(['--format', 'sarif', path.join(dir, '20240102000000_changes.sql')]).stdout);
  assert.equal(
    absolute.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri,
    'db%20migrations/20240102000000_changes.sql',
  );
});
check('--output writes the SARIF file and prints the text report', () => {
  const out = path.join(work, 'out.sarif');
  const written = lint(['--format', 'sarif', '--output', out, 'db migrations/20240102000000_changes.sql']);
  assert.equal(written.status, 1);
  assert.match(written.stdout, /error\[drop-table D001\]/);
  assert.match(written.stdout, /\d+ errors?, \d+ warnings? in 1 file/);
  const file = JSON.parse(fs.readFileSync(out, 'utf8'));
  assert.ok(validate(file), JSON.stringify(validate.errors, null, 2));
  assert.equal(file.runs[0].results.length, runObject.results.length);
  assert.deepEqual(fs.readdirSync(work).filter((name) => name.startsWith('out.sarif.')), [], 'no temp file left');
});

console.log(`${registry.length > 0 ? 'checked' : 'NO RULES'}: ${failures} failed`);
process.exit(failures === 0 ? 0 : 1);
