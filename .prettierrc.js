// The Office add-in projects' Prettier config (office-addin-prettier-config: printWidth 100,
// trailingComma "es5"), with this project's line width, 120, and its single quotes (the Office
// config leaves Prettier's double quotes; switching would rewrite every string in the code).
module.exports = { ...require('office-addin-prettier-config'), printWidth: 120, singleQuote: true };
