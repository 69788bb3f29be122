import { test, expect } from '@playwright/test';
import * as path from 'path';
import { cell, hydrated } from './helpers';

const fixtures = path.join(__dirname, '..', '..', 'app', 'tests', 'fixtures', 'ojf');

test('import an OpenJourney file, export every format, and import the export again', async ({ page }) => {
  await page.goto('/');
  await hydrated(page);
  await page.getByLabel('Import file').setInputFiles(path.join(fixtures, 'ecommerce-purchase.ojf'));
  await expect(page).toHaveURL(/\/maps\/[0-9a-f]+$/);
  await hydrated(page);
  await expect(page.getByRole('columnheader', { name: /^Discovery/ })).toBeVisible();
  await expect(cell(page, 'Purchase', 'Pain Points')).toContainText('Hidden Shipping Fees');
  await expect(cell(page, 'Purchase', 'Pain Points')).toContainText('Severity: High');
  await expect(page.getByRole('grid', { name: 'Buying a high-end coffee maker for a new kitchen' })).toBeVisible();
  // The persona came with it, with an emotion curve.
  await expect(page.getByRole('slider', { name: 'Jane Doe, First-time Homeowner — Purchase' })).toHaveAttribute('aria-valuenow', '-1');

  // Every export format is offered and downloads.
  await page.getByRole('button', { name: 'Export' }).click();
  const menu = page.getByRole('list', { name: 'Export' });
  const expected: [string, RegExp][] = [
    ['Jornada JSON', /application\/json/],
    ['OpenJourney (.ojf)', /application\/json/],
    ['Mermaid journey', /text\/plain/],
    ['CSV', /text\/csv/],
    ['Markdown', /text\/markdown/],
    ['SVG', /image\/svg\+xml/],
    ['PNG', /image\/png/],
    ['PDF', /application\/pdf/],
  ];
  for (const [name, type] of expected) {
    const href = await menu.getByRole('link', { name, exact: true }).getAttribute('href');
    const res = await page.request.get(href!);
    expect(res.status(), name).toBe(200);
    expect(res.headers()['content-type'], name).toMatch(type);
    expect((await res.body()).length, name).toBeGreaterThan(100);
  }
  // The PDF comes as A4 landscape pages by default, as A3 or portrait pages, or as one
  // poster page; a layout that does not exist is refused with a reason.
  const pages = async () => {
    const href = await menu.getByRole('link', { name: 'PDF', exact: true }).getAttribute('href');
    const body = (await (await page.request.get(href!)).body()).toString('latin1');
    return { href: href!, pages: (body.match(/\/Type \/Page\b(?!s)/g) ?? []).length, box: body.match(/\/MediaBox \[([^\]]*)\]/)![1] };
  };
  let pdf = await pages();
  expect(pdf.href).toMatch(/paper=a4&orientation=landscape$/);
  expect(pdf.box).toBe('0 0 841.89 595.28');
  await menu.getByRole('combobox', { name: 'Orientation' }).selectOption('portrait');
  pdf = await pages();
  expect(pdf.href).toMatch(/paper=a4&orientation=portrait$/);
  expect(pdf.box).toBe('0 0 595.28 841.89');
  expect(pdf.pages).toBeGreaterThan(1);
  await menu.getByRole('combobox', { name: 'PDF paper' }).selectOption('poster');
  await expect(menu.getByRole('combobox', { name: 'Orientation' })).toBeDisabled();
  pdf = await pages();
  expect(pdf.pages).toBe(1);
  const bad = await page.request.get(pdf.href + '?paper=letter');
  expect(bad.status()).toBe(400);

  const download = page.waitForEvent('download');
  await menu.getByRole('link', { name: 'Jornada JSON' }).click();
  const file = await (await download).path();

  // The native export imports back as the same map.
  await page.goto('/');
  await hydrated(page);
  await page.getByLabel('Import file').setInputFiles(file!);
  await expect(page).toHaveURL(/\/maps\/[0-9a-f]+$/);
  await hydrated(page);
  await expect(cell(page, 'Purchase', 'Pain Points')).toContainText('Hidden Shipping Fees');
  for (const stage of ['Discovery', 'Research', 'Purchase', 'Onboarding']) {
    await expect(page.getByRole('columnheader', { name: new RegExp(`^${stage}`) })).toHaveCount(1);
  }
  await expect(page.getByRole('slider', { name: 'Jane Doe, First-time Homeowner — Purchase' })).toHaveAttribute('aria-valuenow', '-1');
});

test('a bad file is refused with a message that names the line, and nothing is imported', async ({ page }) => {
  await page.goto('/');
  await hydrated(page);
  await page.getByLabel('Import file').setInputFiles({
    name: 'bad.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('stage,lane,text,impact\nBooking,Opportunities,Online booking,7\n'),
  });
  await expect(page.getByRole('alert')).toHaveText('Line 2: a value cannot be used.');
  await page.getByLabel('Import file').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('just some notes') });
  await expect(page.getByRole('alert')).toContainText('Jornada cannot read this file.');
  await page.reload();
  await hydrated(page);
  await expect(page.getByRole('link', { name: 'CSV import' })).toHaveCount(0);
});

test('a personal API token from Settings opens the REST API until it is revoked', async ({ page }) => {
  await page.goto('/');
  await hydrated(page);
  await page.getByRole('navigation').getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { name: 'API tokens' })).toBeVisible();
  await hydrated(page);
  await page.getByLabel('Token name').fill('Spreadsheet sync');
  await page.getByRole('button', { name: 'Create token' }).click();
  const token = await page.getByLabel('New token').inputValue();
  expect(token).toMatch(/^jrn_[0-9a-f]{64}$/);
  await expect(page.getByRole('listitem').filter({ hasText: 'Spreadsheet sync' })).toContainText('never used');

  const doc = await page.request.get('/api/v1/openapi.json');
  expect((await doc.json()).openapi).toBe('3.1.0');
  expect((await page.request.get('/api/v1/maps')).status()).toBe(401);
  const maps = await page.request.get('/api/v1/maps', { headers: { Authorization: `Bearer ${token}` } });
  expect(maps.status()).toBe(200);
  expect(Array.isArray(await maps.json())).toBe(true);

  page.on('dialog', (d) => d.accept());
  await page.getByRole('button', { name: 'Revoke Spreadsheet sync' }).click();
  await expect(page.getByRole('listitem').filter({ hasText: 'Spreadsheet sync' })).toHaveCount(0);
  expect((await page.request.get('/api/v1/maps', { headers: { Authorization: `Bearer ${token}` } })).status()).toBe(401);
});
