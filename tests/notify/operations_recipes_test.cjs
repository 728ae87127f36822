// The YAML recipes of docs/operations.md, checked without a cluster or a Prometheus
// server: every ```yaml block parses (strict, no duplicate keys); the Kubernetes CronJob
// has the shape the batch/v1 API requires (a five-field schedule, a Never/OnFailure
// restart policy, containers with a name and an image, every volume mount and secret
// reference resolved, no secret written inline); the alert rules pass
// `promtool check rules` (their PromQL parsed by Prometheus itself).
//   node operations_recipes_test.cjs SOURCE_DIR NODE_MODULES PROMTOOL
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

const [source, nodeModules, promtool] = process.argv.slice(2).map((p) => path.resolve(p));
let YAML;
try {
  YAML = require(path.join(nodeModules, 'yaml'));
} catch (error) {
  console.error(`yaml not installed (${error.message}): run ci/setup`);
  process.exit(1);
}

let failures = 0;
function check(name, problems) {
  if (problems.length === 0) {
    console.log(`ok   ${name}`);
    return;
  }
  failures++;
  console.log(`FAIL ${name}`);
  for (const problem of problems) console.log(`     ${problem}`);
}

const doc = fs.readFileSync(path.join(source, 'docs/operations.md'), 'utf8');
const blocks = [];
const fence = /^```yaml\n([\s\S]*?)^```$/gm;
for (let m = fence.exec(doc); m !== null; m = fence.exec(doc)) {
  const line = doc.slice(0, m.index).split('\n').length;
  blocks.push({ line, text: m[1] });
}
check('docs/operations.md has yaml blocks', blocks.length >= 3 ? [] : [`only ${blocks.length}`]);

const parsed = [];
for (const block of blocks) {
  const document = YAML.parseDocument(block.text, { strict: true, uniqueKeys: true, prettyErrors: true });
  const problems = [...document.errors, ...document.warnings].map((e) => e.message);
  check(`yaml block at docs/operations.md:${block.line} parses`, problems);
  if (problems.length === 0) parsed.push({ line: block.line, value: document.toJS() });
}

// ---- the Kubernetes CronJob ----
const cronJobs = parsed.filter((b) => b.value && b.value.kind === 'CronJob');
check('one CronJob recipe', cronJobs.length === 1 ? [] : [`found ${cronJobs.length}`]);
for (const { value: job } of cronJobs) {
  const problems = [];
  const need = (condition, what) => { if (!condition) problems.push(what); };
  need(job.apiVersion === 'batch/v1', `apiVersion is ${job.apiVersion}, CronJob is batch/v1`);
  need(typeof job.metadata?.name === 'string' && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(job.metadata.name) &&
       job.metadata.name.length <= 52, 'metadata.name: a DNS label of at most 52 characters (CronJob names)');
  const spec = job.spec ?? {};
  need(typeof spec.schedule === 'string' && spec.schedule.trim().split(/\s+/).length === 5,
       `spec.schedule "${spec.schedule}": five cron fields`);
  need(['Allow', 'Forbid', 'Replace', undefined].includes(spec.concurrencyPolicy), 'spec.concurrencyPolicy');
  const pod = spec.jobTemplate?.spec?.template?.spec ?? {};
  need(['Never', 'OnFailure'].includes(pod.restartPolicy), "a Job's pod restartPolicy is Never or OnFailure");
  const containers = pod.containers ?? [];
  need(Array.isArray(containers) && containers.length > 0, 'at least one container');
  const volumes = new Set((pod.volumes ?? []).map((v) => v.name));
  for (const volume of pod.volumes ?? []) {
    const sources = Object.keys(volume).filter((k) => k !== 'name');
    need(sources.length === 1, `volume ${volume.name}: exactly one source (${sources.join(', ')})`);
  }
  for (const container of containers) {
    need(typeof container.name === 'string' && typeof container.image === 'string', 'container name and image');
    for (const mount of container.volumeMounts ?? []) {
      need(volumes.has(mount.name), `volumeMount ${mount.name} has no volume`);
      need(typeof mount.mountPath === 'string' && mount.mountPath.startsWith('/'), `volumeMount ${mount.name}: absolute mountPath`);
    }
    for (const variable of container.env ?? []) {
      need(typeof variable.name === 'string', 'env entries have a name');
      const ref = variable.valueFrom?.secretKeyRef;
      need(ref ? typeof ref.name === 'string' && typeof ref.key === 'string' : 'value' in variable,
           `env ${variable.name}: a value or a secretKeyRef with name and key`);
      if (/KEY|SECRET|PASSWORD|TOKEN|DATABASE_URL/.test(variable.name)) {
        need(ref !== undefined, `env ${variable.name} comes from a Secret, not inline`);
      }
    }
    const command = [...(container.command ?? []), ...(container.args ?? [])].join(' ');
    need(/sluice snapshot create/.test(command) && /sluice snapshot prune/.test(command),
         'the job creates a snapshot and prunes');
  }
  check('the CronJob has the shape batch/v1 requires', problems);
}

// ---- the alert rules, through promtool ----
const alerts = parsed.filter((b) => Array.isArray(b.value) && b.value.every((r) => r && 'alert' in r && 'expr' in r));
check('one block of alert rules', alerts.length === 1 ? [] : [`found ${alerts.length}`]);
for (const { value: rules } of alerts) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sluice-rules-'));
  const file = path.join(dir, 'sluice.rules.yml');
  fs.writeFileSync(file, YAML.stringify({ groups: [{ name: 'sluice', rules }] }));
  const problems = [];
  try {
    execFileSync(promtool, ['check', 'rules', file], { stdio: 'pipe' });
  } catch (error) {
    problems.push(`${promtool} check rules: ${error.stdout ?? ''}${error.stderr ?? error.message}`);
  }
  fs.rmSync(dir, { recursive: true, force: true });
  check(`the alert rules pass promtool check rules (${rules.length} rules)`, problems);
}

process.exit(failures === 0 ? 0 : 1);
