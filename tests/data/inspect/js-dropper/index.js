module.exports = function update() {};
