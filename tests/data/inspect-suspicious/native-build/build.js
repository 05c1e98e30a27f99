// Benign test sample: runs the compiler toolchain at install time, as
// native addons do.  Suspicious (spawns processes at install), not malicious.
const { execFileSync } = require('child_process');
try {
  execFileSync('node-gyp', ['rebuild'], { stdio: 'inherit' });
} catch (e) {
  process.exitCode = 1;
}
