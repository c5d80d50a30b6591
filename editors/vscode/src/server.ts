// Finding the pgconf-lsp executable and checking that it runs. Pure logic: every contact with
// the process environment and the file system comes in through `Host`, so the unit tests can
// play any machine.

import * as path from 'node:path';

/** Where a candidate executable came from, in the order they are tried. */
export type ServerSource = 'PGCONF_LSP_PATH' | 'setting' | 'bundled' | 'PATH';

export interface ServerCandidate {
    path: string;
    source: ServerSource;
}

/** What the resolution needs to know about the machine. */
export interface Host {
    env: Readonly<Record<string, string | undefined>>;
    platform: NodeJS.Platform;
    homeDir: string;
    /** The extension's own folder, which may hold a bundled `server/pgconf-lsp`. */
    extensionPath: string;
    isExecutableFile(file: string): boolean;
}

/** What running `<server> --version` gave. */
export interface VersionRun {
    exitCode: number | null;
    stdout: string;
    /** Set when the process could not be started or timed out (e.g. ENOENT, EACCES). */
    error?: string;
}

export type VersionRunner = (file: string, args: string[]) => Promise<VersionRun>;

export type Resolution =
    | { ok: true; server: ServerCandidate; version: string }
    | { ok: false; message: string; detail: string };

const binaryName = (platform: NodeJS.Platform): string =>
    platform === 'win32' ? 'pgconf-lsp.exe' : 'pgconf-lsp';

/** `~` and `~/…` name the home directory, as they would in a shell. */
export function expandHome(file: string, homeDir: string): string {
    if (file === '~') {
        return homeDir;
    }
    if (file.startsWith('~/') || file.startsWith('~\\')) {
        return path.join(homeDir, file.slice(2));
    }
    return file;
}

/**
 * The executable to run: the `PGCONF_LSP_PATH` environment variable, then the
 * `pgconfLsp.server.path` setting, then a binary bundled in the extension, then `pgconf-lsp`
 * on `PATH`. An explicit choice (the variable or the setting) is returned even when the file
 * is missing, so that the error names what the user chose instead of silently falling back.
 */
export function findServer(
    settingPath: string | null | undefined,
    host: Host,
): ServerCandidate | undefined {
    const fromEnv = host.env['PGCONF_LSP_PATH']?.trim();
    if (fromEnv) {
        return { path: expandHome(fromEnv, host.homeDir), source: 'PGCONF_LSP_PATH' };
    }

    const fromSetting = settingPath?.trim();
    if (fromSetting) {
        return { path: expandHome(fromSetting, host.homeDir), source: 'setting' };
    }

    const paths = host.platform === 'win32' ? path.win32 : path.posix;
    const bundled = paths.join(host.extensionPath, 'server', binaryName(host.platform));
    if (host.isExecutableFile(bundled)) {
        return { path: bundled, source: 'bundled' };
    }

    const separator = host.platform === 'win32' ? ';' : ':';
    for (const dir of (host.env['PATH'] ?? '').split(separator)) {
        if (dir === '') {
            continue;
        }
        const candidate = paths.join(dir, binaryName(host.platform));
        if (host.isExecutableFile(candidate)) {
            return { path: candidate, source: 'PATH' };
        }
    }
    return undefined;
}

const describeSource: Record<ServerSource, string> = {
    PGCONF_LSP_PATH: 'the PGCONF_LSP_PATH environment variable',
    setting: 'the setting pgconfLsp.server.path',
    bundled: 'the binary bundled with the extension',
    PATH: 'PATH',
};

/** Finds the server and checks that `--version` answers like pgconf-lsp. */
export async function resolveServer(
    settingPath: string | null | undefined,
    host: Host,
    runVersion: VersionRunner,
): Promise<Resolution> {
    const server = findServer(settingPath, host);
    if (server === undefined) {
        return {
            ok: false,
            message:
                'pgconf-lsp was not found. Install it (cargo install --path server) or set ' +
                'pgconfLsp.server.path to the executable.',
            detail: 'Tried PGCONF_LSP_PATH, pgconfLsp.server.path, the bundled binary and PATH.',
        };
    }

    const run = await runVersion(server.path, ['--version']);
    const firstLine = run.stdout.trim().split(/\r?\n/)[0] ?? '';
    if (run.error === undefined && run.exitCode === 0 && firstLine.startsWith('pgconf-lsp')) {
        return { ok: true, server, version: firstLine };
    }

    const what =
        run.error !== undefined
            ? `could not be run (${run.error})`
            : run.exitCode !== 0
              ? `exited with status ${run.exitCode} on --version`
              : `answered --version with "${firstLine}", not a pgconf-lsp version`;
    return {
        ok: false,
        message:
            `pgconf-lsp at ${server.path} (from ${describeSource[server.source]}) ${what}. ` +
            'Fix the path or reinstall, then run "pgconf-lsp: Restart Server".',
        detail: `stdout: ${run.stdout.trim() || '(empty)'}`,
    };
}
