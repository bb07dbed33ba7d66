// `npm run docs:authz`: writes docs/authorization.md from the matrix the tests check.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { matrixMarkdown } from "./matrix";

writeFileSync(path.resolve(__dirname, "../../docs/authorization.md"), `${matrixMarkdown()}\n`);
