// Prints the TextMate tokens of a file, one per line, to help write grammar assertions:
//   node tests/editors/tokenize.js <scopeName> <file> [extra grammar...]
// It uses the vscode-tmgrammar-test that tests/editors/run installs under tests/.cache/tools.
'use strict';
const fs = require('fs');
const path = require('path');

const tools = path.join(__dirname, '..', '.cache', 'tools', 'node_modules');
const common = path.join(tools, 'vscode-tmgrammar-test', 'dist', 'common', 'index.js');
const { createRegistry, loadConfiguration } = require(common);

async function main() {
    const [scopeName, file, ...extra] = process.argv.slice(2);
    const manifest = path.join(__dirname, '..', '..', 'syntaxes', 'grammars.json');
    const { grammars } = loadConfiguration(manifest, undefined, extra);
    const grammar = await createRegistry(grammars).loadGrammar(scopeName);
    let stack = null;
    for (const [index, line] of fs.readFileSync(file, 'utf8').split('\n').entries()) {
        const result = grammar.tokenizeLine(line, stack);
        stack = result.ruleStack;
        for (const token of result.tokens) {
            const text = line.slice(token.startIndex, token.endIndex);
            console.log(
                `${index + 1}:${token.startIndex} ${JSON.stringify(text)} ${token.scopes.join(' ')}`,
            );
        }
    }
}
main();
