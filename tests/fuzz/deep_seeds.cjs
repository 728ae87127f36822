#!/usr/bin/env node
// Writes the SQL fuzz seeds that reach what crashes parsers: statements nested deeper
// than sluice analyses (and just below), long chains of operators and UNION ALL, deep
// CASE, arrays, casts and joins, deep bodies, and files of 64 KB and more.
// Usage: node deep_seeds.cjs DIR
'use strict';
const fs = require('fs');
const path = require('path');

const nested = (depth) => 'SELECT ' + '(SELECT '.repeat(depth) + '1' + ')'.repeat(depth) + ';\n';
const chain = (separator, terms, first = 'SELECT 1') => first + separator.repeat(terms - 1) + ';\n';
const lines = (count, line) => Array.from({ length: count }, (_, i) => line(i)).join('');

const seeds = {
  'deep-nested-select-1500.sql': nested(1500),
  'deep-nested-select-4000.sql': nested(4000),
  'deep-parentheses-12000.sql': 'SELECT ' + '('.repeat(12000) + '1' + ')'.repeat(12000) + ';\n',
  'deep-plus-100000.sql': chain(' + 1', 100000),
  'deep-plus-9990.sql': chain(' + 1', 9990),
  'deep-union-all-20000.sql': chain(' UNION ALL SELECT 1', 20000),
  'deep-union-all-5000.sql': chain(' UNION ALL SELECT 1', 5000),
  'deep-case-3000.sql': 'SELECT ' + 'CASE WHEN true THEN '.repeat(3000) + '1' + ' END'.repeat(3000) + ';\n',
  'deep-array-5000.sql': 'SELECT ' + 'ARRAY['.repeat(5000) + '1' + ']'.repeat(5000) + ';\n',
  'deep-casts-12000.sql': 'SELECT 1' + '::int'.repeat(12000) + ';\n',
  'deep-and-or-20000.sql': 'SELECT 1 WHERE ' + Array(20000).fill('(a = 1 AND b = 2)').join(' OR ') + ';\n',
  'deep-join-12000.sql': 'SELECT 1 FROM t0' + lines(11999, (i) => ` JOIN t${i + 1} USING (id)`) + ';\n',
  'deep-do-block.sql': 'DO $$ BEGIN PERFORM 1' + ' + 1'.repeat(20000) + '; END $$;\n',
  'deep-function-body.sql': 'CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1' + ' + 1'.repeat(20000) + ' $$;\n',
  'large-inserts-96k.sql': lines(900, (i) => `INSERT INTO t (id, payload) VALUES (${i}, '${'x'.repeat(80)}');\n`),
  'large-one-statement-80k.sql': 'INSERT INTO t (id) VALUES ' + lines(12000, (i) => (i ? ', ' : '') + `(${i})`) + ';\n',
  'large-ddl-70k.sql': 'CREATE TABLE t (id bigint);\n' +
    lines(1400, (i) => `ALTER TABLE t ADD COLUMN c${i} bigint NOT NULL DEFAULT ${i};\n`),
};

const out = process.argv[2];
fs.mkdirSync(out, { recursive: true });
for (const [name, text] of Object.entries(seeds)) fs.writeFileSync(path.join(out, name), text);
