// CommonJS stand-in for the ESM-only uuid (office-addin-mock's dependency) under Jest.
const { randomUUID } = require('crypto');
module.exports = { v4: () => randomUUID() };
