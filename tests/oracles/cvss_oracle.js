#!/usr/bin/env node
// cvss_oracle.js - random valid CVSS vectors scored by reference
// implementations, for tests/e2e/cvss_oracle.py.
//
// Usage: node cvss_oracle.js COUNT_PER_VERSION SEED [exhaustive]
// Prints JSON Lines: {"vector", "ae": {...}, "cvss4": {...}}.
// With "exhaustive", also every base-only vector of every version
// (v2.0 729, v3.0 and v3.1 2,592 each, v4.0 104,976), scored by ae only.
//   ae:    ae-cvss-calculator (v2.0, v3.0, v3.1, v4.0)
//   cvss4: the cvss4 package (v3.1 via its own equations; v4.0 via a port
//          of the FIRST calculator's cvss_score.js from before the rounding
//          fix of 2024-11, reported twice: as published ("v4") and with the
//          fix's +1e-6 applied before the final rounding ("v4_fixed")).
//   pandatix: @pandatix/js-cvss, for v2.0 vectors whose temporal and
//          environmental groups are each absent or complete (it rejects
//          partial groups).  Its dist/ uses extension-less ESM imports,
//          which a tiny resolve hook below completes with ".js".
// Oracle exceptions are reported as {"error": message}; the caller decides.
'use strict';
const { register } = require('node:module');
const ae = require('ae-cvss-calculator');
const cvss4 = require('cvss4');

register('data:text/javascript,' + encodeURIComponent(
  "export async function resolve(s, c, next) { try { return await next(s, c); } catch (e) {" +
  " if (s.startsWith('.') && !s.endsWith('.js')) return next(s + '.js', c); throw e; } }"));

const count = parseInt(process.argv[2] || '1000', 10);
let seed = parseInt(process.argv[3] || '1', 10) >>> 0;

// xorshift32: reproducible across Node versions
function rnd() {
  seed ^= seed << 13; seed >>>= 0;
  seed ^= seed >>> 17;
  seed ^= seed << 5; seed >>>= 0;
  return seed / 4294967296;
}
const pick = (a) => a[Math.floor(rnd() * a.length)];

const V2 = [
  ['AV', 'LAN', 1], ['AC', 'HML', 1], ['Au', 'MSN', 1], ['C', 'NPC', 1], ['I', 'NPC', 1], ['A', 'NPC', 1],
  ['E', ['ND', 'U', 'POC', 'F', 'H']], ['RL', ['ND', 'OF', 'TF', 'W', 'U']], ['RC', ['ND', 'UC', 'UR', 'C']],
  ['CDP', ['ND', 'N', 'L', 'LM', 'MH', 'H']], ['TD', ['ND', 'N', 'L', 'M', 'H']],
  ['CR', ['ND', 'L', 'M', 'H']], ['IR', ['ND', 'L', 'M', 'H']], ['AR', ['ND', 'L', 'M', 'H']],
];
const V3 = [
  ['AV', 'NALP', 1], ['AC', 'LH', 1], ['PR', 'NLH', 1], ['UI', 'NR', 1], ['S', 'UC', 1],
  ['C', 'HLN', 1], ['I', 'HLN', 1], ['A', 'HLN', 1],
  ['E', 'XUPFH'], ['RL', 'XOTWU'], ['RC', 'XURC'],
  ['CR', 'XLMH'], ['IR', 'XLMH'], ['AR', 'XLMH'],
  ['MAV', 'XNALP'], ['MAC', 'XLH'], ['MPR', 'XNLH'], ['MUI', 'XNR'], ['MS', 'XUC'],
  ['MC', 'XHLN'], ['MI', 'XHLN'], ['MA', 'XHLN'],
];
const V4 = [
  ['AV', 'NALP', 1], ['AC', 'LH', 1], ['AT', 'NP', 1], ['PR', 'NLH', 1], ['UI', 'NPA', 1],
  ['VC', 'HLN', 1], ['VI', 'HLN', 1], ['VA', 'HLN', 1], ['SC', 'HLN', 1], ['SI', 'HLN', 1], ['SA', 'HLN', 1],
  ['E', 'XAPU'], ['CR', 'XHML'], ['IR', 'XHML'], ['AR', 'XHML'],
  ['MAV', 'XNALP'], ['MAC', 'XLH'], ['MAT', 'XNP'], ['MPR', 'XNLH'], ['MUI', 'XNPA'],
  ['MVC', 'XHLN'], ['MVI', 'XHLN'], ['MVA', 'XHLN'], ['MSC', 'XHLN'], ['MSI', 'XSHLN'], ['MSA', 'XSHLN'],
  ['S', 'XNP'], ['AU', 'XNY'], ['R', 'XAUI'], ['V', 'XDC'], ['RE', 'XLMH'],
  ['U', ['X', 'Clear', 'Green', 'Amber', 'Red']],
];

