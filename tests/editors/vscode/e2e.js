// VS Code end-to-end test: drives code-server (with the packaged extension installed) in
// headless Chromium and checks, for pg_hba.conf and .env, what a user sees: the language
// mode, the squiggle, the Problems panel, the hover widget, the quick-fix menu, the applied
// fix and its diagnostic gone. Prints one line per check and "N passed, N failed"; exits 0
// or 1. A failed check stops the flow of its file, since the later steps depend on it.
//
// Environment: CS_URL (workbench URL with ?folder=), CHROMIUM, ARTIFACTS (screenshot folder),
// PROFILE (an empty folder for the browser), E2E_TIMEOUT_MS, and E2E_SCENARIO: `fixes` (the
// default) or `broken-server` (expects the one notification a broken server gives).
'use strict';

const path = require('node:path');
const { chromium } = require('playwright-core');

const timeout = Number(process.env.E2E_TIMEOUT_MS || 30000);
const artifacts = process.env.ARTIFACTS;
const began = Date.now();
let passed = 0;
let failed = 0;

const elapsed = () => `${((Date.now() - began) / 1000).toFixed(1)} s`;

class CheckFailed extends Error {}

function report(name, ok, detail) {
    if (ok) {
        passed += 1;
        console.log(`ok   vscode: ${name} [${elapsed()}]`);
    } else {
        failed += 1;
        const why = detail ? ` (${String(detail).slice(0, 400)})` : '';
        console.log(`FAIL vscode: ${name}${why} [${elapsed()}]`);
    }
    return ok;
}

/** Runs one check: `probe` resolves when the condition holds and throws on timeout. */
async function check(name, probe) {
    try {
        await probe();
        report(name, true);
    } catch (error) {
        report(name, false, error && error.message ? error.message.split('\n')[0] : error);
        throw new CheckFailed(name);
    }
}

/** Editor text uses no-break spaces; compare with plain ones. */
const plain = (text) => text.replace(/\u00a0/g, ' ');

async function screenshot(page, name) {
    await page.screenshot({ path: path.join(artifacts, `${name}.png`) });
}

async function waitForText(locator, predicate, what) {
    const deadline = Date.now() + timeout;
    let last = '';
    while (Date.now() < deadline) {
        last = plain((await locator.allInnerTexts().catch(() => [])).join('\n'));
        if (predicate(last)) {
            return last;
        }
        await locator.page().waitForTimeout(100);
    }
    throw new Error(`${what}; last seen: ${JSON.stringify(last.slice(0, 300))}`);
}

/** Opens a file from the Explorer, as a user would (a double click pins the editor). */
async function openFile(page, name) {
    const row = page.locator(`.explorer-folders-view .monaco-list-row[aria-label="${name}"]`);
    await row.waitFor({ timeout });
    await row.dblclick();
    await page.locator(`.tab[aria-label*="${name}"]`).first().waitFor({ timeout });
    await page
        .locator('.editor-group-container.active .monaco-editor .view-lines')
        .first()
        .waitFor({ timeout });
}

