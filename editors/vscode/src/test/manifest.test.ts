// Checks of package.json that VS Code would not report: a language without a configuration
// file or an explicit onLanguage event never activates the extension, silently.

import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';

// The bundled test runs from out/test/, two folders below the extension.
const extensionDir = join(__dirname, '..', '..');
const repoDir = join(extensionDir, '..', '..');

interface Grammar {
    language?: string;
    scopeName: string;
    path: string;
    injectTo?: string[];
}

interface Manifest {
    activationEvents: string[];
    contributes: {
        languages: {
            id: string;
            configuration?: string;
            filenames?: string[];
            filenamePatterns?: string[];
        }[];
        grammars: Grammar[];
    };
}

/** The general formats whose connection strings the server reads, by their VS Code ids. */
const embeddingLanguages = [
    'yaml',
    'json',
    'jsonc',
    'toml',
    'properties',
    'java-properties',
    'shellscript',
];

const readJson = <T>(file: string): T => JSON.parse(readFileSync(file, 'utf8')) as T;
const manifest = readJson<Manifest>(join(extensionDir, 'package.json'));

describe('package.json', () => {
    it('gives every language a configuration file that exists', () => {
        for (const language of manifest.contributes.languages) {
            assert.ok(language.configuration, `${language.id} has no configuration`);
            assert.ok(
                existsSync(join(extensionDir, language.configuration)),
                language.configuration,
            );
        }
    });

    it('activates on each of its languages, on dotenv and on the embedding formats', () => {
        const ids = [
            ...manifest.contributes.languages.map((language) => language.id),
            'dotenv',
            ...embeddingLanguages,
        ];
        assert.deepEqual(
            manifest.activationEvents.filter((event) => event.startsWith('onLanguage:')),
            ids.map((id) => `onLanguage:${id}`),
        );
    });

    it('contributes the grammars of syntaxes/grammars.json', () => {
        const shared = readJson<{ contributes: { grammars: Grammar[] } }>(
            join(repoDir, 'syntaxes', 'grammars.json'),
        );
        const expected = shared.contributes.grammars.map((grammar) => ({
            ...grammar,
            path: grammar.path.replace(/^\.\//, './syntaxes/'),
        }));
        assert.deepEqual(manifest.contributes.grammars, expected);
    });

    it('has the client attach to each of its languages', () => {
        const source = readFileSync(join(extensionDir, 'src', 'extension.ts'), 'utf8');
        const selected = [...source.matchAll(/language: '([\w-]+)'/g)].map((match) => match[1]);
        for (const language of manifest.contributes.languages) {
            assert.ok(selected.includes(language.id), `${language.id} is not in documentSelector`);
        }
        for (const language of embeddingLanguages) {
            assert.ok(source.includes(`'${language}'`), `${language} is not in documentSelector`);
        }
    });

    it('gives userlist.txt and userlist*.txt the userlist language', () => {
        const userlist = manifest.contributes.languages.find(
            (language) => language.id === 'userlist',
        );
        assert.ok(userlist, 'no userlist language');
        assert.deepEqual(userlist.filenames, ['userlist.txt']);
        assert.ok(userlist.filenamePatterns?.includes('**/userlist*.txt'));
    });
});
