import { test, expect } from '@playwright/test';
import { addCard, cell, createClinicMap, hydrated } from './helpers';

// Maps made from maps: duplicate a map, save one as a workspace template, make a map from
// the template, delete the template. Driven by the names a screen reader hears.
test('duplicate a map, save it as a template, make a map from it, delete the template', async ({ page }) => {
  const tag = Date.now().toString(36);
  const title = `Reuse clinic ${tag}`;
  await createClinicMap(page, title);
  await addCard(page, 'The procedure', 'Pain points', `Only in ${tag}`);

  // Duplicate: the copy is listed and has the card.
  await page.goto('/');
  await hydrated(page);
  const row = page.getByRole('listitem').filter({ has: page.getByRole('link', { name: new RegExp(`^${title}`) }) });
  await row.getByRole('button', { name: 'Duplicate map' }).click();
  const copyLink = page.getByRole('link', { name: new RegExp(`^Copy of ${title}`) });
  await expect(copyLink).toBeVisible();
  await copyLink.click();
  await expect(page.getByRole('grid', { name: `Copy of ${title}` })).toBeVisible();
  await hydrated(page);
  await expect(cell(page, 'The procedure', 'Pain points')).toContainText(`Only in ${tag}`);

  // Save the original as a template, named.
  await page.goto('/');
  await hydrated(page);
  await row.getByRole('button', { name: 'Save as template' }).click();
  await row.getByRole('textbox', { name: 'Template name' }).fill(`Monthly review ${tag}`);
  await row.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(row.getByRole('status')).toContainText(`Monthly review ${tag}`);

  // A new map from it has the stages, the personas' curves and the card.
  await page.getByRole('button', { name: 'New map' }).click();
  const choice = page.getByRole('radio', { name: new RegExp(`Monthly review ${tag}`) });
  await expect(page.getByRole('group', { name: "Your workspace's templates" })).toContainText('5 stages');
  await choice.check();
  await page.getByLabel('Title').fill(`From template ${tag}`);
  await page.getByRole('button', { name: 'Create' }).click();
  await expect(page.getByRole('grid', { name: `From template ${tag}` })).toBeVisible();
  await hydrated(page);
  await expect(cell(page, 'The procedure', 'Pain points')).toContainText(`Only in ${tag}`);
  await expect(page.getByRole('slider').first()).toBeVisible();

  // Delete the template: it is no longer offered.
  await page.goto('/');
  await hydrated(page);
  await page.getByRole('button', { name: 'New map' }).click();
  const saved = page.locator('.saved-template').filter({ hasText: `Monthly review ${tag}` });
  await saved.getByRole('button', { name: 'Delete template' }).click();
  await saved.getByRole('alertdialog', { name: 'Delete template' }).getByRole('button', { name: 'Delete template' }).click();
  await expect(page.getByRole('radio', { name: new RegExp(`Monthly review ${tag}`) })).toHaveCount(0);
});
