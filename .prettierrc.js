// The Office add-in projects' Prettier config (office-addin-prettier-config: printWidth 100,
// trailingComma "es5"), with this project's line width: 120.
module.exports = { ...require("office-addin-prettier-config"), printWidth: 120 };
