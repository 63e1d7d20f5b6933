const { promisify } = require('node:util');

exports.wait = function wait(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
};
exports.promisify = promisify;
