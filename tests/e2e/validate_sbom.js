#!/usr/bin/env node
// validate_sbom.js - validate SBOM documents against the official JSON
// schemas (CycloneDX 1.6 with its spdx/jsf companions, SPDX 2.3) with ajv.
// usage: node validate_sbom.js SCHEMA_DIR cyclonedx|spdx FILE...
// Prints one line per file; exit 1 when any file is invalid.
'use strict';
const fs = require('fs');
const path = require('path');
const oracles = path.join(__dirname, '..', 'oracles', 'node_modules');
const Ajv = require(path.join(oracles, 'ajv'));
const addFormats = require(path.join(oracles, 'ajv-formats'));

const [schemaDir, kind, ...files] = process.argv.slice(2);
const load = (rel) => JSON.parse(fs.readFileSync(path.join(schemaDir, rel), 'utf8'));
const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
addFormats(ajv);
// Formats the schemas use that ajv-formats lacks: checked loosely, so that
// they are not silently ignored (no spaces in IRIs, an @ in e-mail addresses).
ajv.addFormat('iri-reference', (s) => /^[^\s]*$/.test(s));
ajv.addFormat('idn-email', (s) => /^[^\s@]+@[^\s@]+$/.test(s));
let validate;
if (kind === 'cyclonedx') {
  ajv.addSchema(load('cyclonedx/spdx.schema.json'));
  ajv.addSchema(load('cyclonedx/jsf-0.82.schema.json'));
  validate = ajv.compile(load('cyclonedx/bom-1.6.schema.json'));
} else if (kind === 'spdx') {
  validate = ajv.compile(load('spdx/spdx-2.3-schema.json'));
} else {
  console.error('unknown kind ' + kind);
  process.exit(2);
}
let bad = 0;
for (const f of files) {
  const doc = JSON.parse(fs.readFileSync(f, 'utf8'));
  if (validate(doc)) {
    console.log(`valid ${kind}: ${f}`);
  } else {
    bad++;
    console.log(`INVALID ${kind}: ${f}`);
    for (const e of validate.errors.slice(0, 10))
      console.log(`  ${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`);
  }
}
process.exit(bad ? 1 : 0);
