// The VS Code client: finds pgconf-lsp, starts it over stdio for our languages and for .env
// files, and restarts it on demand or when the server path changes.

import { execFile } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { homedir } from 'node:os';
import * as vscode from 'vscode';
import {
    LanguageClient,
    type LanguageClientOptions,
    type ServerOptions,
    TransportKind,
} from 'vscode-languageclient/node';

import { type Host, resolveServer, type VersionRun } from './server';

/** Also the prefix of our settings, so the client reads `pgconfLsp.trace.server` itself. */
const clientId = 'pgconfLsp';
const clientName = 'pgconf-lsp';

/** VS Code's and common extensions' ids of the formats that may embed connection strings. */
const embeddingLanguages = [
    'yaml',
    'json',
    'jsonc',
    'toml',
    'properties',
    'java-properties',
    'shellscript',
];

/**
 * Our languages, `.env` files in VS Code's own `dotenv` language or by name, and the
 * general formats that hold connection strings (compose files, Kubernetes manifests,
 * appsettings.json, application.properties, shell `export` lines).
 */
const documentSelector = [
    { scheme: 'file', language: 'pgconf' },
    { scheme: 'file', language: 'pghba' },
    { scheme: 'file', language: 'pgident' },
    { scheme: 'file', language: 'pgbouncer' },
    { scheme: 'file', language: 'userlist' },
    { scheme: 'file', language: 'dotenv' },
    { scheme: 'file', pattern: '**/.env' },
    { scheme: 'file', pattern: '**/.env.*' },
    ...embeddingLanguages.map((language) => ({ scheme: 'file', language })),
];

let client: LanguageClient | undefined;
let output: vscode.LogOutputChannel;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
    output = vscode.window.createOutputChannel(clientName, { log: true });
    context.subscriptions.push(
        output,
        vscode.commands.registerCommand('pgconfLsp.restartServer', () => restart(context)),
        vscode.commands.registerCommand('pgconfLsp.showOutput', () => output.show()),
        vscode.workspace.onDidChangeConfiguration((event) => {
            if (event.affectsConfiguration(`${clientId}.server`)) {
                void restart(context);
            }
        }),
        { dispose: () => void client?.stop() },
    );
    await start(context);
}

export async function deactivate(): Promise<void> {
    await client?.stop();
    client = undefined;
}

async function restart(context: vscode.ExtensionContext): Promise<void> {
    const running = client;
    client = undefined;
    await running?.stop().catch((error: unknown) => output.warn(`stop failed: ${String(error)}`));
    await start(context);
}

async function start(context: vscode.ExtensionContext): Promise<void> {
    const config = vscode.workspace.getConfiguration(clientId);
    const resolution = await resolveServer(
        config.get<string | null>('server.path'),
        nodeHost(context.extensionPath),
        runVersion,
    );
    if (!resolution.ok) {
        output.error(`${resolution.message} ${resolution.detail}`);
        void notifyStartFailure(resolution.message);
        return;
    }
    const { path, source } = resolution.server;
    output.info(`starting ${resolution.version} from ${path} (${source})`);

    // With the stdio transport the client appends `--stdio` to the arguments itself.
    const serverOptions: ServerOptions = {
        command: resolution.server.path,
        transport: TransportKind.stdio,
    };
    const clientOptions: LanguageClientOptions = {
        documentSelector,
        outputChannel: output,
        initializationOptions: serverSettings(),
        synchronize: { configurationSection: clientId },
    };
    client = new LanguageClient(clientId, clientName, serverOptions, clientOptions);
    try {
        await client.start();
    } catch (error) {
        output.error(`pgconf-lsp failed to start: ${String(error)}`);
        void notifyStartFailure(
            `pgconf-lsp at ${resolution.server.path} failed to start. ` +
                'See the output channel, then run "pgconf-lsp: Restart Server".',
        );
    }
}

/** The settings the server reads, nested under our section as the server expects. */
function serverSettings(): Record<string, unknown> {
    const config = vscode.workspace.getConfiguration(clientId);
    return {
        [clientId]: {
            postgresVersion: config.get('postgresVersion'),
            middleboxIdleTimeout: config.get('middleboxIdleTimeout'),
            pgbouncerVersion: config.get('pgbouncerVersion'),
            connectionDriver: config.get('connectionDriver'),
        },
    };
}

async function notifyStartFailure(message: string): Promise<void> {
    const choice = await vscode.window.showErrorMessage(message, 'Open Settings', 'Show Output');
    if (choice === 'Open Settings') {
        await vscode.commands.executeCommand(
            'workbench.action.openSettings',
            `${clientId}.server.path`,
        );
    } else if (choice === 'Show Output') {
        output.show();
    }
}

function nodeHost(extensionPath: string): Host {
    return {
        env: process.env,
        platform: process.platform,
        homeDir: homedir(),
        extensionPath,
        isExecutableFile(file) {
            try {
                accessSync(file, constants.X_OK);
                return statSync(file).isFile();
            } catch {
                return false;
            }
        },
    };
}

function runVersion(file: string, args: string[]): Promise<VersionRun> {
    return new Promise((resolve) => {
        execFile(file, args, { timeout: 10_000 }, (error, stdout) => {
            if (error === null) {
                resolve({ exitCode: 0, stdout });
            } else if (typeof error.code === 'number') {
                resolve({ exitCode: error.code, stdout });
            } else {
                resolve({ exitCode: null, stdout, error: error.code ?? error.message });
            }
        });
    });
}
