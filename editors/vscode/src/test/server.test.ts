// Unit tests of the server resolution order and the --version check, on invented machines.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { expandHome, findServer, type Host, resolveServer, type VersionRun } from '../server';

function host(overrides: Partial<Host> & { executables?: string[] } = {}): Host {
    const executables = new Set(overrides.executables ?? []);
    return {
        env: overrides.env ?? {},
        platform: overrides.platform ?? 'linux',
        homeDir: overrides.homeDir ?? '/home/ann',
        extensionPath: overrides.extensionPath ?? '/ext/pgconf',
        isExecutableFile: (file) => executables.has(file),
    };
}

const answers = (run: VersionRun) => async (): Promise<VersionRun> => run;

describe('findServer', () => {
    const everything = host({
        env: { PGCONF_LSP_PATH: '/dev/build/pgconf-lsp', PATH: '/usr/bin:/opt/bin' },
        executables: ['/ext/pgconf/server/pgconf-lsp', '/opt/bin/pgconf-lsp'],
    });

    it('prefers the environment variable to everything else', () => {
        assert.deepEqual(findServer('/from/setting', everything), {
            path: '/dev/build/pgconf-lsp',
            source: 'PGCONF_LSP_PATH',
        });
    });

    it('takes the setting next, with ~ expanded', () => {
        const noEnv = { ...everything, env: { PATH: '/usr/bin:/opt/bin' } };
        assert.deepEqual(findServer('~/bin/pgconf-lsp', noEnv), {
            path: '/home/ann/bin/pgconf-lsp',
            source: 'setting',
        });
    });

    it('ignores an empty variable and a blank setting', () => {
        const blank = { ...everything, env: { PGCONF_LSP_PATH: '  ', PATH: '/opt/bin' } };
        assert.deepEqual(findServer(' ', blank), {
            path: '/ext/pgconf/server/pgconf-lsp',
            source: 'bundled',
        });
    });

    it('falls back to the first PATH entry that has an executable', () => {
        const machine = host({
            env: { PATH: '/usr/bin::/opt/bin:/usr/local/bin' },
            executables: ['/opt/bin/pgconf-lsp', '/usr/local/bin/pgconf-lsp'],
        });
        assert.deepEqual(findServer(null, machine), {
            path: '/opt/bin/pgconf-lsp',
            source: 'PATH',
        });
    });

    it('looks for pgconf-lsp.exe with ; separators on Windows', () => {
        const windows = host({
            platform: 'win32',
            env: { PATH: 'C:\\tools;D:\\bin' },
            executables: ['D:\\bin\\pgconf-lsp.exe'],
        });
        assert.equal(findServer(undefined, windows)?.source, 'PATH');
    });

    it('finds nothing on a machine without the server', () => {
        assert.equal(findServer(undefined, host({ env: { PATH: '/usr/bin' } })), undefined);
    });

    it('expands only a leading ~', () => {
        assert.equal(expandHome('~', '/home/ann'), '/home/ann');
        assert.equal(expandHome('/srv/~x', '/home/ann'), '/srv/~x');
    });
});

describe('resolveServer', () => {
    const onPath = host({ env: { PATH: '/opt/bin' }, executables: ['/opt/bin/pgconf-lsp'] });

    it('accepts a server that answers --version with its name', async () => {
        const resolution = await resolveServer(
            null,
            onPath,
            answers({ exitCode: 0, stdout: 'pgconf-lsp 0.1.0\n' }),
        );
        assert.deepEqual(resolution, {
            ok: true,
            server: { path: '/opt/bin/pgconf-lsp', source: 'PATH' },
            version: 'pgconf-lsp 0.1.0',
        });
    });

    it('says how to install when nothing is found', async () => {
        const resolution = await resolveServer(null, host(), answers({ exitCode: 0, stdout: '' }));
        assert.equal(resolution.ok, false);
        assert.match(
            !resolution.ok ? resolution.message : '',
            /not found.*pgconfLsp\.server\.path/,
        );
    });

    it('names the setting when the file it points at cannot run', async () => {
        const resolution = await resolveServer(
            '~/missing',
            host(),
            answers({ exitCode: null, stdout: '', error: 'ENOENT' }),
        );
        assert.equal(
            !resolution.ok && resolution.message,
            'pgconf-lsp at /home/ann/missing (from the setting pgconfLsp.server.path) ' +
                'could not be run (ENOENT). Fix the path or reinstall, then run ' +
                '"pgconf-lsp: Restart Server".',
        );
    });

    it('rejects a server that exits at once', async () => {
        const resolution = await resolveServer(null, onPath, answers({ exitCode: 1, stdout: '' }));
        assert.match(!resolution.ok ? resolution.message : '', /exited with status 1 on --version/);
    });

    it('rejects some other program under the same name', async () => {
        const resolution = await resolveServer(
            null,
            onPath,
            answers({ exitCode: 0, stdout: 'GNU coreutils 9.1' }),
        );
        assert.match(
            !resolution.ok ? resolution.message : '',
            /"GNU coreutils 9\.1", not a pgconf-lsp/,
        );
    });

    it('runs the chosen file with --version', async () => {
        const calls: string[][] = [];
        await resolveServer(null, onPath, async (file, args) => {
            calls.push([file, ...args]);
            return { exitCode: 0, stdout: 'pgconf-lsp 0.1.0' };
        });
        assert.deepEqual(calls, [['/opt/bin/pgconf-lsp', '--version']]);
    });
});
