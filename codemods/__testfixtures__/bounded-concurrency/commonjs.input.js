'use strict';
const fs = require('node:fs/promises');

async function statAll(paths) {
  return Promise.all(paths.map((p) => fs.stat(p)));
}

module.exports = { statAll };
