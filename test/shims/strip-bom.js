// CommonJS stand-in for the ESM-only strip-bom (office-addin-mock's dependency) under Jest.
module.exports = (s) => (typeof s === 'string' && s.charCodeAt(0) === 0xfeff ? s.slice(1) : s);
module.exports.default = module.exports;
