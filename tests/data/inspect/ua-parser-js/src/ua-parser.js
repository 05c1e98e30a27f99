// DEFANGED TEST SAMPLE: the library itself is harmless.
(function (window) {
    'use strict';
    var UAParser = function (ua) { this.ua = ua || ''; };
    UAParser.prototype.getBrowser = function () { return { name: undefined, version: undefined }; };
    if (typeof exports !== 'undefined') { module.exports = UAParser; }
})(typeof window === 'object' ? window : this);
