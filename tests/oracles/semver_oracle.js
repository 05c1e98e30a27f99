// semver_oracle.js - node-semver as the reference for the npm scheme's
// differential test (tests/e2e/version_npm_diff.py).  Reads lines
//   cmp<TAB>A<TAB>B     -> -1 | 0 | 1 | error   (error: A or B is not valid)
//   sat<TAB>V<TAB>RANGE -> 1 | 0 | error        (error: V or RANGE is not valid)
// using node-semver's default options (strict parsing, no includePrerelease).
'use strict'
const semver = require('semver')
const lines = require('fs').readFileSync(0, 'utf8').split('\n')
const out = []
for (const line of lines) {
  if (line === '') continue
  const [op, a, b] = line.split('\t')
  if (op === 'cmp') {
    if (semver.valid(a) === null || semver.valid(b) === null) out.push('error')
    else out.push(String(semver.compare(a, b)))
  } else if (op === 'sat') {
    if (semver.validRange(b) === null || semver.valid(a) === null) out.push('error')
    else out.push(semver.satisfies(a, b) ? '1' : '0')
  } else {
    out.push('bad request')
  }
}
process.stdout.write(out.join('\n') + '\n')