// Base metrics always; each other metric group present with some
// probability, and then each of its metrics with probability 1/2.
function vector(prefix, table) {
  const density = pick([0, 0.15, 0.5, 1, 1]);
  const parts = [];
  for (const [name, values, base] of table) {
    if (base || rnd() < density)
      parts.push(name + ':' + pick(typeof values === 'string' ? values.split('') : values));
  }
  return prefix + parts.join('/');
}

function safe(f) {
  try { return f(); } catch (e) { return { error: String(e && e.message || e) }; }
}

function withFixedRounding(f) {
  const round = Math.round;
  Math.round = (x) => round(x + 1e-5);   // (value + 1e-6) * 10
  try { return f(); } finally { Math.round = round; }
}

// v2.0 groups: base, temporal (E RL RC), environmental (CDP TD CR IR AR)
function v2Complete(v) {
  const names = v.split('/').map((p) => p.split(':')[0]);
  const groups = [['E', 'RL', 'RC'], ['CDP', 'TD', 'CR', 'IR', 'AR']];
  return groups.every((g) => g.every((m) => names.includes(m)) || g.every((m) => !names.includes(m)));
}

(async () => {
const pandatix = await import('@pandatix/js-cvss');
const out = [];
for (const [prefix, table, cls] of [['', V2, ae.Cvss2], ['CVSS:3.0/', V3, ae.Cvss3P0],
                                    ['CVSS:3.1/', V3, ae.Cvss3P1], ['CVSS:4.0/', V4, ae.Cvss4P0]]) {
  for (let i = 0; i < count; i++) {
    const v = vector(prefix, table);
    const rec = { vector: v, ae: safe(() => new cls(v).calculateScores()) };
    if (prefix === '' && v2Complete(v)) {
      rec.pandatix = safe(() => {
        const c = new pandatix.CVSS20(v);
        return { base: c.BaseScore(), temporal: c.TemporalScore(), environmental: c.EnvironmentalScore() };
      });
    } else if (prefix === 'CVSS:3.1/') {
      rec.cvss4 = safe(() => ({
        base: cvss4.calculateBaseScore(v),
        temporal: cvss4.calculateTemporalScore(v),
        environmental: cvss4.calculateEnvironmentalScore(v),
      }));
    } else if (prefix === 'CVSS:4.0/') {
      rec.cvss4 = safe(() => ({
        v4: cvss4.calculateBaseScoreV4(v),
        v4_fixed: withFixedRounding(() => cvss4.calculateBaseScoreV4(v)),
      }));
    }
    out.push(JSON.stringify(rec));
  }
}
if (process.argv[4] === 'exhaustive') {
  for (const [prefix, table, cls] of [['', V2, ae.Cvss2], ['CVSS:3.0/', V3, ae.Cvss3P0],
                                      ['CVSS:3.1/', V3, ae.Cvss3P1], ['CVSS:4.0/', V4, ae.Cvss4P0]]) {
    const base = table.filter((m) => m[2]);
    const walk = (i, parts) => {
      if (i === base.length) {
        const v = prefix + parts.join('/');
        out.push(JSON.stringify({ vector: v, ae: safe(() => new cls(v).calculateScores()) }));
        return;
      }
      const [name, values] = base[i];
      for (const value of values) walk(i + 1, parts.concat(name + ':' + value));
    };
    walk(0, []);
  }
}
process.stdout.write(out.join('\n') + '\n');
})();
