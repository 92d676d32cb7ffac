#!/usr/bin/env node
/*
 * html_check.js - open HTML files in headless Debian chromium (puppeteer-core, no
 * browser download) and check them with axe-core's WCAG 2.1 A and AA rules.
 *
 *   node html_check.js OUTDIR FILE.html...
 *
 * For each FILE: prints every axe violation (rule, impact, the elements), writes
 * a screenshot of its first screens to OUTDIR/NAME.png, its first three printed pages
 * (the print stylesheet) to OUTDIR/NAME-print.pdf, and a JSON summary of what
 * the browser sees (title, lang, headings in order, table captions, header scopes,
 * figure titles, links that lead nowhere, requests made) to OUTDIR/NAME.json for the
 * shell test to compare. Exits 1 when any file has a violation or fails to load.
 */
'use strict';
const fs = require('fs');
const path = require('path');
const os = require('os');
const puppeteer = require('puppeteer-core');
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

async function main() {
  const [outdir, ...files] = process.argv.slice(2);
  if (!outdir || !files.length) {
    console.error('usage: html_check.js OUTDIR FILE.html...');
    process.exit(2);
  }
  fs.mkdirSync(outdir, { recursive: true });
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'scta-chromium-'));
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    userDataDir: profile,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--user-data-dir=' + profile],
  });
  let failed = 0;
  try {
    for (const file of files) {
      const name = path.basename(file, '.html');
      const page = await browser.newPage();
      const requests = [];
      page.on('request', (r) => {
        if (!r.url().startsWith('file:') && !r.url().startsWith('data:')) requests.push(r.url());
      });
      await page.setViewport({ width: 1000, height: 1300 });
      await page.goto('file://' + path.resolve(file), { waitUntil: 'load' });
      const scripts = await page.evaluate(() => document.scripts.length);
      await page.addScriptTag({ content: axeSource });
      const result = await page.evaluate(async () => {
        /* global axe */
        return await axe.run(document, {
          runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
          resultTypes: ['violations'],
        });
      });
      for (const v of result.violations) {
        failed = 1;
        console.log(`${file}: axe ${v.id} (${v.impact}): ${v.help}`);
        for (const n of v.nodes.slice(0, 5)) console.log(`    ${n.target.join(' ')}: ${n.failureSummary}`);
        if (v.nodes.length > 5) console.log(`    ... and ${v.nodes.length - 5} more`);
      }
      const seen = await page.evaluate(() => {
        const text = (e) => (e ? e.textContent.replace(/\s+/g, ' ').trim() : null);
        return {
          title: document.title,
          lang: document.documentElement.lang,
          headings: [...document.querySelectorAll('h1,h2,h3,h4,h5,h6')].map((h) => [+h.tagName[1], text(h)]),
          captions: [...document.querySelectorAll('table > caption')].map(text),
          th_without_scope: document.querySelectorAll('th:not([scope])').length,
          th: document.querySelectorAll('th').length,
          figures: [...document.querySelectorAll('figure')].map((f) => ({
            caption: text(f.querySelector('figcaption')),
            svg_title: text(f.querySelector('svg > title')),
            svg_desc: text(f.querySelector('svg > desc')),
            tables: f.querySelectorAll('table').length,
          })),
          contents: [...document.querySelectorAll('nav a')].map((a) => [text(a), a.getAttribute('href')]),
          dead_links: [...document.querySelectorAll('a[href^="#"]')]
            .filter((a) => !document.getElementById(decodeURIComponent(a.getAttribute('href').slice(1))))
            .map((a) => a.getAttribute('href')),
        };
      });
      seen.scripts = scripts;
      seen.violations = result.violations.map((v) => v.id);
      seen.requests = requests;
      fs.writeFileSync(path.join(outdir, name + '.json'), JSON.stringify(seen, null, 1) + '\n');
      await page.screenshot({ path: path.join(outdir, name + '.png'), clip: { x: 0, y: 0, width: 1000, height: 2600 } });
      /* the print stylesheet: the first pages as the browser prints them */
      await page.pdf({ path: path.join(outdir, name + '-print.pdf'), format: 'letter', pageRanges: '1-3' });
      await page.close();
      console.log(`${file}: ${result.violations.length} axe violations, ${seen.headings.length} headings, ${seen.captions.length} tables`);
    }
  } finally {
    await browser.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
  process.exit(failed);
}

main().catch((e) => {
  console.error('html_check.js: ' + (e && e.stack ? e.stack : e));
  process.exit(1);
});
