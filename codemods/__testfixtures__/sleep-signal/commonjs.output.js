const { promisify } = require('node:util');
/* leash-codemod */ const { sleep } = require('leash');

exports.wait = function wait(ms) {
  return /* leash-codemod */ sleep(ms);
};
exports.promisify = promisify;
