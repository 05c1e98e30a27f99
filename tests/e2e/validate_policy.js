#!/usr/bin/env node
// validate_policy.js - validate policies (converted from YAML to JSON by
// policy_schema.py) against docs/policy.schema.json (JSON Schema 2020-12)
// with ajv.  usage: node validate_policy.js SCHEMA FILE...
// Prints "FILE: valid" or "FILE: invalid: errors" per file; exit 0.
'use strict';
const fs = require('fs');
const path = require('path');
const oracles = path.join(__dirname, '..', 'oracles', 'node_modules');
const Ajv2020 = require(path.join(oracles, 'ajv', 'dist', '2020'));

const [schemaFile, ...files] = process.argv.slice(2);
const ajv = new Ajv2020({ strict: true, strictRequired: false, allErrors: true });
const validate = ajv.compile(JSON.parse(fs.readFileSync(schemaFile, 'utf8')));
for (const f of files) {
  const ok = validate(JSON.parse(fs.readFileSync(f, 'utf8')));
  console.log(ok ? `${f}: valid` : `${f}: invalid: ${ajv.errorsText(validate.errors)}`);
}