/** The rendered token whose whole text is `text`, in the active editor. */
function token(page, text) {
    return page
        .locator('.editor-group-container.active .monaco-editor .view-line span span')
        .filter({
            hasText: new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`),
        })
        .first();
}

async function problemsText(page) {
    const panel = page.locator('.markers-panel');
    if (!(await panel.isVisible().catch(() => false))) {
        await page.keyboard.press('Control+Shift+M');
        await panel.waitFor({ state: 'visible', timeout });
    }
    return panel;
}

async function fixFlow(page, spec) {
    const { file } = spec;
    await check(`${file}: opens`, () => openFile(page, file));
    await check(`${file}: language mode ${spec.mode}`, () =>
        waitForText(
            page.locator('#status\\.editor\\.mode'),
            (text) => text.includes(spec.mode),
            'language mode',
        ),
    );
    await check(`${file}: ${spec.squiggle} squiggle under ${spec.word}`, () =>
        page
            .locator(`.editor-group-container.active .monaco-editor .${spec.squiggle}`)
            .first()
            .waitFor({ timeout }),
    );
    await screenshot(page, `${spec.shot}-1-squiggle`);

    const panel = await problemsText(page);
    await check(`${file}: Problems panel lists ${spec.code}`, () =>
        waitForText(
            panel,
            (text) => text.includes(spec.code) && text.includes(spec.message),
            'problems row',
        ),
    );
    const problems = plain(await panel.innerText());
    report(`${file}: Problems panel shows no password`, !problems.includes('s3cret'), problems);
    await screenshot(page, `${spec.shot}-2-problems`);

    const word = token(page, spec.word);
    await check(`${file}: hover widget explains ${spec.word}`, async () => {
        await word.waitFor({ timeout });
        await word.hover();
        await waitForText(
            page.locator('.monaco-hover:not(.hidden)'),
            (text) => text.includes(spec.hover),
            'hover widget',
        );
    });
    const hover = plain(
        await page
            .locator('.monaco-hover:not(.hidden)')
            .allInnerTexts()
            .then((t) => t.join('\n')),
    );
    report(`${file}: hover shows no password`, !hover.includes('s3cret'), hover);
    await screenshot(page, `${spec.shot}-3-hover`);
    await page.mouse.move(5, 5);

    const fix = page.locator('.action-widget .monaco-list-row', { hasText: spec.fixTitle }).first();
    await check(`${file}: quick-fix menu offers ${spec.fixTitle}`, async () => {
        // The menu lists what the server answered for the caret's position; a keypress that
        // lands while the editor is still busy is lost, so ask again, within the timeout.
        const deadline = Date.now() + timeout;
        for (;;) {
            await word.click();
            await page.keyboard.press('Control+.');
            const shown = await fix
                .waitFor({ state: 'visible', timeout: Math.min(5000, timeout) })
                .then(() => true)
                .catch(() => false);
            if (shown) {
                return;
            }
            if (Date.now() > deadline) {
                throw new Error(`no quick-fix menu entry "${spec.fixTitle}"`);
            }
            await page.keyboard.press('Escape');
        }
    });
    await screenshot(page, `${spec.shot}-4-quickfix`);
    await fix.click();

    await check(`${file}: fix applied`, () =>
        waitForText(
            page.locator('.editor-group-container.active .monaco-editor .view-line'),
            (text) => text.includes(spec.fixedLine),
            'fixed line',
        ),
    );
    await check(`${file}: ${spec.code} gone from Problems`, () =>
        waitForText(panel, (text) => !text.includes(spec.code), 'problems row gone'),
    );
    await screenshot(page, `${spec.shot}-5-fixed`);
}

const flows = [
    {
        file: 'pg_hba.conf',
        shot: 'hba',
        mode: 'PostgreSQL Client Authentication',
        squiggle: 'squiggly-warning',
        word: 'hostnossl',
        code: 'hba-hostnossl',
        message: 'plain text',
        hover: 'connection type',
        fixTitle: 'hostssl',
        fixedLine: 'hostssl all all 10.0.0.0/8 scram-sha-256',
    },
    {
        file: '.env',
        shot: 'env',
        mode: 'Dotenv',
        squiggle: 'squiggly-error',
        word: 'disable',
        code: 'conn-sslmode-disable',
        message: 'sslmode',
        hover: 'Never uses TLS',
        fixTitle: 'verify-full',
        fixedLine: 'sslmode=verify-full',
    },
];

async function brokenServer(page) {
    await check('pg_hba.conf: opens', () => openFile(page, 'pg_hba.conf'));
    const toast = page.locator('.notifications-toasts .notification-toast', {
        hasText: 'pgconf-lsp at',
    });
    await check('broken server: one notification says what failed', async () => {
        await toast.first().waitFor({ state: 'visible', timeout });
        await waitForText(
            toast,
            (text) => text.includes('exited with status'),
            'notification text',
        );
    });
    await screenshot(page, 'broken-server');
    report(
        'broken server: exactly one notification',
        (await toast.count()) === 1,
        await toast.count(),
    );
    await check('broken server: notification offers Open Settings', () =>
        toast.first().locator('.monaco-button', { hasText: 'Open Settings' }).waitFor({ timeout }),
    );
}

async function main() {
    const browser = await chromium.launchPersistentContext(process.env.PROFILE, {
        executablePath: process.env.CHROMIUM,
        headless: true,
        viewport: { width: 1400, height: 850 },
        args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-quic',
            '--no-first-run',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
        ],
    });
    try {
        const page = browser.pages()[0] || (await browser.newPage());
        await page.goto(process.env.CS_URL, { timeout, waitUntil: 'commit' });
        await check('workbench loads', () =>
            page.locator('.monaco-workbench').waitFor({ timeout }),
        );
        await check('explorer shows the workspace', () =>
            page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout }),
        );

        if (process.env.E2E_SCENARIO === 'broken-server') {
            await brokenServer(page);
        } else {
            for (const flow of flows) {
                try {
                    await fixFlow(page, flow);
                } catch (error) {
                    if (!(error instanceof CheckFailed)) {
                        throw error;
                    }
                    await screenshot(page, `${flow.shot}-failed`).catch(() => {});
                }
            }
        }
    } catch (error) {
        if (!(error instanceof CheckFailed)) {
            report('the test ran to its end', false, error && error.stack);
        }
    } finally {
        await browser.close().catch(() => {});
    }
    console.log(`${passed} passed, ${failed} failed`);
    process.exit(failed === 0 && passed > 0 ? 0 : 1);
}

main();
