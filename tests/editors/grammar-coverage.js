// Checks that the grammar tests assert every scope the grammars in syntaxes/ define: each
// `name` of a rule or capture must appear, as a required scope, in some assertion line of
// syntaxes/tests/. One check per grammar; ends with "N passed, N failed".
'use strict';

const fs = require('node:fs');
const path = require('node:path');

const syntaxes = path.join(__dirname, '..', '..', 'syntaxes');

/** Every scope named anywhere in a grammar (rule names, content names, capture names). */
function definedScopes(grammar) {
    const scopes = new Set();
    const visit = (node) => {
        if (Array.isArray(node)) {
            node.forEach(visit);
        } else if (node && typeof node === 'object') {
            for (const [key, value] of Object.entries(node)) {
                if ((key === 'name' || key === 'contentName') && typeof value === 'string') {
                    value.split(/\s+/).forEach((scope) => scopes.add(scope));
                } else {
                    visit(value);
                }
            }
        }
    };
    visit(grammar.patterns);
    visit(grammar.repository);
    return scopes;
}

/** The scopes the test files require (after `^^^` or `<---`, before any ` - `). */
function assertedScopes() {
    const scopes = new Set();
    const testDir = path.join(syntaxes, 'tests');
    for (const file of fs.readdirSync(testDir)) {
        const lines = fs.readFileSync(path.join(testDir, file), 'utf8').split('\n');
        const comment = lines[0].split('SYNTAX TEST')[0].trim();
        for (const line of lines.slice(1)) {
            const match =
                line.startsWith(comment) &&
                /^\s*(?:<-+|\^+)\s+(.*)$/.exec(line.slice(comment.length));
            if (match) {
                match[1]
                    .split(' - ')[0]
                    .split(/\s+/)
                    .filter(Boolean)
                    .forEach((scope) => scopes.add(scope));
            }
        }
    }
    return scopes;
}

const asserted = assertedScopes();
const manifest = JSON.parse(fs.readFileSync(path.join(syntaxes, 'grammars.json'), 'utf8'));
let passed = 0;
let failed = 0;
for (const entry of manifest.contributes.grammars) {
    const grammar = JSON.parse(fs.readFileSync(path.join(syntaxes, entry.path), 'utf8'));
    const defined = [...definedScopes(grammar)];
    const missing = defined.filter((scope) => !asserted.has(scope));
    if (missing.length === 0) {
        passed += 1;
        console.log(
            `ok   grammar coverage: ${entry.scopeName} (${defined.length} scopes asserted)`,
        );
    } else {
        failed += 1;
        console.log(
            `FAIL grammar coverage: ${entry.scopeName} never asserts ${missing.join(', ')}`,
        );
    }
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
