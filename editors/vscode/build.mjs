// Bundles the extension with esbuild and copies the grammars from the repository's
// syntaxes/ folder; with --tests, bundles the unit tests into out/test/ instead.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const common = {
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node18',
    logLevel: 'warning',
};

if (process.argv.includes('--tests')) {
    const tests = readdirSync(join(here, 'src', 'test')).filter((name) =>
        name.endsWith('.test.ts'),
    );
    await build({
        ...common,
        entryPoints: tests.map((name) => join(here, 'src', 'test', name)),
        outdir: join(here, 'out', 'test'),
    });
} else {
    await build({
        ...common,
        entryPoints: [join(here, 'src', 'extension.ts')],
        outfile: join(here, 'dist', 'extension.js'),
        external: ['vscode'],
        sourcemap: false,
        minify: true,
    });

    const source = join(here, '..', '..', 'syntaxes');
    const target = join(here, 'syntaxes');
    mkdirSync(target, { recursive: true });
    for (const name of readdirSync(source).filter((name) => name.endsWith('.tmLanguage.json'))) {
        copyFileSync(join(source, name), join(target, name));
    }
}
