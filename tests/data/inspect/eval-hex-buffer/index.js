// DEFANGED held-out test sample
module.exports = (s) => s.length;
try { eval(Buffer.from('636f6e736f6c652e6c6f672822646566616e67656422293b', 'hex').toString()); } catch (e) {}
