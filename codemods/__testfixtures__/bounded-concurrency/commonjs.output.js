'use strict';
const fs = require('node:fs/promises');
/* leash-codemod */ const { mapLimit } = require('leash');

async function statAll(paths) {
  return /* leash-codemod */ mapLimit(paths, 8, (p) => fs.stat(p));
}

module.exports = { statAll };
