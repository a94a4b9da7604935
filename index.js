// n8n loads this package through the "n8n" section of package.json (dist/…), not through main.
// This file only satisfies the "main" field for tools that require() the package root.
module.exports = {};
