module.exports = JSON.parse;
