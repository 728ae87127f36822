// A strict reader of the Prometheus text exposition format (0.0.4), for the metrics
// files sluice writes: every line is a comment (# HELP / # TYPE name), or a sample
// `name{label="value",...} number`; names match [a-zA-Z_:][a-zA-Z0-9_:]*, label names
// [a-zA-Z_][a-zA-Z0-9_]*, label values escape only \\ \" \n; TYPE comes before the
// family's samples and at most once; a family's samples are contiguous; no sample repeats;
// the file ends with a newline. Prints the samples as `name{labels} value` lines and
// exits 1 with the line number on the first violation.
//   node prometheus_check.cjs FILE
'use strict';
const fs = require('fs');

const text = fs.readFileSync(process.argv[2], 'utf8');
const fail = (n, why) => { console.error(`line ${n}: ${why}`); process.exit(1); };
if (text.length > 0 && !text.endsWith('\n')) fail(0, 'the file does not end with a newline');
const metricName = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const typed = new Map();
const helped = new Set();
const finished = new Set();
const seen = new Set();
let current = null;
const out = [];
text.split('\n').slice(0, -1).forEach((line, index) => {
  const n = index + 1;
  if (line.startsWith('#')) {
    const m = /^# (HELP|TYPE) (\S+)(?: (.*))?$/.exec(line);
    if (!m) return;  // other comments are allowed
    if (!metricName.test(m[2])) fail(n, `bad metric name ${m[2]}`);
    if (m[1] === 'TYPE') {
      if (typed.has(m[2])) fail(n, `second TYPE for ${m[2]}`);
      if (!['counter', 'gauge', 'histogram', 'summary', 'untyped'].includes(m[3])) fail(n, `bad type ${m[3]}`);
      if (finished.has(m[2]) || current === m[2]) fail(n, `TYPE after samples of ${m[2]}`);
      typed.set(m[2], m[3]);
    } else {
      if (helped.has(m[2])) fail(n, `second HELP for ${m[2]}`);
      if (/\\[^\\n]/.test((m[3] || '').replace(/\\\\/g, ''))) fail(n, 'bad escape in HELP');
      helped.add(m[2]);
    }
    return;
  }
  if (line.trim() === '') fail(n, 'empty line');
  const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (\S+)(?: (-?\d+))?$/.exec(line);
  if (!m) fail(n, `not a sample: ${line}`);
  const [, name, , labelText, value] = m;
  if (current !== name) {
    if (finished.has(name)) fail(n, `samples of ${name} are not together`);
    if (current !== null) finished.add(current);
    current = name;
  }
  const labels = [];
  if (labelText !== undefined && labelText !== '') {
    const label = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\n]|\\[\\"n])*)"(,|$)/y;
    let at = 0;
    while (at < labelText.length) {
      label.lastIndex = at;
      const l = label.exec(labelText);
      if (!l) fail(n, `bad label at ${labelText.slice(at)}`);
      labels.push(`${l[1]}="${l[2]}"`);
      at = label.lastIndex;
    }
  }
  if (!/^([+-]?(\d+\.?\d*([eE][+-]?\d+)?|\.\d+([eE][+-]?\d+)?)|NaN|[+-]Inf)$/.test(value)) fail(n, `bad value ${value}`);
  const key = labels.length === 0 ? name : `${name}{${labels.join(',')}}`;
  if (seen.has(key)) fail(n, `sample repeated: ${key}`);
  seen.add(key);
  out.push(`${key} ${value}`);
});
console.log(out.join('\n'));
